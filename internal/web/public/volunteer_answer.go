package public

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerAnswer takes a step on one ask through the personal link
// (POST /{l}/volunteer/me/{token}/asks/{id}/{action}) or the account
// (/{l}/volunteer/account/asks/{id}/{action}): accept, decline,
// or hours after the appointment. Success goes back to the page with a
// notice; a step the state no longer allows shows the page with the
// reason (409, 422). Another volunteer's ask is not found (404).
func (h *Handler) volunteerAnswer(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	key, path := volunteerWho(r)
	id, action := r.PathValue("id"), r.PathValue("action")
	var err error
	switch action {
	case "accept", "decline":
		err = h.Volunteers.Answer(r.Context(), key, id, action == "accept")
	case "hours":
		err = h.Volunteers.LogHours(r.Context(), key, id, volunteerMinutes(r.PostFormValue("hours"), r.PostFormValue("minutes")))
	default:
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	var problems valid.Errors
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
	case errors.Is(err, volunteer.ErrChanged):
		h.renderVolunteerPersonal(w, r, http.StatusConflict, "volunteer.error_changed", "", nil)
	case errors.Is(err, volunteer.ErrDoubleBooked):
		h.renderVolunteerPersonal(w, r, http.StatusConflict, "volunteer.error_double_booked", "", nil)
	case errors.Is(err, volunteer.ErrCannotTake):
		h.renderVolunteerPersonal(w, r, http.StatusUnprocessableEntity, "volunteer.error_cannot_take", "", nil)
	case errors.As(err, &problems):
		h.renderVolunteerPersonal(w, r, http.StatusUnprocessableEntity, "volunteer.error_hours", id, problems)
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		done := map[string]string{"accept": "accepted", "decline": "declined", "hours": "hours"}[action]
		h.Redirect(w, r, "/"+publicLang(r)+path+"?done="+done+"#"+done)
	}
}

// volunteerMinutes reads hours and minutes as typed (either may be blank); a
// value that is no number, negative or too large gives -1, which the
// store refuses with its message.
func volunteerMinutes(hours, minutes string) int {
	hh, mm := volunteerInt(hours, 0, 24), volunteerInt(minutes, 0, 1440)
	if hh < 0 || mm < 0 {
		return -1
	}
	return hh*60 + mm
}
