package public

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerHeaders mark a page reached by a personal link: the token in
// its address must not travel on in a Referer header, and no cache may
// keep the page.
func volunteerHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
}

// volunteerConfirmPage asks to confirm the address with a button: mail
// scanners open links and must not confirm anything by doing so.
type volunteerConfirmPage struct {
	pageBase
	Action string
}

// volunteerConfirmPage is the link of the first mail. An address
// confirmed already goes to the personal page; an unknown token is 404.
func (h *Handler) volunteerConfirmPage(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	token := r.PathValue("token")
	_, err := h.Volunteers.Self(r.Context(), volunteer.ByLink(token))
	switch {
	case err == nil:
		h.Redirect(w, r, "/"+publicLang(r)+"/volunteer/me/"+token)
		return
	case !errors.Is(err, volunteer.ErrNotFound):
		h.publicServerError(w, r, err)
		return
	}
	if err := h.Volunteers.Pending(r.Context(), token); err != nil {
		if errors.Is(err, volunteer.ErrNotFound) {
			h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
		} else {
			h.publicServerError(w, r, err)
		}
		return
	}
	b, ok := h.publicBase(w, r, "volunteer.confirm_title")
	if !ok {
		return
	}
	relink(b, "/volunteer/confirm/"+token)
	h.Render(w, r, http.StatusOK, "volunteer_confirm", volunteerConfirmPage{pageBase: b, Action: "/" + b.L.Lang + "/volunteer/confirm/" + token})
}

// volunteerConfirm confirms the address and sends to the personal page
// (a second press lands there too).
func (h *Handler) volunteerConfirm(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	token := r.PathValue("token")
	err := h.Volunteers.ConfirmEmail(r.Context(), token)
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, "/"+publicLang(r)+"/volunteer/me/"+token)
	}
}
