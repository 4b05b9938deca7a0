package event

import (
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/emersion/go-ical"
)

// ICal writes events as an iCalendar file (RFC 5545, through go-ical): one
// VEVENT per date, titles and descriptions in lang (German where missing),
// the place but never the online link, the event page as URL, cancelled
// events marked so. pageURL gives an event's public page.
func ICal(w io.Writer, events []*Event, lang string, now time.Time, pageURL func(id string) string) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//KMN Niedersachsen//Veranstaltungen//DE")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText("X-WR-TIMEZONE", "Europe/Berlin")
	// RFC 5545 wants at least one component: an empty feed still has the
	// time zone its readers show the dates in.
	cal.Children = append(cal.Children, BerlinZone())
	for _, e := range events {
		for i, d := range e.Dates {
			cal.Children = append(cal.Children, vevent(e, i, d, lang, now, pageURL(e.ID)).Component)
		}
	}
	return ical.NewEncoder(w).Encode(cal)
}

func vevent(e *Event, i int, d Date, lang string, now time.Time, page string) *ical.Event {
	v := ical.NewEvent()
	v.Props.SetText(ical.PropUID, e.ID+"-"+strconv.Itoa(i+1)+"@kmn-niedersachsen")
	v.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	v.Props.SetDateTime(ical.PropDateTimeStart, d.Start.UTC())
	v.Props.SetDateTime(ical.PropDateTimeEnd, d.End.UTC())
	v.Props.SetText(ical.PropSummary, e.Title(lang))
	desc := e.Description(lang)
	if desc != "" {
		desc += "\n\n"
	}
	v.Props.SetText(ical.PropDescription, desc+page)
	if u, err := url.Parse(page); err == nil {
		v.Props.SetURI(ical.PropURL, u)
	}
	if e.Address != "" {
		v.Props.SetText(ical.PropLocation, e.Address)
	}
	status := "CONFIRMED"
	if e.State == Cancelled {
		status = "CANCELLED"
	}
	v.Props.SetText(ical.PropStatus, status)
	v.Props.SetText(ical.PropSequence, strconv.Itoa(e.Version))
	return v
}

// BerlinZone is the VTIMEZONE of Europe/Berlin (CET/CEST since 1996);
// the regional networks' meeting invitations carry it too.
func BerlinZone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "Europe/Berlin")
	for _, part := range []struct {
		name, from, to, start, rule, abbr string
	}{
		{ical.CompTimezoneDaylight, "+0100", "+0200", "19810329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "CEST"},
		{ical.CompTimezoneStandard, "+0200", "+0100", "19961027T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "CET"},
	} {
		c := ical.NewComponent(part.name)
		c.Props.SetText(ical.PropTimezoneOffsetFrom, part.from)
		c.Props.SetText(ical.PropTimezoneOffsetTo, part.to)
		c.Props.SetText(ical.PropTimezoneName, part.abbr)
		start := ical.NewProp(ical.PropDateTimeStart)
		start.Value = part.start
		c.Props.Set(start)
		rule := ical.NewProp(ical.PropRecurrenceRule)
		rule.Value = part.rule
		c.Props.Set(rule)
		tz.Children = append(tz.Children, c)
	}
	return tz
}
