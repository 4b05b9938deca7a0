package public

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// publicOfficePage is an office of the finder, for visitors.
type publicOfficePage struct {
	pageBase
	Office        *network.Office
	Programs      []string
	LanguageNames []string
	Topics        []string
	Days          []site.DayHours
	StatusText    string
	Open          bool
	// Closed and TemporarilyClosed show a notice instead of the status.
	Closed, TemporarilyClosed bool
	Exceptions                []exceptionView
	Holidays                  []site.HolidayView
	SearchNearby              string
	PrintHref                 string
	Updated                   string
	// URL is the address of the office page (printed on the print view).
	URL string
	// Tel is the phone number for the tel: link (no spaces or slashes).
	Tel string
	// Appointment is the appointment text in the reader's language or,
	// when it has none, in German (AppointmentFallback, marked lang="de").
	Appointment         network.Localized
	AppointmentFallback bool
}

// exceptionView is a date with changed opening hours.
type exceptionView struct{ Date, Hours, Note string }

// publicOffice shows an office: contact, hours, offer, map.
func (h *Handler) publicOffice(w http.ResponseWriter, r *http.Request) {
	h.showPublicOffice(w, r, false)
}

// publicOfficePrint is the plain print view of an office (no map, no navigation).
func (h *Handler) publicOfficePrint(w http.ResponseWriter, r *http.Request) {
	h.showPublicOffice(w, r, true)
}

func (h *Handler) showPublicOffice(w http.ResponseWriter, r *http.Request, print bool) {
	b, ok := h.publicBase(w, r, "public.office_hours")
	if !ok {
		return
	}
	// The finder answers closed offices too: their URLs stay stable and
	// the page says they are closed.
	o, err := h.Finder.Office(r.Context(), r.PathValue("id"))
	if errors.Is(err, finder.ErrNotFound) {
		h.publicFail(w, r, http.StatusNotFound, "public.error_office_not_found")
		return
	}
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	lang := b.L.Lang
	p := publicOfficePage{pageBase: b, Office: o}
	p.Title = o.Name
	p.Tel = telHref(o.Phone)
	p.Public.Print = print
	p.Maps = !print && o.Status != network.Closed
	p.PrintHref = "/" + lang + "/offices/" + o.ID + "/print"
	p.URL = publicURL(r, "/"+lang+"/offices/"+o.ID)
	p.SearchNearby = "/" + lang + "/search?q=" + o.Postcode
	for _, pr := range snap.Programs {
		if slices.Contains(o.Programs, pr.ID) {
			p.Programs = append(p.Programs, pr.Name(lang))
		}
	}
	for _, l := range names.Languages(lang, o.Languages) {
		p.LanguageNames = append(p.LanguageNames, l.Name)
	}
	for _, t := range o.Topics {
		p.Topics = append(p.Topics, p.T("topic."+t))
	}
	p.Appointment = o.AppointmentIn(lang)
	p.AppointmentFallback = p.Appointment.Text != "" && p.Appointment.Lang != lang
	if !o.UpdatedAt.IsZero() {
		p.Updated = p.T("public.office_updated", "Date", p.L.Date(clock.Day(o.UpdatedAt.In(clock.Berlin()))))
	}
	p.fillHours(h.Clock.Now())
	h.Render(w, r, http.StatusOK, "public_office", p)
}

// publicURL is the absolute address of path on this site.
func publicURL(r *http.Request, path string) string {
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

// fillHours prepares the weekly table, the status now and the next holidays.
func (p *publicOfficePage) fillHours(now time.Time) {
	o := p.Office
	s := o.Hours
	for i, key := range site.DayKeys {
		text := hours.FormatDay(s.Weekly[i])
		if text == "" {
			text = p.T("public.office_closed_day")
		}
		p.Days = append(p.Days, site.DayHours{Name: p.T(key), Hours: text})
	}
	p.Closed, p.TemporarilyClosed = o.Status == network.Closed, o.Status == network.TemporarilyClosed
	st := s.Status(now)
	switch {
	case p.Closed || p.TemporarilyClosed:
	case st.Open:
		p.Open = true
		p.StatusText = p.T("public.office_open_until", "Until", st.Until.String())
	case st.HasNext:
		n := st.Next
		p.StatusText = p.T(site.OpensKey("public.office_opens", now, n), "Day", p.T(site.DayKeys[(int(n.Weekday())+6)%7]),
			"Date", p.L.Date(n), "Time", p.L.Clock(n))
	default:
		p.StatusText = p.T("public.office_no_hours")
	}
	today := hours.DateOf(now)
	for _, e := range s.Exceptions {
		d, err := hours.ParseDate(e.Date)
		if err != nil || d.Compare(today) < 0 {
			continue
		}
		ev := exceptionView{Date: p.L.Date(d.At(0)), Note: e.Note, Hours: p.T("public.office_closed_day")}
		if !e.Closed && len(e.Intervals) > 0 {
			ev.Hours = hours.FormatDay(e.Intervals)
		}
		p.Exceptions = append(p.Exceptions, ev)
	}
	if s.OpenOnHolidays {
		return
	}
	for _, year := range []int{now.Year(), now.Year() + 1} {
		for _, hd := range hours.Holidays(year) {
			if d, err := hours.ParseDate(hd.Date); err == nil && d.Compare(today) >= 0 && len(p.Holidays) < 4 {
				p.Holidays = append(p.Holidays, site.HolidayView{Date: p.L.Date(d.At(0)), Name: p.T(hd.Key)})
			}
		}
	}
}

// telHref keeps the characters a tel: link may carry: digits and a leading +.
func telHref(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
