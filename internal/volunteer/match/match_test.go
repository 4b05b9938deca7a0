package match_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer/match"
)

var berlin = clock.Berlin()

// at is a time on Monday 14 December 2026 in Berlin.
func at(hour, minute int) time.Time { return time.Date(2026, 12, 14, hour, minute, 0, 0, berlin) }

// Hannover and places around it.
const (
	hannoverLat, hannoverLon = 52.3759, 9.7320
	celleLat, celleLon       = 52.6226, 10.0805 // ≈ 37 km
	goettingenLat, gLon      = 51.5413, 9.9158  // ≈ 94 km
)

// mediator is a confirmed Ukrainian speaker in Hannover, free on Mondays
// 9–17, with valid documents.
func mediator(id string, edit func(c *match.Candidate)) match.Candidate {
	c := match.Candidate{ID: id, Confirmed: true, DocumentsValid: true, Gender: "female", Lat: hannoverLat, Lon: hannoverLon,
		Skills:    []match.Skill{{Language: "uk", Level: 4}},
		Available: []match.Slot{{Weekday: time.Monday, From: 9 * 60, Till: 17 * 60}}}
	if edit != nil {
		edit(&c)
	}
	return c
}

// need is a Ukrainian appointment in Hannover on Monday 10:00–11:00.
func need(edit func(n *match.Need)) match.Need {
	n := match.Need{Language: "uk", Start: at(10, 0), End: at(11, 0), Lat: hannoverLat, Lon: hannoverLon}
	if edit != nil {
		edit(&n)
	}
	return n
}

func ids(ps []match.Proposal) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestPropose(t *testing.T) {
	cases := []struct {
		name  string
		need  match.Need
		cands []match.Candidate
		limit int
		want  []string
		why   match.Why
		unmet bool
	}{
		{"one who fits", need(nil), []match.Candidate{mediator("a", nil)}, 0, []string{"a"}, match.Why{Speakers: 1}, false},
		{"nobody speaks the language: unmet need", need(func(n *match.Need) { n.Language = "ti" }),
			[]match.Candidate{mediator("a", nil)}, 0, nil, match.Why{}, true},
		{"only unconfirmed speakers: still unmet", need(nil),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.Confirmed = false })}, 0, nil,
			match.Why{Speakers: 1, Unconfirmed: 1}, true},
		{"expired document: no new assignment", need(nil),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.DocumentsValid = false })}, 0, nil,
			match.Why{Speakers: 1, Expired: 1}, false},
		{"double booking refused (overlap by 15 minutes)", need(nil),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.Booked = []match.Interval{{at(10, 45), at(12, 0)}} })}, 0, nil,
			match.Why{Speakers: 1, Booked: 1}, false},
		{"back to back is no double booking", need(nil),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.Booked = []match.Interval{{at(9, 0), at(10, 0)}} })}, 0,
			[]string{"a"}, match.Why{Speakers: 1}, false},
		{"outside the weekly slot", need(func(n *match.Need) { n.Start, n.End = at(16, 30), at(17, 30) }),
			[]match.Candidate{mediator("a", nil)}, 0, nil, match.Why{Speakers: 1, Unavailable: 1}, false},
		{"too far for an appointment in person", need(func(n *match.Need) { n.Lat, n.Lon = goettingenLat, gLon }),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.MaxKm = 50 })}, 0, nil, match.Why{Speakers: 1, TooFar: 1}, false},
		{"distance does not matter by phone", need(func(n *match.Need) { n.Lat, n.Lon, n.Remote = goettingenLat, gLon, true }),
			[]match.Candidate{mediator("a", func(c *match.Candidate) { c.MaxKm = 50 })}, 0, []string{"a"}, match.Why{Speakers: 1}, false},
		{"gender preference", need(func(n *match.Need) { n.Gender = "male" }),
			[]match.Candidate{mediator("a", nil), mediator("b", func(c *match.Candidate) { c.Gender = "male" })}, 0,
			[]string{"b"}, match.Why{Speakers: 2, Gender: 1}, false},
		{"conflict of interest flagged", need(func(n *match.Need) { n.Conflicts = []string{"a"} }),
			[]match.Candidate{mediator("a", nil), mediator("b", nil)}, 0, []string{"b"}, match.Why{Speakers: 2, Conflict: 1}, false},
		{"dialect first, then level, then rotation, then distance, then id",
			need(func(n *match.Need) { n.Dialect = "surzhyk" }),
			[]match.Candidate{
				mediator("e", func(c *match.Candidate) { c.Lat, c.Lon = celleLat, celleLon }),
				mediator("d", nil),
				mediator("c", func(c *match.Candidate) { c.Recent = 3 }),
				mediator("b", func(c *match.Candidate) { c.Skills[0].Level = 5 }),
				mediator("a", func(c *match.Candidate) { c.Skills[0].Dialects = []string{"surzhyk"}; c.Skills[0].Level = 2 }),
				mediator("f", nil),
			}, 0, []string{"a", "b", "d", "f", "e", "c"}, match.Why{Speakers: 6}, false},
		{"limit", need(nil), []match.Candidate{mediator("b", nil), mediator("a", nil), mediator("c", nil)}, 2,
			[]string{"a", "b"}, match.Why{Speakers: 3}, false},
		{"over midnight is refused", need(func(n *match.Need) { n.Start, n.End = at(23, 0), at(23, 0).Add(2*time.Hour) }),
			[]match.Candidate{mediator("a", func(c *match.Candidate) {
				c.Available = append(c.Available, match.Slot{Weekday: time.Monday, From: 0, Till: 24 * 60})
			})}, 0, nil, match.Why{Speakers: 1, Unavailable: 1}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why := match.Propose(c.need, c.cands, c.limit, berlin)
			if !slices.Equal(ids(got), c.want) {
				t.Errorf("proposed %v, want %v", ids(got), c.want)
			}
			if why != c.why || why.Unmet() != c.unmet {
				t.Errorf("why %+v (unmet %v), want %+v (unmet %v)", why, why.Unmet(), c.why, c.unmet)
			}
		})
	}
}

// TestProposeDistance: the proposal says how far the volunteer travels.
func TestProposeDistance(t *testing.T) {
	got, _ := match.Propose(need(nil), []match.Candidate{mediator("a", func(c *match.Candidate) { c.Lat, c.Lon = celleLat, celleLon })}, 0, berlin)
	if len(got) != 1 || got[0].DistanceKm < 30 || got[0].DistanceKm > 40 {
		t.Fatalf("Celle to Hannover: %+v, want about 35 km", got)
	}
}
