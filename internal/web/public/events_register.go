package public

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// eventRegister takes a registration (POST /{l}/events/{id}/register):
// bad input, an address registered already or a closed registration show
// the form again (422); success sends to the page that asks to confirm by
// e-mail. A filled honeypot looks like success and stores nothing.
func (h *Handler) eventRegister(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("action") != "register" {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	ev, ok := h.publicEvent(w, r)
	if !ok {
		return
	}
	done := "/" + publicLang(r) + "/events/" + ev.ID + "/registered"
	if r.PostFormValue(honeypot) != "" {
		h.Redirect(w, r, done)
		return
	}
	form := eventsForm{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Organisation: r.PostFormValue("organisation"),
		Role: r.PostFormValue("role"), Needs: r.PostFormValue("needs"), Consent: r.PostFormValue("consent") == "yes"}
	_, err := h.Events.Register(r.Context(), ev.ID, event.RegistrationInput{Name: form.Name, Email: form.Email,
		Organisation: form.Organisation, Role: form.Role, Needs: form.Needs, Lang: publicLang(r), Consent: form.Consent})
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderEvent(w, r, http.StatusUnprocessableEntity, ev, form, problems, "")
	case errors.Is(err, event.ErrDuplicate):
		problems.Add("email", "events.error_duplicate")
		h.renderEvent(w, r, http.StatusUnprocessableEntity, ev, form, problems, "")
	case errors.Is(err, event.ErrClosed):
		// Read again: the page shows why (closed or cancelled meanwhile).
		if ev, ok = h.publicEvent(w, r); ok {
			h.renderEvent(w, r, http.StatusUnprocessableEntity, ev, form, nil, "events.error_closed")
		}
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_not_found")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, done)
	}
}

// eventsEventOnly is a page about one event: the "check your mail" page.
type eventsEventOnly struct {
	pageBase
	Event    eventView
	Calendar string
}

// eventRegistered asks to open the link in the mail (GET
// /{l}/events/{id}/registered, where a registration lands).
func (h *Handler) eventRegistered(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("action") == "calendar.ics" {
		h.eventICS(w, r)
		return
	}
	if r.PathValue("action") != "registered" {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	ev, ok := h.publicEvent(w, r)
	if !ok {
		return
	}
	b, ok := h.publicBase(w, r, "events.registered_title")
	if !ok {
		return
	}
	h.Render(w, r, http.StatusOK, "events_registered", eventsEventOnly{pageBase: b, Event: h.eventView(b, ev), Calendar: "/" + b.L.Lang + "/events"})
}

// eventsConfirmPage asks to confirm a registration with a button: mail
// scanners open links, and must not confirm anything by doing so.
type eventsConfirmPage struct {
	pageBase
	Event    eventView
	Action   string
	Personal string
	// Closed: registration closed before the confirmation (no button).
	Closed   bool
	Calendar string
}

// registration reads the registration of the path's token with its event;
// it answers 404 itself for an unknown token.
func (h *Handler) registration(w http.ResponseWriter, r *http.Request) (*event.Registration, *event.Event, bool) {
	reg, ev, err := h.Events.ByToken(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_link")
		return nil, nil, false
	case err != nil:
		h.publicServerError(w, r, err)
		return nil, nil, false
	}
	return reg, ev, true
}

// eventConfirmPage is the confirmation link of the first mail. A
// registration confirmed already goes to its personal page.
func (h *Handler) eventConfirmPage(w http.ResponseWriter, r *http.Request) {
	reg, ev, ok := h.registration(w, r)
	if !ok {
		return
	}
	if reg.State != event.Unconfirmed {
		h.Redirect(w, r, "/"+publicLang(r)+"/events/r/"+r.PathValue("token"))
		return
	}
	h.renderConfirm(w, r, http.StatusOK, ev)
}

func (h *Handler) renderConfirm(w http.ResponseWriter, r *http.Request, status int, ev *event.Event) {
	b, ok := h.publicBase(w, r, "events.confirm_title")
	if !ok {
		return
	}
	lang, token := b.L.Lang, r.PathValue("token")
	relink(b, "/events/confirm/"+token)
	v := h.eventView(b, ev)
	h.Render(w, r, status, "events_confirm", eventsConfirmPage{pageBase: b, Event: v, Action: "/" + lang + "/events/confirm/" + token,
		Personal: "/" + lang + "/events/r/" + token, Closed: !v.Open, Calendar: "/" + lang + "/events"})
}

// eventConfirm confirms (a place or the waitlist) and sends to the
// personal page; a registration closed meanwhile says so (422).
func (h *Handler) eventConfirm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	_, err := h.Events.Confirm(r.Context(), token)
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_link")
	case errors.Is(err, event.ErrClosed):
		if _, ev, ok := h.registration(w, r); ok {
			h.renderConfirm(w, r, http.StatusUnprocessableEntity, ev)
		}
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, "/"+publicLang(r)+"/events/r/"+token)
	}
}
