package network

import (
	"context"
	"fmt"
	"time"
)

// Gap is a kind of missing or stale registry data of an office: what the
// public finder then cannot show, so what a coordinator follows up first.
type Gap string

// The gaps, in the order a coordinator follows them up.
const (
	GapNoHours     Gap = "no_hours"     // no weekly hours and not "by appointment"
	GapNoContact   Gap = "no_contact"   // neither phone nor e-mail
	GapNoLanguages Gap = "no_languages" // no counseling language recorded
	GapNoPrograms  Gap = "no_programs"  // no program recorded
	GapStale       Gap = "stale"        // not changed for StaleAfter
)

// Gaps lists every gap kind.
var Gaps = []Gap{GapNoHours, GapNoContact, GapNoLanguages, GapNoPrograms, GapStale}

// StaleAfter is how long an office's entry may go unchanged before it is
// worth a look: the finder promises current hours.
const StaleAfter = 365 * 24 * time.Hour

// GapOffice is an office with a gap, for a link to its edit page.
type GapOffice struct {
	ID, Name string
}

// GapReport counts the active offices with each gap in a region (or the
// whole state) and names the first of each, by name.
type GapReport struct {
	Offices int // active offices looked at
	Counts  map[Gap]int
	First   map[Gap][]GapOffice
}

// DataGaps reports the gaps of the active offices of region (every region
// when ""), naming up to name offices per gap (all when name < 0).
// Temporarily closed and closed offices are left out: they are not shown
// as open anyway.
func (s *Store) DataGaps(ctx context.Context, region string, name int) (GapReport, error) {
	rep := GapReport{Counts: map[Gap]int{}, First: map[Gap][]GapOffice{}}
	f := OfficeFilter{RegionID: region, Status: Active}
	stale := s.now().Add(-StaleAfter)
	err := s.EachOffice(ctx, f, func(o Office) error {
		rep.Offices++
		for _, g := range o.gaps(stale) {
			rep.Counts[g]++
			if name < 0 || len(rep.First[g]) < name {
				rep.First[g] = append(rep.First[g], GapOffice{ID: o.ID, Name: o.Name})
			}
		}
		return nil
	})
	if err != nil {
		return GapReport{}, fmt.Errorf("network: data gaps: %w", err)
	}
	return rep, nil
}

// gaps lists the office's gaps; stale is the oldest change that is not.
func (o Office) gaps(stale time.Time) []Gap {
	var out []Gap
	if !o.Hours.ByAppointment && o.Hours.Weekly.Empty() {
		out = append(out, GapNoHours)
	}
	if o.Phone == "" && o.Email == "" {
		out = append(out, GapNoContact)
	}
	if len(o.Languages) == 0 {
		out = append(out, GapNoLanguages)
	}
	if len(o.Programs) == 0 {
		out = append(out, GapNoPrograms)
	}
	if o.UpdatedAt.Before(stale) {
		out = append(out, GapStale)
	}
	return out
}
