package staff

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// confirmVolunteer records the conversation and the signed pledge.
func (h *Handler) confirmVolunteer(w http.ResponseWriter, r *http.Request) {
	err := h.Volunteers.Confirm(r.Context(), site.PrincipalOf(r), r.PathValue("id"), r.PostFormValue("pledge") == "yes", r.PostFormValue("note"))
	h.volunteerStep(w, r, err, "flash.volunteer_confirmed")
}

// recordVolunteerDocument records a document with its expiry.
func (h *Handler) recordVolunteerDocument(w http.ResponseWriter, r *http.Request) {
	var problems valid.Errors
	until, err := time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("valid_until")))
	if err != nil {
		problems.Add("valid_until", "volunteer.valid_until_range")
		h.renderVolunteer(w, r, http.StatusUnprocessableEntity, problems)
		return
	}
	err = h.Volunteers.RecordDocument(r.Context(), site.PrincipalOf(r), r.PathValue("id"),
		volunteer.DocumentInput{Kind: r.PostFormValue("kind"), ValidUntil: until})
	h.volunteerStep(w, r, err, "flash.volunteer_document")
}

func (h *Handler) deactivateVolunteerForm(w http.ResponseWriter, r *http.Request) {
	v, err := h.Volunteers.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil || v.State == volunteer.Inactive {
		h.NotFound(w, r)
		return
	}
	page := volunteerPage{Base: h.Base(w, r, "volunteerstaff.deactivate_title"), V: v}
	h.Render(w, r, http.StatusOK, "volunteers_deactivate", page)
}

func (h *Handler) deactivateVolunteer(w http.ResponseWriter, r *http.Request) {
	h.volunteerStep(w, r, h.Volunteers.Deactivate(r.Context(), site.PrincipalOf(r), r.PathValue("id")), "flash.volunteer_deactivated")
}

// volunteerStep answers a coordinator's step: back to the volunteer with
// a message, the form again (422) on bad input, 404 outside their
// regions, 409 when it changed meanwhile.
func (h *Handler) volunteerStep(w http.ResponseWriter, r *http.Request, err error, flash string) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderVolunteer(w, r, http.StatusUnprocessableEntity, problems)
	case errors.Is(err, volunteer.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, volunteer.ErrChanged):
		h.Fail(w, r, http.StatusConflict, "volunteerstaff.changed")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/volunteers/"+r.PathValue("id"))
	}
}
