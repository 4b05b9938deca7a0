package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type accountPage struct {
	site.Base
	RoleName  string
	ScopeName string
	CodesLeft int
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	left, err := h.Auth.RecoveryCodesLeft(r.Context(), me)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := accountPage{Base: h.Base(w, r, "account.title"), CodesLeft: left}
	p.RoleName = p.T("role." + string(me.Account().Role))
	p.ScopeName = h.scopeLabel(r, p.Base, me.Account().Kind, me.Account().ScopeID)
	h.Render(w, r, http.StatusOK, "account", p)
}

type passwordPage struct{ site.Base }

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "account_password", passwordPage{h.Base(w, r, "password.title")})
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	err := h.Auth.ChangePassword(r.Context(), site.PrincipalOf(r),
		r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm"))
	var problems valid.Errors
	var thr *auth.ThrottledError
	if errors.As(err, &thr) {
		problems = valid.Errors{{Field: "current", Key: "login.throttled", Args: []any{"Minutes", thr.Minutes()}}}
	}
	if errors.As(err, &problems) || thr != nil {
		p := passwordPage{h.Base(w, r, "password.title")}
		p.Errors = problems
		status := http.StatusUnprocessableEntity
		if thr != nil {
			status = http.StatusTooManyRequests
		}
		h.Render(w, r, status, "account_password", p)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.SetFlash(w, "flash.password_changed")
	h.Redirect(w, r, "/account")
}

type sessionsPage struct {
	site.Base
	Sessions []auth.Session
	Current  string
}

func (h *Handler) sessions(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	list, err := h.Auth.Sessions(r.Context(), me)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "account_sessions", sessionsPage{Base: h.Base(w, r, "sessions.title"), Sessions: list, Current: me.SessionID()})
}

func (h *Handler) endSession(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	err := h.Auth.EndSession(r.Context(), me, r.PathValue("id"))
	if errors.Is(err, db.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if r.PathValue("id") == me.SessionID() {
		h.ClearCookie(w, h.Cookies().Session)
		h.Redirect(w, r, "/login")
		return
	}
	h.SetFlash(w, "flash.session_ended")
	h.Redirect(w, r, "/account/sessions")
}

func (h *Handler) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := h.Auth.RenewRecoveryCodes(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "recovery_codes", enrolPage{Base: h.Base(w, r, "codes.title"), Codes: codes})
}
