package web

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

type setupPage struct {
	Base
	Name  string
	Email string
	Token string
}

// setupForm greets the owner of a one-time link and asks for a password.
func (h *Handler) setupForm(w http.ResponseWriter, r *http.Request) {
	u, err := h.Auth.SetupLinkUser(r.Context(), r.PathValue("token"))
	if err != nil {
		h.setupLinkFailed(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "setup", setupPage{Base: h.base(w, r, "setup.title"), Name: u.Name, Email: u.Email, Token: r.PathValue("token")})
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, err := h.Auth.CompleteSetup(r.Context(), token, r.PostFormValue("password"), r.PostFormValue("confirm"), h.actor(r))
	var problems valid.Errors
	if errors.As(err, &problems) {
		p := setupPage{Base: h.base(w, r, "setup.title"), Token: token}
		if u, err := h.Auth.SetupLinkUser(r.Context(), token); err == nil {
			p.Name, p.Email = u.Name, u.Email
		}
		p.Errors = problems
		h.render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	if err != nil {
		h.setupLinkFailed(w, r, err)
		return
	}
	_ = u
	h.setFlash(w, "flash.setup_done")
	h.redirect(w, r, "/login")
}

func (h *Handler) setupLinkFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, auth.ErrLinkInvalid) {
		h.fail(w, r, http.StatusNotFound, "setup.link_invalid")
		return
	}
	h.serverError(w, r, err)
}
