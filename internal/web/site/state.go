package site

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// State is what the guard learns about a request before the handler runs.
type State struct {
	Session *auth.Session
	// Principal is who acts: built once per request, from the session
	// through auth (anonymous without one).
	Principal auth.Principal
	Token     string
	// Expired is set when a cookie named a session that is gone.
	Expired bool
	Loc     *i18n.Localizer
	// OnlineClient is the anonymous online-counseling client whose session
	// cookie came with the request ("" without one).
	OnlineClient string
	// Volunteer is the token of a volunteer's account session that came
	// with the request and is valid ("" without one).
	Volunteer string
	// csrf makes the request's CSRF token on first use (see CSRF).
	csrf      func() string
	csrfToken string
}

// CSRF returns the request's CSRF token, setting the CSRF cookie if the
// visitor has none. It is made only when a page shows a form that needs
// it: a public search or office page sets no cookie and signs nothing.
func (st *State) CSRF() string {
	if st.csrfToken == "" && st.csrf != nil {
		st.csrfToken = st.csrf()
	}
	return st.csrfToken
}

type stateKey struct{}

// StateOf returns the request's state (empty outside the guard).
func StateOf(r *http.Request) *State {
	if s, ok := r.Context().Value(stateKey{}).(*State); ok {
		return s
	}
	return &State{}
}

// WithState returns r carrying s.
func WithState(r *http.Request, s *State) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, s))
}

// CookieNames are __Host- prefixed when cookies are Secure: browsers refuse
// a __Host- cookie without Secure, so plain-HTTP development uses the bare
// names.
type CookieNames struct {
	Session, CSRF, Lang, Flash string
	// Device marks a browser in which an account signed in before (see
	// auth.Service.DeviceToken): its failures alone count against it.
	Device string
	// Online is the session of an anonymous online-counseling client.
	Online string
	// Volunteer is the session of a volunteer's account.
	Volunteer string
	secure    bool
}

func namesFor(secure bool) CookieNames {
	p := ""
	if secure {
		p = "__Host-"
	}
	return CookieNames{Session: p + "kmn_session", CSRF: p + "kmn_csrf", Lang: p + "kmn_lang", Flash: p + "kmn_flash",
		Device: p + "kmn_device", Online: p + "kmn_online", Volunteer: p + "kmn_volunteer", secure: secure}
}

// Cookies names the platform's cookies.
func (k *Kit) Cookies() CookieNames { return k.cookies }

// SetCookie sets an HttpOnly, SameSite=Lax cookie for the whole site
// (Secure when the site runs on HTTPS); maxAge 0 lasts the browser session.
func (k *Kit) SetCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: k.cookies.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())})
}

// ClearCookie removes a cookie.
func (k *Kit) ClearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: k.cookies.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// StartSession stores a new session token in the cookie. The cookie has no
// Max-Age: it ends with the browser, and the server enforces the timeouts.
func (k *Kit) StartSession(w http.ResponseWriter, token string) {
	k.SetCookie(w, k.cookies.Session, token, 0)
}

// loadState reads the session cookie and picks the language.
func (k *Kit) loadState(w http.ResponseWriter, r *http.Request) *State {
	client := auth.Client{IP: k.ClientIP(r), UserAgent: r.UserAgent()}
	if c, err := r.Cookie(k.cookies.Device); err == nil {
		client.Device = c.Value
	}
	st := &State{Principal: auth.Anonymous(client)}
	if c, err := r.Cookie(k.cookies.Session); err == nil && c.Value != "" {
		sess, p, err := k.o.Auth.Authenticate(r.Context(), c.Value, client)
		if err == nil {
			st.Session, st.Principal, st.Token = sess, p, c.Value
		} else {
			st.Expired = true
			k.ClearCookie(w, k.cookies.Session)
		}
	}
	k.loadOnlineClient(w, r, st)
	k.loadVolunteer(w, r, st)
	st.Loc = k.o.Catalog.Localizer(k.language(r, st))
	st.csrf = func() string { return k.csrfToken(w, r) }
	return st
}

// language: the user's stored choice, else the visitor's cookie, else the
// browser's Accept-Language, else German.
func (k *Kit) language(r *http.Request, st *State) string {
	if st.Principal.Staff() {
		return st.Principal.Language()
	}
	if c, err := r.Cookie(k.cookies.Lang); err == nil && IsStaffLanguage(c.Value) {
		return c.Value
	}
	return k.o.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Staff)
}

// IsStaffLanguage reports whether l is a language of the staff interface.
func IsStaffLanguage(l string) bool { return slices.Contains(i18n.Staff, l) }

// PrincipalOf is who acts in the request (anonymous outside the guard).
func PrincipalOf(r *http.Request) auth.Principal { return StateOf(r).Principal }

// Staff reports whether the request comes with a completed staff login.
func (st *State) Staff() bool {
	return st.Session != nil && st.Session.Stage == auth.StageFull && st.Principal.Staff()
}

// ClientIP is the client's address (from X-Forwarded-For behind a proxy).
func (k *Kit) ClientIP(r *http.Request) string { return httpx.ClientIP(r, k.o.Config.BehindProxy) }

// loadOnlineClient looks up the online-counseling session, if the request
// has one and the platform offers online counseling; an unknown or expired
// one is cleared.
func (k *Kit) loadOnlineClient(w http.ResponseWriter, r *http.Request, st *State) {
	if k.o.OnlineClient == nil {
		return
	}
	c, err := r.Cookie(k.cookies.Online)
	if err != nil || c.Value == "" {
		return
	}
	if id, ok := k.o.OnlineClient(r.Context(), c.Value); ok {
		st.OnlineClient = id
		return
	}
	k.ClearCookie(w, k.cookies.Online)
}

// OnlineToken is the online-counseling session token the request carries.
func (k *Kit) OnlineToken(r *http.Request) string {
	if c, err := r.Cookie(k.cookies.Online); err == nil {
		return c.Value
	}
	return ""
}

// SetOnlineSession starts (token) or ends ("") an online-counseling
// session in the browser; the cookie lives as long as the browser runs.
func (k *Kit) SetOnlineSession(w http.ResponseWriter, token string) {
	if token == "" {
		k.ClearCookie(w, k.cookies.Online)
		return
	}
	k.SetCookie(w, k.cookies.Online, token, 0)
}

// loadVolunteer looks up a volunteer's account session, if the request
// has one; an unknown or ended one is cleared.
func (k *Kit) loadVolunteer(w http.ResponseWriter, r *http.Request, st *State) {
	if k.o.VolunteerSession == nil {
		return
	}
	c, err := r.Cookie(k.cookies.Volunteer)
	if err != nil || c.Value == "" {
		return
	}
	if k.o.VolunteerSession(r.Context(), c.Value) {
		st.Volunteer = c.Value
		return
	}
	k.ClearCookie(w, k.cookies.Volunteer)
}

// SetVolunteerSession starts (token) or ends ("") a volunteer's account
// session in the browser; the cookie lives as long as the browser runs.
func (k *Kit) SetVolunteerSession(w http.ResponseWriter, token string) {
	if token == "" {
		k.ClearCookie(w, k.cookies.Volunteer)
		return
	}
	k.SetCookie(w, k.cookies.Volunteer, token, 0)
}
