package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// userActions are the changes an admin can make to an account; each one is
// confirmed on its own page first (works without JavaScript).
var userActions = map[string]bool{"disable": true, "enable": true, "reset-password": true, "reset-2fa": true}

type confirmPage struct {
	site.Base
	Subject  *auth.User
	Action   string
	Question string
}

func (h *Handler) confirmUserAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	if !userActions[action] {
		h.NotFound(w, r)
		return
	}
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	p := confirmPage{Base: h.Base(w, r, "confirm.title"), Subject: u, Action: action}
	p.Question = p.T("confirm."+action, "Name", u.Name)
	h.Render(w, r, http.StatusOK, "admin_user_confirm", p)
}

func (h *Handler) userAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	if !userActions[action] {
		h.NotFound(w, r)
		return
	}
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	a := site.PrincipalOf(r)
	var err error
	switch action {
	case "disable", "enable":
		err = h.Auth.SetDisabled(r.Context(), u.ID, action == "disable", a)
	case "reset-2fa":
		err = h.Auth.ResetTwoFactor(r.Context(), u.ID, a)
	case "reset-password":
		token, err := h.Auth.ResetPassword(r.Context(), u.ID, a)
		if err == nil {
			h.Render(w, r, http.StatusOK, "admin_user_link", linkPage{Base: h.Base(w, r, "user_link.title"), Subject: u, Link: h.setupURL(token)})
			return
		}
		h.ServerError(w, r, err)
		return
	}
	h.afterUserAction(w, r, u, action, err)
}

func (h *Handler) afterUserAction(w http.ResponseWriter, r *http.Request, u *auth.User, action string, err error) {
	switch {
	case errors.Is(err, auth.ErrSelfLockout):
		h.Fail(w, r, http.StatusConflict, "users.self_lockout")
	case errors.Is(err, auth.ErrLastAdmin):
		h.Fail(w, r, http.StatusConflict, "users.last_admin")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.user_"+action)
		h.Redirect(w, r, "/admin/users/"+u.ID)
	}
}
