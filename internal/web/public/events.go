package public

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// eventRoutes are the network's trainings and events for everybody, in
// every public language: the calendar, each event's page with its
// registration form, and the registrant's pages that the mails link
// (confirm, the personal page to take an offered place or cancel).
//
// The mails fix /{l}/events/confirm/{token} and /{l}/events/r/{token}
// (internal/app/event_mail.go). The steps after an event's id share one
// pattern, /{l}/events/{id}/{action} (POST "register", GET "registered"
// and "calendar.ics"):
// a literal /{id}/registered would overlap /r/{token} and /confirm/{token}
// in the router with neither more specific, which it refuses.
func (h *Handler) eventRoutes() []site.Route {
	if h.Events == nil {
		return nil
	}
	var out []site.Route
	for _, l := range i18n.Public {
		rt := func(method, pattern string, fn http.HandlerFunc) site.Route {
			return site.Route{Method: method, Pattern: "/" + l + "/events" + pattern, Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: fn}
		}
		out = append(out,
			rt("GET", "", h.eventCalendar),
			rt("GET", "/feed.ics", h.eventFeed),
			rt("GET", "/certificate", h.eventVerify),
			rt("GET", "/r/{token}/certificate.pdf", h.eventCertificate),
			rt("GET", "/{id}", h.eventPage),
			rt("GET", "/{id}/{action}", h.eventRegistered),
			rt("POST", "/{id}/{action}", h.eventRegister),
			rt("GET", "/confirm/{token}", h.eventConfirmPage),
			rt("POST", "/confirm/{token}", h.eventConfirm),
			rt("GET", "/r/{token}", h.eventPersonal),
			rt("POST", "/r/{token}/accept", h.eventAccept),
			rt("POST", "/r/{token}/cancel", h.eventCancel),
			rt("POST", "/r/{token}/feedback", h.eventFeedback),
		)
	}
	return out
}

// calendarLimit bounds the calendar's list.
const calendarLimit = 200

// eventsCalendarPage lists the coming events with the filter form.
type eventsCalendarPage struct {
	pageBase
	Action string
	// Feed is the subscribable calendar of the events shown (audience,
	// region); Regions the region filter's options.
	Feed      string
	Regions   []site.Choice
	Audiences []site.Choice
	Online    bool
	Filtered  bool
	Items     []eventView
}

// eventCalendar lists the published events from now on, soonest first,
// narrowed by audience and online attendance. Unknown filter values are
// ignored (the form offers only known ones).
func (h *Handler) eventCalendar(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "events.calendar_title")
	if !ok {
		return
	}
	q := r.URL.Query()
	f := event.Filter{From: h.Clock.Now(), Limit: calendarLimit, Online: q.Get("online") == "1"}
	if a := q.Get("audience"); slices.Contains(event.Audiences, a) {
		f.Audience = a
	}
	regions, err := h.regionChoices(r, q.Get("region"))
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	for _, c := range regions {
		if c.Selected {
			f.RegionID = c.Value
		}
	}
	list, err := h.Events.Calendar(r.Context(), f)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	p := eventsCalendarPage{pageBase: b, Action: "/" + b.L.Lang + "/events", Online: f.Online, Regions: regions,
		Filtered: f.Online || f.Audience != "" || f.RegionID != "", Feed: "/" + b.L.Lang + "/events/feed.ics"}
	feed := url.Values{}
	for k, v := range map[string]string{"audience": f.Audience, "region": f.RegionID} {
		if v != "" {
			feed.Set(k, v)
		}
	}
	if len(feed) > 0 {
		p.Feed += "?" + feed.Encode()
	}
	for _, a := range event.Audiences {
		p.Audiences = append(p.Audiences, site.Choice{Value: a, Label: b.T("events.audience_" + a), Selected: a == f.Audience})
	}
	for _, ev := range list {
		p.Items = append(p.Items, h.eventView(b, ev))
	}
	h.Render(w, r, http.StatusOK, "events_calendar", p)
}

// eventView is an event as the public pages show it: words for its codes,
// dates in the reader's form, never the online link.
type eventView struct {
	ID, Href string
	// Approval: the organisers approve each registration.
	Approval bool
	// TitleLang is "de" when the title (and description) falls back to
	// German on a page in another language.
	Title, TitleLang string
	Description      []string
	// When is the first session; Dates lists every session.
	When     string
	Dates    []string
	Format   string
	Audience string
	// Address is shown for events in person or hybrid; Remote: one can
	// take part online (the link is on the personal page only).
	Address                      string
	Remote                       bool
	Accessibility, Cost, Contact string
	// TextLang marks the organiser's own texts (address, notes) with the
	// event's language when it is not the page's.
	TextLang string
	Places   string
	Full     bool
	Closes   string
	// Open: registration is open now; Cancelled: the event was cancelled.
	Open, Cancelled bool
}

