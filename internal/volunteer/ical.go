package volunteer

import (
	"io"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/event"
)

// CalendarEntry is one confirmed assignment on a calendar.
type CalendarEntry struct {
	ID, Summary, Place string
	Start, End         time.Time
	Cancelled          bool
}

// ICal writes confirmed assignments as an iCalendar file (RFC 5545,
// through go-ical), for the volunteer's and the counselor's calendars:
// language, mode and place, never the client.
func ICal(w io.Writer, name string, entries []CalendarEntry, now time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//KMN Niedersachsen//"+name+"//DE")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Children = append(cal.Children, event.BerlinZone())
	for _, e := range entries {
		v := ical.NewEvent()
		v.Props.SetText(ical.PropUID, e.ID+"@kmn-niedersachsen")
		v.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
		v.Props.SetDateTime(ical.PropDateTimeStart, e.Start.UTC())
		v.Props.SetDateTime(ical.PropDateTimeEnd, e.End.UTC())
		v.Props.SetText(ical.PropSummary, e.Summary)
		if e.Place != "" {
			v.Props.SetText(ical.PropLocation, e.Place)
		}
		status := "CONFIRMED"
		if e.Cancelled {
			status = "CANCELLED"
		}
		v.Props.SetText(ical.PropStatus, status)
		cal.Children = append(cal.Children, v.Component)
	}
	return ical.NewEncoder(w).Encode(cal)
}

// Entries turns a volunteer's accepted assignments into calendar entries;
// summary names one (the page's language decides the words).
func Entries(as []Assignment, summary func(Assignment) string) []CalendarEntry {
	var out []CalendarEntry
	for _, a := range as {
		if a.State != Accepted && !(a.State == Withdrawn && a.Request.State == Cancelled && !a.AnsweredAt.IsZero()) {
			continue
		}
		out = append(out, CalendarEntry{ID: a.ID, Summary: summary(a), Place: strings.TrimSpace(a.Request.Place),
			Start: a.Request.Start, End: a.Request.End, Cancelled: a.Request.State == Cancelled})
	}
	return out
}
