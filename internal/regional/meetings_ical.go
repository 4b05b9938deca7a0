package regional

import (
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
)

// ICalInvitee makes a calendar file the invitation of one person: the
// platform's sender as ORGANIZER and the recipient as the one ATTENDEE
// (never the other people invited). Answers go through the meeting page,
// so RSVP is FALSE.
type ICalInvitee struct {
	Organizer, OrganizerName string
	Attendee, AttendeeName   string
}

// MeetingICal writes a meeting as an iCalendar file (RFC 5545/5546,
// through go-ical). For an invitee it is an invitation: METHOD REQUEST,
// or CANCEL with STATUS CANCELLED once it is called off, with ORGANIZER
// and ATTENDEE as RFC 5546 wants them; without (the page's download) it
// is METHOD PUBLISH. The UID stays the meeting's for good and SEQUENCE is
// its version, so calendars replace the entry after a change. Times are
// Lower Saxony's (with the Europe/Berlin VTIMEZONE of the event
// calendar); the description links the meeting's page at pageURL and
// names the online link (staff of the region's network read both).
func MeetingICal(w io.Writer, m *Meeting, now time.Time, pageURL string, to *ICalInvitee) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//KMN Niedersachsen//Regionalverbuende//DE")
	cal.Props.SetText(ical.PropVersion, "2.0")
	method, status := "REQUEST", "CONFIRMED"
	if m.State == Cancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	if to == nil {
		method = "PUBLISH"
	}
	cal.Props.SetText(ical.PropMethod, method)
	cal.Children = append(cal.Children, event.BerlinZone())

	v := ical.NewEvent()
	v.Props.SetText(ical.PropUID, m.ID+"@meetings.kmn-niedersachsen")
	v.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	v.Props.SetDateTime(ical.PropDateTimeStart, m.Start.In(clock.Berlin()))
	v.Props.SetDateTime(ical.PropDateTimeEnd, m.End.In(clock.Berlin()))
	v.Props.SetText(ical.PropSummary, m.Title)
	desc := pageURL
	if m.OnlineURL != "" {
		desc = m.OnlineURL + "\n\n" + pageURL
	}
	v.Props.SetText(ical.PropDescription, desc)
	if u, err := url.Parse(pageURL); err == nil && pageURL != "" {
		v.Props.SetURI(ical.PropURL, u)
	}
	where := m.Place
	if where == "" {
		where = m.OnlineURL
	}
	v.Props.SetText(ical.PropLocation, where)
	v.Props.SetText(ical.PropStatus, status)
	v.Props.SetText(ical.PropSequence, strconv.Itoa(m.Version))
	if to != nil {
		org := ical.NewProp(ical.PropOrganizer)
		org.Value = "mailto:" + to.Organizer
		if to.OrganizerName != "" {
			org.Params.Set(ical.ParamCommonName, to.OrganizerName)
		}
		v.Props.Set(org)
		att := ical.NewProp(ical.PropAttendee)
		att.Value = "mailto:" + to.Attendee
		if to.AttendeeName != "" {
			att.Params.Set(ical.ParamCommonName, to.AttendeeName)
		}
		att.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		att.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
		att.Params.Set(ical.ParamRSVP, "FALSE")
		v.Props.Set(att)
	}
	cal.Children = append(cal.Children, v.Component)
	return ical.NewEncoder(w).Encode(cal)
}
