package finder

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

// kmPerDegree is the length of one degree of latitude (and of longitude
// at the equator) on the mean Earth sphere.
const kmPerDegree = geo.EarthRadiusKm * math.Pi / 180

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

// hit is a matching office and its distance.
type hit struct {
	km  float64
	idx int32
}

var hitPool = sync.Pool{New: func() any { s := make([]hit, 0, 256); return &s }}

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
	clock := ix.at(f.now())
	bufp := hitPool.Get().(*[]hit)
	hits := ix.scan(&flt, org, float64(q.RadiusKm), clock, (*bufp)[:0])
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.km, b.km), cmp.Compare(a.idx, b.idx)) })
	res := Results{Origin: org, Total: len(hits), Page: q.Page, Pages: (len(hits) + PerPage - 1) / PerPage}
	if from := (q.Page - 1) * PerPage; from < len(hits) {
		page := hits[from:min(from+PerPage, len(hits))]
		res.Items = make([]Result, len(page))
		for i, h := range page {
			res.Items[i] = ix.result(h, q, clock)
		}
	}
	*bufp = hits[:0]
	hitPool.Put(bufp)
	return res, nil
}

// scan appends every office within radius that passes the filters. A flat
// (equirectangular) distance with a margin discards the far ones cheaply;
// the great-circle distance decides and is what the results show.
func (ix *index) scan(flt *filter, org Origin, radius float64, clock *minuteCache, out []hit) []hit {
	if flt.lang == missingID || flt.program == missingID || flt.topic == missingID {
		return out
	}
	kx := kmPerDegree * math.Cos(org.Lat*math.Pi/180)
	reach := radius*1.05 + 1
	reach2 := reach * reach
	for i := range ix.entries {
		e := &ix.entries[i]
		dx, dy := (e.lon-org.Lon)*kx, (e.lat-org.Lat)*kmPerDegree
		if dx*dx+dy*dy > reach2 || !flt.matches(e) {
			continue
		}
		km := geo.DistanceKm(org.Lat, org.Lon, e.lat, e.lon)
		if km > radius || (flt.openNow && !ix.isOpen(clock, i)) {
			continue
		}
		out = append(out, hit{km: km, idx: int32(i)})
	}
	return out
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
