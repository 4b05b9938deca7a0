package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// colleaguePage registers a colleague for a published event: any member
// of staff may (a lead sending counselors to a training, say).
type colleaguePage struct {
	site.Base
	EventID, EventTitle       string
	Name, Email, Organisation string
	Done                      bool
}

func (h *Handler) colleagueForm(w http.ResponseWriter, r *http.Request) {
	h.renderColleague(w, r, http.StatusOK, colleaguePage{}, nil)
}

func (h *Handler) renderColleague(w http.ResponseWriter, r *http.Request, status int, p colleaguePage, problems valid.Errors) {
	ev, err := h.Events.Public(r.Context(), r.PathValue("id"))
	if err != nil || ev.State != event.Published {
		h.NotFound(w, r)
		return
	}
	p.Base = h.Base(w, r, "eventstaff.colleague_title")
	p.Errors = problems
	p.EventID, p.EventTitle = ev.ID, ev.Title(p.L.Lang)
	h.Render(w, r, status, "events_staff_colleague", p)
}

func (h *Handler) registerColleague(w http.ResponseWriter, r *http.Request) {
	in := event.RegistrationInput{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Organisation: r.PostFormValue("organisation"), Lang: "de"}
	form := colleaguePage{Name: in.Name, Email: in.Email, Organisation: in.Organisation}
	_, err := h.Events.RegisterColleague(r.Context(), site.PrincipalOf(r), r.PathValue("id"), in)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderColleague(w, r, http.StatusUnprocessableEntity, form, problems)
	case errors.Is(err, event.ErrDuplicate):
		h.renderColleague(w, r, http.StatusUnprocessableEntity, form, valid.Errors{{Field: "email", Key: "eventstaff.already_registered"}})
	case errors.Is(err, event.ErrClosed):
		h.renderColleague(w, r, http.StatusUnprocessableEntity, form, valid.Errors{{Field: "name", Key: "eventstaff.closed"}})
	case errors.Is(err, event.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.event_colleague")
		h.Redirect(w, r, "/events/"+r.PathValue("id")+"/colleague")
	}
}
