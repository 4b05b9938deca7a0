package web

import (
	"context"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// state is what the guard learns about a request before the handler runs.
type state struct {
	session *auth.Session
	user    *auth.User
	token   string
	// expired is set when a cookie named a session that is gone.
	expired bool
	loc     *i18n.Localizer
	csrf    string
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	if s, ok := r.Context().Value(stateKey{}).(*state); ok {
		return s
	}
	return &state{}
}

func withState(r *http.Request, s *state) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, s))
}

// cookieNames are __Host- prefixed when cookies are Secure: browsers refuse
// a __Host- cookie without Secure, so plain-HTTP development uses the bare
// names.
type cookieNames struct {
	session, csrf, lang, flash string
	secure                     bool
}

func namesFor(secure bool) cookieNames {
	p := ""
	if secure {
		p = "__Host-"
	}
	return cookieNames{session: p + "kmn_session", csrf: p + "kmn_csrf", lang: p + "kmn_lang", flash: p + "kmn_flash", secure: secure}
}

func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: h.cookies.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())})
}

func (h *Handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: h.cookies.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// startSession stores a new session token in the cookie. The cookie has no
// Max-Age: it ends with the browser, and the server enforces the timeouts.
func (h *Handler) startSession(w http.ResponseWriter, token string) {
	h.setCookie(w, h.cookies.session, token, 0)
}

// loadState reads the session cookie and picks the language.
func (h *Handler) loadState(w http.ResponseWriter, r *http.Request) *state {
	st := &state{}
	if c, err := r.Cookie(h.cookies.session); err == nil && c.Value != "" {
		sess, u, err := h.Auth.Authenticate(r.Context(), c.Value)
		if err == nil {
			st.session, st.user, st.token = sess, u, c.Value
		} else {
			st.expired = true
			h.clearCookie(w, h.cookies.session)
		}
	}
	st.loc = h.Catalog.Localizer(h.language(r, st))
	st.csrf = h.csrfToken(w, r)
	return st
}

// language: the user's stored choice, else the visitor's cookie, else the
// browser's Accept-Language, else German.
func (h *Handler) language(r *http.Request, st *state) string {
	if st.user != nil && st.session.Stage == auth.StageFull {
		return st.user.Language
	}
	if c, err := r.Cookie(h.cookies.lang); err == nil && isStaffLanguage(c.Value) {
		return c.Value
	}
	return h.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Staff)
}

func isStaffLanguage(l string) bool {
	for _, s := range i18n.Staff {
		if s == l {
			return true
		}
	}
	return false
}

// actor describes the current user and client for the audit log.
func (h *Handler) actor(r *http.Request) auth.Actor {
	return auth.ActorOf(stateOf(r).user, h.clientIP(r), r.UserAgent())
}

func (h *Handler) clientIP(r *http.Request) string { return httpx.ClientIP(r, h.Config.BehindProxy) }
