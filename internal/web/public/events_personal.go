package public

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// eventsPersonalPage is a registrant's own page, reached by the link in
// their mails: the registration's state in words, the online link once a
// place is theirs, taking an offered place and cancelling.
type eventsPersonalPage struct {
	pageBase
	Event eventView
	// State says in words where the registration stands.
	State string
	// Unconfirmed, Offered, Withdrawn: the registration's state;
	// Lapsed: an offer whose time is over.
	Unconfirmed, Offered, Lapsed, Withdrawn bool
	// CanCancel: the cancel form is shown.
	CanCancel bool
	// OnlineLink is the link to take part online (confirmed places only).
	OnlineLink string
	// Base is the page's own path; Confirm the confirmation's.
	Base, Confirm string
	Calendar      string
	// Refused says why a step was not taken (an offer that lapsed).
	Refused string
	// Certificate links the certificate of attendance once the event is
	// over (it answers 404 when no attendance was recorded).
	Certificate string
	// AskFeedback shows the feedback form (confirmed, event over, none
	// given yet); FeedbackGiven thanks instead.
	AskFeedback, FeedbackGiven bool
	Ratings                    []int
}

// eventPersonal shows the personal page of the path's token.
func (h *Handler) eventPersonal(w http.ResponseWriter, r *http.Request) {
	reg, ev, ok := h.registration(w, r)
	if !ok {
		return
	}
	h.renderPersonal(w, r, http.StatusOK, reg, ev, nil, "")
}

func (h *Handler) renderPersonal(w http.ResponseWriter, r *http.Request, status int, reg *event.Registration, ev *event.Event, problems valid.Errors, refused string) {
	b, ok := h.publicBase(w, r, "events.personal_title")
	if !ok {
		return
	}
	lang, token := b.L.Lang, r.PathValue("token")
	relink(b, "/events/r/"+token)
	b.Errors = problems
	p := eventsPersonalPage{pageBase: b, Event: h.eventView(b, ev), Base: "/" + lang + "/events/r/" + token,
		Confirm: "/" + lang + "/events/confirm/" + token, Calendar: "/" + lang + "/events",
		Unconfirmed: reg.State == event.Unconfirmed, Withdrawn: reg.State == event.Withdrawn}
	switch reg.State {
	case event.Offered:
		p.Offered = true
		if p.Lapsed = offerLapsed(reg.OfferExpires, h.Clock.Now()); p.Lapsed {
			p.State = b.T("events.error_lapsed")
		} else {
			p.State = b.T("events.state_offered", "Until", b.L.DateTime(reg.OfferExpires.In(clock.Berlin())))
		}
	case event.Unconfirmed, event.Requested, event.Confirmed, event.Waitlisted, event.Withdrawn:
		p.State = b.T("events.state_" + reg.State)
	}
	if last := ev.Dates[len(ev.Dates)-1].End; reg.State == event.Confirmed && h.Clock.Now().After(last) {
		p.Certificate = p.Base + "/certificate.pdf"
		given, err := h.Events.FeedbackGiven(r.Context(), token)
		if err != nil {
			h.publicServerError(w, r, err)
			return
		}
		p.FeedbackGiven, p.AskFeedback, p.Ratings = given, !given, []int{1, 2, 3, 4, 5}
	}
	if reg.State == event.Confirmed && ev.Format != "in_person" && ev.State != event.Cancelled {
		p.OnlineLink = ev.OnlineLink
	}
	p.CanCancel = reg.State != event.Withdrawn && ev.State != event.Cancelled
	if refused != "" {
		p.Refused = b.T(refused)
	}
	h.Render(w, r, status, "events_personal", p)
}

// eventAccept takes an offered place; an offer that lapsed meanwhile
// shows the page again with the reason (409). A second click on a place
// taken already goes back to the page.
func (h *Handler) eventAccept(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	err := h.Events.AcceptOffer(r.Context(), token)
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_link")
	case errors.Is(err, event.ErrChanged):
		reg, ev, ok := h.registration(w, r)
		switch {
		case !ok:
		case reg.State == event.Confirmed:
			h.Redirect(w, r, "/"+publicLang(r)+"/events/r/"+token)
		default:
			h.renderPersonal(w, r, http.StatusConflict, reg, ev, nil, "events.error_lapsed")
		}
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, "/"+publicLang(r)+"/events/r/"+token)
	}
}

// eventCancel cancels the registration when the box is ticked (422 with
// the page again when not). A registration cancelled already, or one of a
// cancelled event, stays as it is.
func (h *Handler) eventCancel(w http.ResponseWriter, r *http.Request) {
	reg, ev, ok := h.registration(w, r)
	if !ok {
		return
	}
	back := "/" + publicLang(r) + "/events/r/" + r.PathValue("token")
	if reg.State == event.Withdrawn || ev.State == event.Cancelled {
		h.Redirect(w, r, back)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		var problems valid.Errors
		problems.Add("confirm", "events.cancel_confirm_required")
		h.renderPersonal(w, r, http.StatusUnprocessableEntity, reg, ev, problems, "")
		return
	}
	err := h.Events.CancelRegistration(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "events.error_link")
	case err != nil && !errors.Is(err, event.ErrChanged):
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, back)
	}
}

// offerLapsed says whether an offer's time is over (the periodic job has
// not let it go yet).
func offerLapsed(until *time.Time, now time.Time) bool {
	return until == nil || !now.Before(*until)
}

// eventFeedback takes the short feedback after the event (the personal
// page again, with thanks or the problems).
func (h *Handler) eventFeedback(w http.ResponseWriter, r *http.Request) {
	reg, ev, ok := h.registration(w, r)
	if !ok {
		return
	}
	rating, _ := strconv.Atoi(r.PostFormValue("rating"))
	err := h.Events.GiveFeedback(r.Context(), r.PathValue("token"), rating, r.PostFormValue("comment"))
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderPersonal(w, r, http.StatusUnprocessableEntity, reg, ev, problems, "")
	case err == nil, errors.Is(err, event.ErrDuplicate):
		h.Redirect(w, r, "/"+publicLang(r)+"/events/r/"+r.PathValue("token")+"#feedback")
	case errors.Is(err, event.ErrChanged):
		h.publicFail(w, r, http.StatusConflict, "events.feedback_not_yet")
	default:
		h.publicServerError(w, r, err)
	}
}
