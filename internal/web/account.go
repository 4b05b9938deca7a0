package web

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

type accountPage struct {
	Base
	RoleName  string
	ScopeName string
	CodesLeft int
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	left, err := auth.RecoveryCodesLeft(r.Context(), h.DB, u.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := accountPage{Base: h.base(w, r, "account.title"), CodesLeft: left}
	p.RoleName = p.T("role." + string(u.Role))
	p.ScopeName = scopeLabel(p.Base, u)
	h.render(w, r, http.StatusOK, "account", p)
}

type passwordPage struct{ Base }

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "account_password", passwordPage{h.base(w, r, "password.title")})
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	err := h.Auth.ChangePassword(r.Context(), st.user, st.session.ID,
		r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm"), h.actor(r))
	var problems valid.Errors
	var thr *auth.ThrottledError
	if errors.As(err, &thr) {
		problems = valid.Errors{{Field: "current", Key: "login.throttled", Args: []any{"Minutes", thr.Minutes()}}}
	}
	if errors.As(err, &problems) || thr != nil {
		p := passwordPage{h.base(w, r, "password.title")}
		p.Errors = problems
		status := http.StatusUnprocessableEntity
		if thr != nil {
			status = http.StatusTooManyRequests
		}
		h.render(w, r, status, "account_password", p)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.setFlash(w, "flash.password_changed")
	h.redirect(w, r, "/account")
}

type sessionsPage struct {
	Base
	Sessions []auth.Session
	Current  string
}

func (h *Handler) sessions(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	list, err := auth.SessionsOf(r.Context(), h.DB, st.user.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "account_sessions", sessionsPage{Base: h.base(w, r, "sessions.title"), Sessions: list, Current: st.session.ID})
}

func (h *Handler) endSession(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	err := h.Auth.EndSession(r.Context(), st.user, r.PathValue("id"), h.actor(r))
	if errors.Is(err, db.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if r.PathValue("id") == st.session.ID {
		h.clearCookie(w, h.cookies.session)
		h.redirect(w, r, "/login")
		return
	}
	h.setFlash(w, "flash.session_ended")
	h.redirect(w, r, "/account/sessions")
}

func (h *Handler) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := h.Auth.RenewRecoveryCodes(r.Context(), stateOf(r).user, h.actor(r))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "recovery_codes", enrolPage{Base: h.base(w, r, "codes.title"), Codes: codes})
}
