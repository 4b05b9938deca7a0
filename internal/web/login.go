package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

type loginPage struct {
	Base
	Email  string
	Next   string
	Notice string
}

// home sends signed-in staff to their dashboard and everybody else to the
// public office finder in the language their browser asks for.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	if st := stateOf(r); st.session != nil && st.session.Stage == auth.StageFull {
		h.redirect(w, r, "/dashboard")
		return
	}
	h.redirect(w, r, "/"+h.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Public)+"/")
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if st := stateOf(r); st.session != nil && st.session.Stage == auth.StageFull {
		h.redirect(w, r, safeNext(r.URL.Query().Get("next")))
		return
	}
	p := loginPage{Base: h.base(w, r, "login.title"), Next: r.URL.Query().Get("next")}
	if r.URL.Query().Get("expired") != "" {
		p.Notice = p.T("login.expired")
	}
	h.render(w, r, http.StatusOK, "login", p)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	email, pw := r.PostFormValue("email"), r.PostFormValue("password")
	p := loginPage{Base: h.base(w, r, "login.title"), Email: email, Next: r.PostFormValue("next")}
	if email == "" || pw == "" {
		p.Errors = valid.Errors{{Field: "email", Key: "login.missing"}}
		h.render(w, r, http.StatusUnprocessableEntity, "login", p)
		return
	}
	token, stage, err := h.Auth.Login(r.Context(), email, pw, h.actor(r))
	if err != nil {
		h.loginFailed(w, r, p, err)
		return
	}
	h.startSession(w, token)
	h.setCookie(w, h.cookies.lang, p.L.Lang, 0)
	if stage == auth.StageEnroll {
		h.redirect(w, r, "/login/enrol")
		return
	}
	h.redirect(w, r, "/login/code?next="+urlQuery(safeNext(p.Next)))
}

// loginFailed shows the one message for every wrong combination (no hint
// whether the account exists), or the wait when throttled.
func (h *Handler) loginFailed(w http.ResponseWriter, r *http.Request, p loginPage, err error) {
	var thr *auth.ThrottledError
	switch {
	case errors.As(err, &thr):
		p.Errors = valid.Errors{{Field: "email", Key: "login.throttled", Args: []any{"Minutes", thr.Minutes()}}}
		w.Header().Set("Retry-After", itoa(int(thr.Wait.Seconds())+1))
		h.render(w, r, http.StatusTooManyRequests, "login", p)
	case errors.Is(err, auth.ErrInvalidCredentials):
		p.Errors = valid.Errors{{Field: "email", Key: "login.invalid"}}
		h.render(w, r, http.StatusUnauthorized, "login", p)
	default:
		h.serverError(w, r, err)
	}
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if st.token != "" {
		if err := h.Auth.Logout(r.Context(), st.token, h.actor(r)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.clearCookie(w, h.cookies.session)
	h.setFlash(w, "flash.logged_out")
	h.redirect(w, r, "/login")
}

// setLanguage switches the language for visitors (signed-in staff store it
// in their account, see accountLanguage).
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !isStaffLanguage(lang) {
		h.fail(w, r, http.StatusBadRequest, "error.bad_request")
		return
	}
	st := stateOf(r)
	if st.user != nil && st.session.Stage == auth.StageFull && lang != st.user.Language {
		if err := h.Auth.SetLanguage(r.Context(), st.user, lang, h.actor(r)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	h.setCookie(w, h.cookies.lang, lang, 365*24*time.Hour)
	h.redirect(w, r, safeBack(r.PostFormValue("back")))
}

// safeBack returns to a local page after a language switch.
func safeBack(back string) string {
	if back == "" {
		return "/"
	}
	if n := safeNext(back); n != "/dashboard" || back == "/dashboard" {
		return n
	}
	return "/"
}
