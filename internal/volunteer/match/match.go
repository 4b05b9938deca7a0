// Package match proposes volunteer language mediators for an appointment
// (issue 18, first part): which confirmed volunteers can take it, in what
// order, and – when nobody can – whether the language itself is missing
// (an unmet language need, counted for the statistics) or only everybody
// who speaks it is unavailable. It is pure: the volunteer store gives it
// candidates and stores what is chosen.
package match

import (
	"cmp"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

// Need is what a counselor asks for: never who the client is.
type Need struct {
	Language, Dialect string
	// Start and End are the appointment's time (End after Start).
	Start, End time.Time
	// Remote appointments (phone, video) need no travel.
	Remote bool
	// Lat, Lon is the place of an appointment in person.
	Lat, Lon float64
	// Gender is the client's preference ("" for none).
	Gender string
	// Conflicts are volunteers flagged with a conflict of interest for
	// this request (they know the client, work for the other side, …).
	Conflicts []string
}

// Skill is a language a volunteer mediates, with its dialects and a
// level from 1 (basic) to 5 (native).
type Skill struct {
	Language string
	Dialects []string
	Level    int
}

// Slot is a weekly time a volunteer is available, in minutes after
// midnight (local time of the location given to Propose).
type Slot struct {
	Weekday    time.Weekday
	From, Till int
}

// Interval is a time a volunteer is already booked.
type Interval struct{ Start, End time.Time }

// Candidate is a volunteer as the matching sees them.
type Candidate struct {
	ID        string
	Confirmed bool
	// DocumentsValid is false while a required document has expired: no
	// new assignments until it is renewed.
	DocumentsValid bool
	Skills         []Skill
	Gender         string
	Lat, Lon       float64
	// MaxKm is how far they travel to an appointment in person (0: any).
	MaxKm     float64
	Available []Slot
	Booked    []Interval
	// Recent counts their assignments of the last 30 days: the fewer,
	// the earlier they are asked (fair rotation).
	Recent int
}

// Proposal is a candidate who can take the need, best first.
type Proposal struct {
	ID         string
	Dialect    bool // speaks the dialect asked for
	Level      int
	DistanceKm float64 // 0 for remote needs
}

// Why counts the candidates who speak the language but cannot take the
// need, by reason (for the coordinator, and to tell an unmet language
// need from a busy week).
type Why struct {
	Speakers                                                            int
	Unconfirmed, Expired, Booked, Unavailable, TooFar, Gender, Conflict int
}

// Unmet reports whether nobody confirmed speaks the language at all.
func (w Why) Unmet() bool { return w.Speakers == w.Unconfirmed }

// Propose lists the candidates who can take n, best first (dialect, then
// level, then fewest recent assignments, then distance, then id), at most
// limit (0: all), and why the others who speak the language cannot. loc
// is the time zone of the availability slots.
func Propose(n Need, cs []Candidate, limit int, loc *time.Location) ([]Proposal, Why) {
	var out []Proposal
	var why Why
	recent := map[string]int{}
	for _, c := range cs {
		skill, ok := skillFor(c, n.Language)
		if !ok {
			continue
		}
		why.Speakers++
		p, reason := fits(n, c, skill, loc)
		if reason != nil {
			*reason(&why)++
			continue
		}
		recent[c.ID] = c.Recent
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Proposal) int {
		return cmp.Or(-compareBool(a.Dialect, b.Dialect), cmp.Compare(b.Level, a.Level), cmp.Compare(recent[a.ID], recent[b.ID]),
			cmp.Compare(a.DistanceKm, b.DistanceKm), cmp.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, why
}

// fits decides whether c can take n: the proposal, or the counter of the
// first reason why not.
func fits(n Need, c Candidate, s Skill, loc *time.Location) (Proposal, func(*Why) *int) {
	p := Proposal{ID: c.ID, Dialect: n.Dialect != "" && slices.Contains(s.Dialects, n.Dialect), Level: s.Level}
	switch {
	case !c.Confirmed:
		return p, func(w *Why) *int { return &w.Unconfirmed }
	case !c.DocumentsValid:
		return p, func(w *Why) *int { return &w.Expired }
	case slices.Contains(n.Conflicts, c.ID):
		return p, func(w *Why) *int { return &w.Conflict }
	case n.Gender != "" && c.Gender != n.Gender:
		return p, func(w *Why) *int { return &w.Gender }
	case booked(c, n):
		return p, func(w *Why) *int { return &w.Booked }
	case !available(c, n, loc):
		return p, func(w *Why) *int { return &w.Unavailable }
	}
	if !n.Remote {
		p.DistanceKm = geo.DistanceKm(n.Lat, n.Lon, c.Lat, c.Lon)
		if c.MaxKm > 0 && p.DistanceKm > c.MaxKm {
			return p, func(w *Why) *int { return &w.TooFar }
		}
	}
	return p, nil
}

func skillFor(c Candidate, language string) (Skill, bool) {
	for _, s := range c.Skills {
		if s.Language == language {
			return s, true
		}
	}
	return Skill{}, false
}

// booked reports whether an assignment of c overlaps the need (a
// double booking).
func booked(c Candidate, n Need) bool {
	for _, b := range c.Booked {
		if b.Start.Before(n.End) && n.Start.Before(b.End) {
			return true
		}
	}
	return false
}

// available reports whether one weekly slot of c holds the whole
// appointment (which must lie within one day).
func available(c Candidate, n Need, loc *time.Location) bool {
	start, end := n.Start.In(loc), n.End.In(loc)
	if start.YearDay() != end.YearDay() || start.Year() != end.Year() {
		return false
	}
	from, till := start.Hour()*60+start.Minute(), end.Hour()*60+end.Minute()
	for _, s := range c.Available {
		if s.Weekday == start.Weekday() && s.From <= from && till <= s.Till {
			return true
		}
	}
	return false
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
