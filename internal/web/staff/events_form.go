package staff

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// eventForm is the new-event form as typed (one session; German title
// required, English optional).
type eventForm struct {
	TitleDE, DescriptionDE, TitleEN, DescriptionEN string
	Audience, Format, Address, OnlineLink, Lang    string
	Capacity, Day, From, To, Closes                string
	Accessibility, Cost, Contact                   string
	NeedsApproval                                  bool
	// More are further sessions of a series (optional).
	More []session
}

// session is one further date of the form: fields day_N, from_N, to_N.
type session struct{ N, Day, From, To string }

// moreSessions is how many further dates the form offers.
const moreSessions = 2

type eventFormPage struct {
	site.Base
	Form                      eventForm
	Audiences, Formats, Langs []site.Choice
}

func readEventForm(r *http.Request) eventForm {
	v := r.PostForm
	return eventForm{TitleDE: v.Get("title_de"), DescriptionDE: v.Get("description_de"), TitleEN: v.Get("title_en"),
		DescriptionEN: v.Get("description_en"), Audience: v.Get("audience"), Format: v.Get("format"), Address: v.Get("address"),
		OnlineLink: v.Get("online_link"), Lang: v.Get("lang"), Capacity: v.Get("capacity"), Day: v.Get("day"), From: v.Get("from"),
		To: v.Get("to"), Closes: v.Get("registration_closes"), Accessibility: v.Get("accessibility"), Cost: v.Get("cost"),
		Contact: v.Get("contact"), NeedsApproval: v.Get("needs_approval") == "yes", More: readSessions(v.Get)}
}

func readSessions(get func(string) string) []session {
	out := make([]session, moreSessions)
	for i := range out {
		n := strconv.Itoa(i + 2)
		out[i] = session{N: n, Day: get("day_" + n), From: get("from_" + n), To: get("to_" + n)}
	}
	return out
}

// input converts the form; times are read in Lower Saxony's time zone.
func (f eventForm) input() (event.Input, valid.Errors) {
	var e valid.Errors
	in := event.Input{Audience: f.Audience, Format: f.Format, Address: f.Address, OnlineLink: strings.TrimSpace(f.OnlineLink),
		Lang: f.Lang, Accessibility: f.Accessibility, Cost: f.Cost, Contact: f.Contact, NeedsApproval: f.NeedsApproval,
		Texts: map[string]event.Text{"de": {Title: f.TitleDE, Description: f.DescriptionDE}, "en": {Title: f.TitleEN, Description: f.DescriptionEN}}}
	in.Capacity = formInt(&e, "capacity", f.Capacity)
	day := formDate(&e, "day", f.Day)
	start, end := clockOn(&e, "from", day, f.From), clockOn(&e, "to", day, f.To)
	if !start.IsZero() && !end.IsZero() {
		in.Dates = []event.Date{{Start: start, End: end}}
	}
	for _, x := range f.More {
		if x.Day == "" && x.From == "" && x.To == "" {
			continue
		}
		d := formDate(&e, "day_"+x.N, x.Day)
		s, t := clockOn(&e, "from_"+x.N, d, x.From), clockOn(&e, "to_"+x.N, d, x.To)
		// A further date needs all three of its fields.
		for _, f := range []struct{ name, v string }{{"day_", x.Day}, {"from_", x.From}, {"to_", x.To}} {
			if strings.TrimSpace(f.v) == "" {
				e.Add(f.name+x.N, "eventstaff.session_incomplete")
			}
		}
		if !s.IsZero() && !t.IsZero() {
			in.Dates = append(in.Dates, event.Date{Start: s, End: t})
		}
	}
	if closes := formDate(&e, "registration_closes", f.Closes); !closes.IsZero() {
		in.RegistrationCloses = time.Date(closes.Year(), closes.Month(), closes.Day(), 23, 59, 0, 0, clock.Berlin()).UTC()
	}
	return in, e
}

// clockOn is the time of day value ("14:30") on day in Lower Saxony.
func clockOn(e *valid.Errors, field string, day time.Time, value string) time.Time {
	t, err := time.Parse("15:04", strings.TrimSpace(value))
	if err != nil || day.IsZero() {
		if strings.TrimSpace(value) != "" {
			e.Add(field, "eventstaff.time_invalid")
		}
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, clock.Berlin()).UTC()
}

func (h *Handler) newEventForm(w http.ResponseWriter, r *http.Request) {
	day := h.Clock.Today().AddDate(0, 0, 21)
	f := eventForm{Audience: "school", Format: "in_person", Lang: "de", Capacity: "20", Day: isoDate(day), From: "09:00", To: "12:00",
		Closes: isoDate(day.AddDate(0, 0, -2)), Cost: "kostenfrei", More: readSessions(func(string) string { return "" })}
	h.renderEventForm(w, r, http.StatusOK, f, nil)
}

func (h *Handler) renderEventForm(w http.ResponseWriter, r *http.Request, status int, f eventForm, problems valid.Errors) {
	p := eventFormPage{Base: h.Base(w, r, "eventstaff.new_title"), Form: f}
	// The store names the sessions "starts"; the form's field is the day.
	for i := range problems {
		if problems[i].Field == "starts" {
			problems[i].Field = "day"
		}
	}
	p.Errors = problems
	p.Audiences = eventChoices(p.Base, "audience", event.Audiences, f.Audience)
	p.Formats = eventChoices(p.Base, "format", event.Formats, f.Format)
	for _, l := range []string{"de", "en", "ar", "fa", "uk", "ru", "tr"} {
		p.Langs = append(p.Langs, site.Choice{Value: l, Label: site.LanguageName(p.L.Lang, l), Selected: l == f.Lang})
	}
	h.Render(w, r, status, "events_staff_form", p)
}

// eventChoices are the options of a list of values, named by
// "eventstaff.<area>_<value>".
func eventChoices(b site.Base, area string, values []string, selected string) []site.Choice {
	out := make([]site.Choice, len(values))
	for i, v := range values {
		out[i] = site.Choice{Value: v, Label: b.T("eventstaff." + area + "_" + v), Selected: v == selected}
	}
	return out
}

func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request) {
	f := readEventForm(r)
	in, problems := f.input()
	if len(problems) > 0 {
		// Show what else is wrong too, not only what did not parse.
		for _, p := range in.Check(h.Clock.Now()) {
			if !problems.Has(p.Field) && !(p.Field == "starts" && (problems.Has("from") || problems.Has("to") || problems.Has("day"))) {
				problems = append(problems, p)
			}
		}
		h.renderEventForm(w, r, http.StatusUnprocessableEntity, f, problems)
		return
	}
	id, err := h.Events.Create(r.Context(), site.PrincipalOf(r), in, h.eventRegion(r))
	if errors.As(err, &problems) {
		h.renderEventForm(w, r, http.StatusUnprocessableEntity, f, problems)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.SetFlash(w, "flash.event_created")
	h.Redirect(w, r, "/events/"+id)
}

// eventRegion is the region an organiser's events belong to in the
// calendar: the coordinator's region, the office's or organisation's.
func (h *Handler) eventRegion(r *http.Request) string {
	g := site.PrincipalOf(r).Account()
	switch g.Kind {
	case perm.Region:
		return g.ScopeID
	case perm.Office:
		if o, err := h.Network.Office(r.Context(), g.ScopeID); err == nil {
			return o.RegionID
		}
	case perm.Organisation:
		if o, err := h.Network.Organisation(r.Context(), g.ScopeID); err == nil {
			return o.RegionID
		}
	}
	return ""
}
