package staff

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// ssoCookie binds a sign-in at an identity provider to the browser that
// started it: the callback is taken only with the same state in it, so a
// stranger's callback link cannot sign a victim into the stranger's
// account (login CSRF).
func (h *Handler) ssoCookie() string { return h.Cookies().Session + "_sso" }

// ssoStart sends the browser to the organisation's identity provider.
func (h *Handler) ssoStart(w http.ResponseWriter, r *http.Request) {
	to, err := h.Auth.BeginSSO(r.Context(), r.PathValue("id"), site.SafeNext(r.URL.Query().Get("next")))
	switch {
	case errors.Is(err, auth.ErrSSO):
		h.NotFound(w, r)
		return
	case err != nil:
		h.Log.Warn("sso start", "provider", r.PathValue("id"), "err", err)
		h.Fail(w, r, http.StatusBadGateway, "sso.unreachable")
		return
	}
	u, _ := url.Parse(to)
	h.SetCookie(w, h.ssoCookie(), u.Query().Get("state"), 10*time.Minute)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// ssoCallback takes the provider's answer and starts the session: full,
// or with the code (or its set-up) still to come.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bound, err := r.Cookie(h.ssoCookie())
	h.ClearCookie(w, h.ssoCookie())
	if q.Get("error") != "" || err != nil || bound.Value == "" || bound.Value != q.Get("state") {
		h.ssoRefused(w, r, http.StatusUnauthorized, "sso.failed")
		return
	}
	res, err := h.Auth.FinishSSO(r.Context(), q.Get("state"), q.Get("code"), site.PrincipalOf(r))
	switch {
	case errors.Is(err, auth.ErrSSOUnknown):
		h.ssoRefused(w, r, http.StatusForbidden, "sso.unknown")
	case errors.Is(err, auth.ErrSSO):
		h.ssoRefused(w, r, http.StatusUnauthorized, "sso.failed")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.StartSession(w, res.Token)
		switch res.Stage {
		case auth.StageFull:
			h.rememberDevice(w, r)
			h.Redirect(w, r, site.SafeNext(res.Next))
		case auth.StageEnroll:
			h.Redirect(w, r, "/login/enrol")
		default:
			h.Redirect(w, r, "/login/code?next="+url.QueryEscape(res.Next))
		}
	}
}

// ssoRefused shows the login page with why the sign-in did not work.
func (h *Handler) ssoRefused(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := h.loginPageOf(w, r, "")
	p.Notice = p.T(key)
	h.Render(w, r, status, "login", p)
}

// ssoBackChannelLogout takes a provider's logout token (OpenID Connect
// Back-Channel Logout: a server-to-server POST, so no session or CSRF
// token; the token's signature is the proof) and ends the sessions it
// names: 200, or 400 for a token that does not verify.
func (h *Handler) ssoBackChannelLogout(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if r.ParseForm() != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	n, err := h.Auth.BackChannelLogout(r.Context(), r.PathValue("id"), r.PostFormValue("logout_token"))
	switch {
	case errors.Is(err, auth.ErrSSO):
		w.WriteHeader(http.StatusBadRequest)
	case err != nil:
		h.Log.Warn("sso logout", "provider", r.PathValue("id"), "err", err)
		w.WriteHeader(http.StatusBadGateway)
	default:
		h.Log.Info("sso logout", "provider", r.PathValue("id"), "sessions", n)
		w.WriteHeader(http.StatusOK)
	}
}
