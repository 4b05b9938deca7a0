package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type loginPage struct {
	site.Base
	Email  string
	Next   string
	Notice string
	// SSO are the organisations' identity providers to sign in at.
	SSO []site.Link
}

// loginPageOf is the login page with the ways to sign in.
func (h *Handler) loginPageOf(w http.ResponseWriter, r *http.Request, next string) loginPage {
	p := loginPage{Base: h.Base(w, r, "login.title"), Next: next}
	p.Passkeys = h.Auth.PasskeysOn()
	providers, err := h.Auth.SSOProviders(r.Context())
	if err != nil {
		h.Log.Warn("sso providers", "err", err)
	}
	for _, prov := range providers {
		href := "/login/sso/" + prov.ID
		if next != "" {
			href += "?next=" + url.QueryEscape(next)
		}
		p.SSO = append(p.SSO, site.Link{Href: href, Label: p.T("sso.sign_in_at", "Name", prov.Name)})
	}
	return p
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if site.StateOf(r).Staff() {
		h.Redirect(w, r, site.SafeNext(r.URL.Query().Get("next")))
		return
	}
	p := h.loginPageOf(w, r, r.URL.Query().Get("next"))
	if r.URL.Query().Get("expired") != "" {
		p.Notice = p.T("login.expired")
	}
	h.Render(w, r, http.StatusOK, "login", p)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	email, pw := r.PostFormValue("email"), r.PostFormValue("password")
	p := h.loginPageOf(w, r, r.PostFormValue("next"))
	p.Email = email
	if email == "" || pw == "" {
		p.Errors = valid.Errors{{Field: "email", Key: "login.missing"}}
		h.Render(w, r, http.StatusUnprocessableEntity, "login", p)
		return
	}
	token, stage, err := h.Auth.Login(r.Context(), email, pw, site.PrincipalOf(r))
	if err != nil {
		h.loginFailed(w, r, p, err)
		return
	}
	h.StartSession(w, token)
	h.SetCookie(w, h.Cookies().Lang, p.L.Lang, 0)
	if stage == auth.StageEnroll {
		h.Redirect(w, r, "/login/enrol")
		return
	}
	h.Redirect(w, r, "/login/code?next="+url.QueryEscape(site.SafeNext(p.Next)))
}

// loginFailed shows the one message for every wrong combination (no hint
// whether the account exists), or the wait when throttled.
func (h *Handler) loginFailed(w http.ResponseWriter, r *http.Request, p loginPage, err error) {
	var thr *auth.ThrottledError
	switch {
	case errors.As(err, &thr):
		p.Errors = valid.Errors{{Field: "email", Key: "login.throttled", Args: []any{"Minutes", thr.Minutes()}}}
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.Wait.Seconds())+1))
		h.Render(w, r, http.StatusTooManyRequests, "login", p)
	case errors.Is(err, auth.ErrInvalidCredentials):
		p.Errors = valid.Errors{{Field: "email", Key: "login.invalid"}}
		h.Render(w, r, http.StatusUnauthorized, "login", p)
	default:
		h.ServerError(w, r, err)
	}
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	st := site.StateOf(r)
	if st.Token != "" {
		if err := h.Auth.Logout(r.Context(), st.Token, site.PrincipalOf(r)); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	h.ClearCookie(w, h.Cookies().Session)
	h.SetFlash(w, "flash.logged_out")
	h.Redirect(w, r, "/login")
}

// setLanguage switches the language for visitors (signed-in staff store it
// in their account, see accountLanguage).
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !site.IsStaffLanguage(lang) {
		h.Fail(w, r, http.StatusBadRequest, "error.bad_request")
		return
	}
	if me := site.PrincipalOf(r); site.StateOf(r).Staff() && lang != me.Language() {
		if err := h.Auth.SetLanguage(r.Context(), me, lang); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	h.SetCookie(w, h.Cookies().Lang, lang, 365*24*time.Hour)
	h.Redirect(w, r, safeBack(r.PostFormValue("back")))
}

// safeBack returns to a local page after a language switch.
func safeBack(back string) string {
	if back == "" {
		return "/"
	}
	if n := site.SafeNext(back); n != "/dashboard" || back == "/dashboard" {
		return n
	}
	return "/"
}