func (h *Handler) eventView(b pageBase, ev *event.Event) eventView {
	lang := b.L.Lang
	v := eventView{ID: ev.ID, Href: "/" + lang + "/events/" + ev.ID, Title: ev.Title(lang),
		Format: b.T("events.format_" + ev.Format), Audience: b.T("events.audience_" + ev.Audience),
		Accessibility: ev.Accessibility, Cost: ev.Cost, Contact: ev.Contact,
		Closes:    b.L.DateTime(ev.RegistrationCloses.In(clock.Berlin())),
		Open:      ev.State == event.Published && h.Clock.Now().Before(ev.RegistrationCloses),
		Cancelled: ev.State == event.Cancelled, Full: ev.Free() == 0, Approval: ev.NeedsApproval}
	if t, ok := ev.Texts[lang]; lang != "de" && (!ok || t.Title == "") {
		v.TitleLang = "de"
	}
	if ev.Lang != lang {
		v.TextLang = ev.Lang
	}
	if ev.Format != "online" {
		v.Address = ev.Address
	}
	v.Remote = ev.Format != "in_person"
	v.Description = paragraphs(ev.Description(lang))
	for _, d := range ev.Dates {
		v.Dates = append(v.Dates, sessionText(b, d))
	}
	if len(v.Dates) > 0 {
		v.When = v.Dates[0]
	}
	if v.Full {
		v.Places = b.T("events.places_waitlist")
	} else {
		v.Places = b.T("events.places_free", "Count", ev.Free())
	}
	return v
}

// sessionText is one session's date and times: "07.12.2026, 14:00–17:00",
// or both ends in full when it ends on another day.
func sessionText(b pageBase, d event.Date) string {
	start, end := d.Start.In(clock.Berlin()), d.End.In(clock.Berlin())
	if clock.Day(start).Equal(clock.Day(end)) {
		return b.L.DateTime(start) + "–" + b.L.Clock(end)
	}
	return b.L.DateTime(start) + " – " + b.L.DateTime(end)
}

// paragraphs splits a text at blank lines (single line breaks stay in
// their paragraph).
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// eventsEventPage is an event with its registration form.
type eventsEventPage struct {
	pageBase
	Event    eventView
	Form     eventsForm
	Calendar string
	// Refused says why a registration was not taken (closed meanwhile).
	Refused string
}

// eventsForm is the registration form as the visitor filled it in.
type eventsForm struct {
	Action                                 string
	Name, Email, Organisation, Role, Needs string
	Consent                                bool
	MaxText                                int
}

// maxFormText is the longest organisation, role or needs the store takes.
const maxFormText = 500

// eventPage shows a published or cancelled event (drafts: 404).
func (h *Handler) eventPage(w http.ResponseWriter, r *http.Request) {
	ev, ok := h.publicEvent(w, r)
	if !ok {
		return
	}
	h.renderEvent(w, r, http.StatusOK, ev, eventsForm{}, nil, "")
}

// publicEvent reads the event the path names; it answers 404 itself for an
// unknown one or a draft.
func (h *Handler) publicEvent(w http.ResponseWriter, r *http.Request) (*event.Event, bool) {
	ev, err := h.Events.Public(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_not_found")
		return nil, false
	case err != nil:
		h.publicServerError(w, r, err)
		return nil, false
	}
	return ev, true
}

// renderEvent shows ev with the form as typed, its problems and the
// message key of a refusal ("" for none).
func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, status int, ev *event.Event, form eventsForm, problems valid.Errors, refused string) {
	b, ok := h.publicBase(w, r, "events.calendar_title")
	if !ok {
		return
	}
	lang := b.L.Lang
	relink(b, "/events/"+ev.ID)
	b.Errors = problems
	p := eventsEventPage{pageBase: b, Event: h.eventView(b, ev), Calendar: "/" + lang + "/events"}
	p.Title = p.Event.Title
	form.Action, form.MaxText = "/"+lang+"/events/"+ev.ID+"/register", maxFormText
	p.Form = form
	if refused != "" {
		p.Refused = b.T(refused)
	}
	h.Render(w, r, status, "events_event", p)
}

// relink points the language switch at rest in every language: pages
// shown in answer to a form (POST) switch to the page itself.
func relink(b pageBase, rest string) {
	for i := range b.Public.Languages {
		b.Public.Languages[i].Href = "/" + b.Public.Languages[i].Code + rest
	}
}

// regionChoices are the network's regions by name (from the registry
// snapshot), the one named by selected chosen; an unknown value selects
// none.
func (h *Handler) regionChoices(r *http.Request, selected string) ([]site.Choice, error) {
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []site.Choice
	for _, o := range snap.Offices {
		if o.RegionID != "" && !seen[o.RegionID] {
			seen[o.RegionID] = true
			out = append(out, site.Choice{Value: o.RegionID, Label: o.RegionName, Selected: o.RegionID == selected})
		}
	}
	slices.SortFunc(out, func(a, b site.Choice) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}
