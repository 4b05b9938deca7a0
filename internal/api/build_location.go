package api

import (
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// addLocation maps one office to an HSDS location.
func (b *builder) addLocation(o *network.Office) {
	programs, topics := b.knownPrograms(o), b.knownTopics(o)
	terms := termIDsOf(topics, programs)
	appointment := o.AppointmentIn(b.lang)
	loc := Location{
		ID: o.ID, LocationType: "physical", OrganizationID: o.OrganisationID, Name: o.Name,
		Latitude: o.Lat, Longitude: o.Lon,
		Languages:     b.languages(sortedUnique(o.Languages), "", o.ID),
		Addresses:     []Address{address(o)},
		Accessibility: b.accessibility(o),
		Schedules:     schedules(o.ID, o.Hours.Weekly),
		Attributes:    b.attributes("location", o.ID, terms),
		Ext: LocationExt{
			Status: string(o.Status), DistrictAGS: o.DistrictAGS, DistrictName: o.DistrictName,
			RegionID: o.RegionID, RegionName: o.RegionName, Website: o.Website,
			OnlineCounseling: o.OnlineCounseling, StepFree: o.StepFree,
			AccessibleToilet: o.AccessibleToilet, HearingLoop: o.HearingLoop,
			ByAppointment: o.Hours.ByAppointment, AppointmentInfo: appointment.Text,
			AppointmentInfoLanguage: appointment.Lang, Translations: locationTexts(o),
			OpenOnHolidays: o.Hours.OpenOnHolidays, HoursExceptions: exceptions(o.Hours.Exceptions),
			Timezone: "Europe/Berlin", Programs: programs, Topics: topics,
			UpdatedAt: formatTime(o.UpdatedAt),
		},
	}
	if o.Phone != "" {
		loc.Phones = []Phone{{ID: derivedID("phone", "location", o.ID), LocationID: o.ID, Number: o.Phone, Type: "voice"}}
	}
	if o.Email != "" {
		loc.Contacts = []Contact{{ID: derivedID("contact", "location", o.ID), LocationID: o.ID, Email: o.Email}}
	}
	org := b.orgs[o.OrganisationID]
	b.m.locations.add(o.ID, loc, meta{
		text:  lower(o.Name + " " + o.City + " " + o.Postcode + " " + org.Name),
		terms: terms, orgID: o.OrganisationID, updated: o.UpdatedAt,
		lat: o.Lat, lon: o.Lon, hasGeo: o.Lat != 0 || o.Lon != 0,
	})
}

func address(o *network.Office) Address {
	return Address{ID: derivedID("address", o.ID), LocationID: o.ID, Address1: o.Street,
		City: o.City, Region: o.DistrictName, StateProvince: "Niedersachsen",
		PostalCode: o.Postcode, Country: "DE", AddressType: "physical"}
}

// languages maps ISO 639 codes to HSDS language objects of a service or a
// location, named in the model's language.
func (b *builder) languages(codes []string, serviceID, locationID string) []Language {
	out := make([]Language, 0, len(codes))
	for _, c := range codes {
		if c == "" {
			continue
		}
		out = append(out, Language{ID: derivedID("language", serviceID, locationID, c),
			ServiceID: serviceID, LocationID: locationID, Name: languageName(b.lang, c), Code: c})
	}
	return out
}

// accessibility lists the office's accessibility features, described in
// the model's language.
func (b *builder) accessibility(o *network.Office) []Accessibility {
	features := []struct {
		on       bool
		key, def string
	}{
		{o.StepFree, "office.step_free", "Stufenloser Zugang"},
		{o.AccessibleToilet, "office.accessible_toilet", "Barrierefreies WC"},
		{o.HearingLoop, "office.hearing_loop", "Induktionsschleife"},
	}
	var out []Accessibility
	for _, f := range features {
		if f.on {
			out = append(out, Accessibility{ID: derivedID("accessibility", o.ID, f.key),
				LocationID: o.ID, Description: b.tx.label(b.lang, f.key, f.def)})
		}
	}
	return out
}

// byday are the RFC 5545 day codes, Monday first as in hours.Weekly.
var byday = [7]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// schedules turns the weekly hours into one WEEKLY rule per distinct
// interval, listing every day that has it: Mon–Fri 09:00–12:00 becomes
// byday "MO,TU,WE,TH,FR", opens_at "09:00", closes_at "12:00".
func schedules(locationID string, w hours.Weekly) []Schedule {
	type span struct{ from, to hours.Clock }
	var order []span
	days := map[span][]string{}
	for d, ivs := range w {
		sorted := slices.Clone(ivs)
		slices.SortFunc(sorted, func(a, c hours.Interval) int { return int(a.From - c.From) })
		for _, iv := range sorted {
			if iv.From < 0 || iv.To > hours.Midnight || iv.To <= iv.From {
				continue // invalid hours are left out, as in hours.IntervalsOn
			}
			s := span{iv.From, iv.To}
			if _, seen := days[s]; !seen {
				order = append(order, s)
			}
			if l := days[s]; len(l) == 0 || l[len(l)-1] != byday[d] {
				days[s] = append(l, byday[d])
			}
		}
	}
	slices.SortStableFunc(order, func(a, c span) int {
		if a.from != c.from {
			return int(a.from - c.from)
		}
		return int(a.to - c.to)
	})
	out := make([]Schedule, 0, len(order))
	for _, s := range order {
		out = append(out, Schedule{ID: derivedID("schedule", locationID, s.from.String(), s.to.String()),
			LocationID: locationID, Freq: "WEEKLY", Wkst: "MO", Byday: joinComma(days[s]),
			OpensAt: s.from.String(), ClosesAt: s.to.String()})
	}
	return out
}

func joinComma(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func exceptions(ex []hours.Exception) []HourException {
	out := make([]HourException, 0, len(ex))
	for _, e := range ex {
		h := HourException{Date: e.Date, Closed: e.Closed || len(e.Intervals) == 0, Note: e.Note}
		if !h.Closed {
			for _, iv := range e.Intervals {
				h.Intervals = append(h.Intervals, iv.String())
			}
		}
		out = append(out, h)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
