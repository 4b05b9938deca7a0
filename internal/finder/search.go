package finder

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// filter is a query compiled against one index: codes are index ids, with
// noID for "not filtered" and missingID for a code no office has.
type filter struct {
	lang, program, topic int
	ageOK                []bool // per program id; nil without an age
	online, stepFree     bool
	openNow              bool
}

const (
	noID      = -1
	missingID = -2
)

func (ix *index) compile(q Query) filter {
	f := filter{
		lang: lookupID(ix.langs, q.Language), program: lookupID(ix.programs, q.Program),
		topic: lookupID(ix.topics, q.Topic), online: q.Online, stepFree: q.StepFree, openNow: q.OpenNow,
	}
	if q.Age != nil {
		f.ageOK = make([]bool, len(ix.ages))
		for id, a := range ix.ages {
			f.ageOK[id] = (a[0] < 0 || *q.Age >= a[0]) && (a[1] < 0 || *q.Age <= a[1])
		}
	}
	return f
}

func lookupID(m map[string]uint16, code string) int {
	if code == "" {
		return noID
	}
	if id, ok := m[code]; ok {
		return int(id)
	}
	return missingID
}

// matches applies the cheap filters (everything but distance and hours).
func (f *filter) matches(e *entry) bool {
	return (!f.online || e.online) && (!f.stepFree || e.stepFree) &&
		has(e.langs, f.lang) && has(e.programs, f.program) && has(e.topics, f.topic) && f.admitsAge(e)
}

func has(ids []uint16, id int) bool {
	if id == noID {
		return true
	}
	for _, x := range ids {
		if int(x) == id {
			return true
		}
	}
	return false
}

// admitsAge: an office fits an age when one of its programs admits it;
// an office without programs fits every age.
func (f *filter) admitsAge(e *entry) bool {
	if f.ageOK == nil || len(e.programs) == 0 {
		return true
	}
	for _, p := range e.programs {
		if f.ageOK[p] {
			return true
		}
	}
	return false
}

// A hit is a matching office as one sortable number: the squared chord
// distance as float32 bits (which order like the values) in the high half,
// the office's position in name order in the low half. Sorting hits ranks
// by distance, equal distances by name, without a comparison function.
type hit uint64

func makeHit(c2 float64, i int) hit {
	return hit(uint64(math.Float32bits(float32(c2)))<<32 | uint64(uint32(i)))
}

func (h hit) office() int { return int(uint32(h)) }

var hitPool = sync.Pool{New: func() any { s := make([]hit, 0, 1024); return &s }}

// Search finds the offices matching q around its origin, nearest first
// (equal distances by name), one page of PerPage. A text that is no known
// place gives *UnknownPlaceError (Text "" when neither text nor location
// was given). Search reads only the in-memory snapshot.
func (f *Finder) Search(ctx context.Context, q Query) (Results, error) {
	q = clampQuery(q)
	org, err := f.origin(q)
	if err != nil {
		return Results{}, err
	}
	ix, err := f.index(ctx)
	if err != nil {
		return Results{}, err
	}
	flt := ix.compile(q)
	clock := ix.at(f.clock.Now())
	bufp := hitPool.Get().(*[]hit)
	hits := ix.scan(&flt, org, float64(q.RadiusKm), clock, (*bufp)[:0])
	res := Results{Origin: org, Total: len(hits), Page: q.Page, Pages: (len(hits) + PerPage - 1) / PerPage}
	if from := (q.Page - 1) * PerPage; from < len(hits) {
		page := firstSorted(hits, from+PerPage)[from:]
		res.Items = make([]Result, len(page))
		for i, h := range page {
			res.Items[i] = ix.result(h.office(), org, q, clock)
		}
	}
	res.ValidUntil = validUntil(ix, clock, q, res.Items)
	*bufp = hits[:0]
	hitPool.Put(bufp)
	return res, nil
}

// scan appends every office within radius that passes the filters.
func (ix *index) scan(flt *filter, org Origin, radius float64, clock *minuteCache, out []hit) []hit {
	if flt.lang == missingID || flt.program == missingID || flt.topic == missingID {
		return out
	}
	o, reach := pointOf(org.Lat, org.Lon), maxChord2(radius)
	for i, p := range ix.points {
		c2 := chord2(o, p)
		if c2 > reach || !flt.matches(&ix.entries[i]) || (flt.openNow && !ix.isOpen(clock, i)) {
			continue
		}
		out = append(out, makeHit(c2, i))
	}
	return out
}

// firstSorted puts the n smallest hits, sorted, at the front of hits and
// returns them. For an early page it keeps a bounded max-heap instead of
// sorting everything.
func firstSorted(hits []hit, n int) []hit {
	if n >= len(hits) || n > len(hits)/4 {
		slices.Sort(hits)
		return hits[:min(n, len(hits))]
	}
	heap := hits[:n] // hits[:n] as a max-heap; later hits replace its top
	for i := n/2 - 1; i >= 0; i-- {
		siftDown(heap, i)
	}
	for _, h := range hits[n:] {
		if h < heap[0] {
			heap[0] = h
			siftDown(heap, 0)
		}
	}
	slices.Sort(heap)
	return heap
}

func siftDown(h []hit, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1] > h[c] {
			c++
		}
		if h[i] >= h[c] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// clampQuery keeps a query built in code (not by ParseQuery) within bounds.
func clampQuery(q Query) Query {
	if q.RadiusKm <= 0 {
		q.RadiusKm = DefaultRadiusKm
	}
	q.RadiusKm = min(q.RadiusKm, MaxRadiusKm)
	q.Page = max(1, min(q.Page, MaxPage))
	if len(q.Text) > 4*MaxTextLen {
		q.Text = q.Text[:4*MaxTextLen]
	}
	return q
}

// validUntil is when a page of these results could first read differently
// with the same registry: an office shown opens or closes, the day changes
// ("today" becomes a weekday), or, with the "open now" filter, any office
// opens or closes.
func validUntil(ix *index, clock *minuteCache, q Query, items []Result) time.Time {
	until := hours.NextMidnight(clock.at)
	if q.OpenNow {
		until = ix.nextChange(clock)
	}
	for _, it := range items {
		if t, ok := it.Status.ChangeAfter(clock.at); ok && t.Before(until) {
			until = t
		}
	}
	return until
}
