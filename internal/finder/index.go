package finder

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// index is a snapshot prepared for searching: per office the position and
// its languages, programs and topics as small integer ids, so the hot loop
// compares numbers and never allocates.
type index struct {
	snap            *Snapshot
	registryVersion string // what VersionQuery said when this was built
	entries         []entry
	points          []point // office positions, apart from entries for a tight scan
	byID            map[string]int

	langs, programs, topics map[string]uint16
	// ages holds min/max age per program id (-1: no bound); programs that
	// offices name but the program table lacks admit any age.
	ages [][2]int

	clock atomic.Pointer[minuteCache]
}

// point is a position as a unit vector: the straight-line (chord)
// distance between two of them grows with the great-circle distance, so
// the scan compares and ranks without any trigonometry.
type point struct{ x, y, z float64 }

func pointOf(lat, lon float64) point {
	const rad = math.Pi / 180
	sl, cl := math.Sincos(lat * rad)
	so, co := math.Sincos(lon * rad)
	return point{cl * co, cl * so, sl}
}

// chord2 is the squared chord length between two unit vectors.
func chord2(a, b point) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}

// maxChord2 is the squared chord of a great-circle distance of km.
func maxChord2(km float64) float64 {
	c := 2 * math.Sin(min(km/geo.EarthRadiusKm, math.Pi)/2)
	return c * c
}

// entry is one office as the search loop sees it.
type entry struct {
	langs, programs, topics []uint16
	online, stepFree        bool
	// neverOpens is true for schedules without any hours (appointment only).
	neverOpens bool
}

// buildIndex orders the offices by name (then id, so equal distances rank
// the same on every engine) and precomputes the search entries.
func buildIndex(snap *Snapshot, registryVersion string) *index {
	slices.SortStableFunc(snap.Offices, func(a, b network.Office) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	ix := &index{
		snap: snap, registryVersion: registryVersion,
		entries: make([]entry, len(snap.Offices)), points: make([]point, len(snap.Offices)), byID: make(map[string]int, len(snap.Offices)),
		langs: map[string]uint16{}, programs: map[string]uint16{}, topics: map[string]uint16{},
	}
	for _, p := range snap.Programs {
		id := intern(ix.programs, p.ID)
		ix.setAge(id, p.MinAge, p.MaxAge)
	}
	for i := range snap.Offices {
		o := &snap.Offices[i]
		ix.byID[o.ID] = i
		ix.points[i] = pointOf(o.Lat, o.Lon)
		ix.entries[i] = entry{
			langs:      internAll(ix.langs, o.Languages),
			programs:   internAll(ix.programs, o.Programs),
			topics:     internAll(ix.topics, o.Topics),
			online:     o.OnlineCounseling,
			stepFree:   o.StepFree,
			neverOpens: neverOpens(o.Hours),
		}
	}
	for len(ix.ages) < len(ix.programs) {
		ix.ages = append(ix.ages, [2]int{-1, -1})
	}
	snap.Version = fingerprint(snap, registryVersion)
	return ix
}

func (ix *index) setAge(id uint16, lo, hi *int) {
	for len(ix.ages) <= int(id) {
		ix.ages = append(ix.ages, [2]int{-1, -1})
	}
	if lo != nil {
		ix.ages[id][0] = *lo
	}
	if hi != nil {
		ix.ages[id][1] = *hi
	}
}

func intern(m map[string]uint16, code string) uint16 {
	id, ok := m[code]
	if !ok {
		id = uint16(len(m))
		m[code] = id
	}
	return id
}

func internAll(m map[string]uint16, codes []string) []uint16 {
	out := make([]uint16, len(codes))
	for i, c := range codes {
		out[i] = intern(m, c)
	}
	return out
}

func neverOpens(s hours.Schedule) bool {
	if !s.Weekly.Empty() {
		return false
	}
	for _, ex := range s.Exceptions {
		if !ex.Closed && len(ex.Intervals) > 0 {
			return false
		}
	}
	return true
}

// fingerprint hashes what the public pages show a change of: every
// office's and organisation's id and last change, the programs and topics.
func fingerprint(snap *Snapshot, registryVersion string) string {
	h := fnv.New64a()
	var buf [8]byte
	str := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	num := func(n int64) { binary.LittleEndian.PutUint64(buf[:], uint64(n)); h.Write(buf[:]) }
	str(registryVersion)
	for _, o := range snap.Offices {
		str(o.ID)
		str(string(o.Status))
		num(o.UpdatedAt.UnixNano())
	}
	for _, o := range snap.Organisations {
		str(o.ID)
		num(o.UpdatedAt.UnixNano())
	}
	for _, p := range snap.Programs {
		str(p.ID)
		for _, a := range []*int{p.MinAge, p.MaxAge} {
			if a != nil {
				num(int64(*a))
			} else {
				num(-1)
			}
		}
		for _, lang := range slices.Sorted(maps.Keys(p.Texts)) {
			str(lang)
			str(p.Texts[lang].Name)
			str(p.Texts[lang].Description)
		}
	}
	for _, t := range snap.Topics {
		str(t)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// minuteCache holds opening states for one minute, filled lazily: asking
// every office's hours on each search would cost more than the rest of
// the search, and the answers only change from minute to minute.
type minuteCache struct {
	minute int64
	at     time.Time
	open   []atomic.Uint32 // 0 not yet known, 1 closed, 2 open
	status []atomic.Pointer[hours.Status]
	// anyChange is when the first office changes state (see nextChange).
	anyChangeOnce sync.Once
	anyChange     time.Time
}

// at returns the cache for the minute of now.
func (ix *index) at(now time.Time) *minuteCache {
	t := now.Truncate(time.Minute)
	m := t.Unix() / 60
	c := ix.clock.Load()
	if c != nil && c.minute == m {
		return c
	}
	n := &minuteCache{minute: m, at: t, open: make([]atomic.Uint32, len(ix.entries)),
		status: make([]atomic.Pointer[hours.Status], len(ix.entries))}
	if ix.clock.CompareAndSwap(c, n) {
		return n
	}
	if c = ix.clock.Load(); c != nil && c.minute == m {
		return c
	}
	return n
}

// isOpen reports whether office i is open in the cached minute.
func (ix *index) isOpen(c *minuteCache, i int) bool {
	switch c.open[i].Load() {
	case 1:
		return false
	case 2:
		return true
	}
	open := false
	if !ix.entries[i].neverOpens {
		open, _ = ix.snap.Offices[i].Hours.OpenAt(c.at)
	}
	if open {
		c.open[i].Store(2)
	} else {
		c.open[i].Store(1)
	}
	return open
}

// status returns the opening status of office i in the cached minute.
func (ix *index) status(c *minuteCache, i int) hours.Status {
	if st := c.status[i].Load(); st != nil {
		return *st
	}
	var st hours.Status
	if !ix.entries[i].neverOpens {
		st = ix.snap.Offices[i].Hours.Status(c.at)
	}
	c.status[i].Store(&st)
	return st
}

// nextChange returns when the opening state of any office next changes
// after the cached minute, at the latest the next midnight. A list
// filtered on "open now" stays true until then. It is computed once per
// minute, on first need.
func (ix *index) nextChange(c *minuteCache) time.Time {
	c.anyChangeOnce.Do(func() {
		next := hours.NextMidnight(c.at)
		for i := range ix.entries {
			if t, ok := ix.status(c, i).ChangeAfter(c.at); ok && t.Before(next) {
				next = t
			}
		}
		c.anyChange = next
	})
	return c.anyChange
}
