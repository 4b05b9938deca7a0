package hours

import (
	"slices"
	"time"
)

// Holiday is a statutory public holiday in Lower Saxony.
type Holiday struct {
	Date string // "2006-01-02"
	Name string // German name, e.g. "Karfreitag"
	Key  string // i18n message id, e.g. "holiday.good_friday"
}

// holidayRule places a holiday either on a fixed day or relative to Easter
// Sunday (when month is 0), from the year it became law.
type holidayRule struct {
	month, day   int
	easterOffset int
	since        int
	name, key    string
}

// rules are the public holidays of Lower Saxony (Niedersächsisches Gesetz
// über die Feiertage). Reformationstag is statutory since 2018; in 2017 it
// was a one-off holiday in all of Germany.
var rules = []holidayRule{
	{month: 1, day: 1, name: "Neujahr", key: "holiday.new_year"},
	{easterOffset: -2, name: "Karfreitag", key: "holiday.good_friday"},
	{easterOffset: 1, name: "Ostermontag", key: "holiday.easter_monday"},
	{month: 5, day: 1, name: "Tag der Arbeit", key: "holiday.labour_day"},
	{easterOffset: 39, name: "Christi Himmelfahrt", key: "holiday.ascension_day"},
	{easterOffset: 50, name: "Pfingstmontag", key: "holiday.whit_monday"},
	{month: 10, day: 3, since: 1990, name: "Tag der Deutschen Einheit", key: "holiday.german_unity_day"},
	{month: 10, day: 31, since: 2017, name: "Reformationstag", key: "holiday.reformation_day"},
	{month: 12, day: 25, name: "1. Weihnachtstag", key: "holiday.christmas_day"},
	{month: 12, day: 26, name: "2. Weihnachtstag", key: "holiday.second_christmas_day"},
}

// on returns the date of r in year, given that year's Easter Sunday.
func (r holidayRule) on(year int, easter Date) (Date, bool) {
	if year < r.since {
		return Date{}, false
	}
	if r.month == 0 {
		return easter.AddDays(r.easterOffset), true
	}
	return Date{year, time.Month(r.month), r.day}, true
}

// EasterSunday returns the date of Easter Sunday in the Gregorian calendar
// (the anonymous algorithm as given by Meeus).
func EasterSunday(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return Date{year, time.Month(n / 31), n%31 + 1}.AddDays(0)
}

// Holidays lists the public holidays of Lower Saxony in year, by date.
func Holidays(year int) []Holiday {
	easter := EasterSunday(year)
	var hs []Holiday
	for _, r := range rules {
		if d, ok := r.on(year, easter); ok {
			hs = append(hs, Holiday{Date: d.String(), Name: r.name, Key: r.key})
		}
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int {
		switch {
		case a.Date < b.Date:
			return -1
		case a.Date > b.Date:
			return 1
		}
		return 0
	})
	return hs
}

// IsHoliday reports whether d is a public holiday in Lower Saxony. When two
// fall on the same day (Tag der Arbeit and Christi Himmelfahrt in 2008),
// the first in law order is returned.
func IsHoliday(d Date) (Holiday, bool) {
	d = d.AddDays(0) // normalize 2026-04-31 and the like
	easter := EasterSunday(d.Year)
	for _, r := range rules {
		if hd, ok := r.on(d.Year, easter); ok && hd == d {
			return Holiday{Date: d.String(), Name: r.name, Key: r.key}, true
		}
	}
	return Holiday{}, false
}
