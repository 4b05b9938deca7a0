package staff

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// eventsPage lists the events the user organises.
type eventsPage struct {
	site.Base
	List site.List
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) {
	list, err := h.Events.Mine(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := eventsPage{Base: h.Base(w, r, "eventstaff.list_title")}
	p.List = site.List{Caption: p.T("eventstaff.list_title"), RowHeader: true, Empty: p.T("eventstaff.empty"),
		Count: p.L.N("eventstaff.count", len(list)),
		Columns: []site.Column{{Label: p.T("eventstaff.col_title")}, {Label: p.T("eventstaff.col_date")}, {Label: p.T("eventstaff.col_state")},
			{Label: p.T("eventstaff.col_places"), Num: true}, {Label: p.T("eventstaff.col_waiting"), Num: true}}}
	for _, e := range list {
		p.List.Rows = append(p.List.Rows, site.Row{Cells: []site.Cell{
			{Text: e.Title(p.L.Lang), Href: "/events/" + e.ID, Hint: p.T("eventstaff.audience_" + e.Audience)},
			{Text: p.L.DateTime(e.Starts().In(clock.Berlin()))},
			{Text: p.T("eventstaff.state_" + e.State)},
			{Text: strconv.Itoa(e.Taken) + " / " + strconv.Itoa(e.Capacity)},
			{Text: strconv.Itoa(e.Waiting)},
		}})
	}
	h.Render(w, r, http.StatusOK, "events_staff_list", p)
}

// eventPage is one event with its registrations.
type eventPage struct {
	site.Base
	E                   *event.Event
	Title, Starts, Ends string
	Closes              string
	Audience, Format    string
	State               string
	List                site.List
	Capacity            string
	// Waiting are the people on the waitlist, in order (to move one up);
	// Requests those waiting for the organiser's approval.
	Waiting, Requests []event.Registration
	// Feedback is what participants said after the event; Average its
	// mean rating as shown.
	Feedback event.Feedback
	Average  string
}

func (h *Handler) showEvent(w http.ResponseWriter, r *http.Request) {
	h.renderEvent(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, status int, capacity string, problems valid.Errors) {
	p := site.PrincipalOf(r)
	e, err := h.Events.Organised(r.Context(), p, r.PathValue("id"))
	if errors.Is(err, event.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	regs, err2 := h.Events.Registrations(r.Context(), p, r.PathValue("id"))
	if err != nil || err2 != nil {
		h.ServerError(w, r, errors.Join(err, err2))
		return
	}
	page := eventPage{Base: h.Base(w, r, "eventstaff.event_title"), E: e, Capacity: capacity}
	page.Errors = problems
	if page.Capacity == "" {
		page.Capacity = strconv.Itoa(e.Capacity)
	}
	page.Title, page.State = e.Title(page.L.Lang), page.T("eventstaff.state_"+e.State)
	page.Audience, page.Format = page.T("eventstaff.audience_"+e.Audience), page.T("eventstaff.format_"+e.Format)
	page.Starts, page.Ends = page.L.DateTime(e.Starts().In(clock.Berlin())), page.L.DateTime(e.Dates[len(e.Dates)-1].End.In(clock.Berlin()))
	page.Closes = page.L.DateTime(e.RegistrationCloses.In(clock.Berlin()))
	page.List = registrationList(page.Base, regs)
	if page.Feedback, err = h.Events.FeedbackOf(r.Context(), p, e.ID); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page.Average = strconv.FormatFloat(page.Feedback.Average, 'f', 1, 64)
	for _, x := range regs {
		switch x.State {
		case event.Waitlisted:
			page.Waiting = append(page.Waiting, x)
		case event.Requested:
			page.Requests = append(page.Requests, x)
		}
	}
	page.List.Exports = site.ExportLinks(page.Base, "/events/"+e.ID+"/registrations", nil)
	h.Render(w, r, status, "events_staff_event", page)
}

// registrationList shows who registered, in the order they did.
func registrationList(b site.Base, regs []event.Registration) site.List {
	l := site.List{Caption: b.T("eventstaff.registrations"), RowHeader: true, Empty: b.T("eventstaff.no_registrations"),
		Count:   b.L.N("eventstaff.registration_count", len(regs)),
		Columns: []site.Column{{Label: b.T("eventstaff.col_name")}, {Label: b.T("eventstaff.col_organisation")}, {Label: b.T("eventstaff.col_state")}, {Label: b.T("eventstaff.col_registered")}}}
	for _, x := range regs {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{
			{Text: x.Name, Hint: x.Email},
			{Text: x.Organisation, Hint: x.Role},
			{Text: b.T("eventstaff.reg_" + x.State)},
			{Text: b.L.DateTime(x.CreatedAt.In(clock.Berlin()))},
		}})
	}
	return l
}

func (h *Handler) publishEvent(w http.ResponseWriter, r *http.Request) {
	h.eventStep(w, r, h.Events.Publish(r.Context(), site.PrincipalOf(r), r.PathValue("id")), "flash.event_published")
}

func (h *Handler) cancelEventForm(w http.ResponseWriter, r *http.Request) {
	e, err := h.Events.Organised(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil || e.State != event.Published {
		h.NotFound(w, r)
		return
	}
	page := eventPage{Base: h.Base(w, r, "eventstaff.cancel_title"), E: e}
	page.Title = e.Title(page.L.Lang)
	h.Render(w, r, http.StatusOK, "events_staff_cancel", page)
}

func (h *Handler) cancelEvent(w http.ResponseWriter, r *http.Request) {
	h.eventStep(w, r, h.Events.CancelEvent(r.Context(), site.PrincipalOf(r), r.PathValue("id")), "flash.event_cancelled")
}

// eventStep answers a state change: back to the event with a message, 404
// outside the user's events, 409 when it changed meanwhile.
func (h *Handler) eventStep(w http.ResponseWriter, r *http.Request, err error, flash string) {
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, event.ErrChanged):
		h.Fail(w, r, http.StatusConflict, "eventstaff.changed")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/events/"+r.PathValue("id"))
	}
}

