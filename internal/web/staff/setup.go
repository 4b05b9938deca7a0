package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type setupPage struct {
	site.Base
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
	h.Render(w, r, http.StatusOK, "setup", setupPage{Base: h.Base(w, r, "setup.title"), Name: u.Name, Email: u.Email, Token: r.PathValue("token")})
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, err := h.Auth.CompleteSetup(r.Context(), token, r.PostFormValue("password"), r.PostFormValue("confirm"), site.PrincipalOf(r))
	var problems valid.Errors
	if errors.As(err, &problems) {
		p := setupPage{Base: h.Base(w, r, "setup.title"), Token: token}
		if u, err := h.Auth.SetupLinkUser(r.Context(), token); err == nil {
			p.Name, p.Email = u.Name, u.Email
		}
		p.Errors = problems
		h.Render(w, r, http.StatusUnprocessableEntity, "setup", p)
		return
	}
	if err != nil {
		h.setupLinkFailed(w, r, err)
		return
	}
	_ = u
	h.SetFlash(w, "flash.setup_done")
	h.Redirect(w, r, "/login")
}

func (h *Handler) setupLinkFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, auth.ErrLinkInvalid) {
		h.Fail(w, r, http.StatusNotFound, "setup.link_invalid")
		return
	}
	h.ServerError(w, r, err)
}