func (h *Handler) eventCapacity(w http.ResponseWriter, r *http.Request) {
	typed := r.PostFormValue("capacity")
	var problems valid.Errors
	n := formInt(&problems, "capacity", typed)
	if len(problems) == 0 {
		err := h.Events.SetCapacity(r.Context(), site.PrincipalOf(r), r.PathValue("id"), n)
		if !errors.As(err, &problems) {
			h.eventStep(w, r, err, "flash.event_capacity")
			return
		}
	}
	h.renderEvent(w, r, http.StatusUnprocessableEntity, typed, problems)
}

// eventPromote moves a waiting person to the front of the waitlist.
func (h *Handler) eventPromote(w http.ResponseWriter, r *http.Request) {
	h.eventStep(w, r, h.Events.Promote(r.Context(), site.PrincipalOf(r), r.PathValue("id"), r.PathValue("reg")), "flash.event_promoted")
}

// eventDecide approves or declines a registration waiting for approval.
func (h *Handler) eventDecide(w http.ResponseWriter, r *http.Request) {
	p, id, reg := site.PrincipalOf(r), r.PathValue("id"), r.PathValue("reg")
	decide := map[string]func() error{
		"approve": func() error { return h.Events.Approve(r.Context(), p, id, reg) },
		"decline": func() error { return h.Events.Decline(r.Context(), p, id, reg) },
	}[r.PostFormValue("decision")]
	if _, err := h.Events.Organised(r.Context(), p, id); err != nil || decide == nil {
		h.eventStep(w, r, errors.Join(err, event.ErrNotFound), "")
		return
	}
	h.eventStep(w, r, decide(), "flash.event_decided")
}
