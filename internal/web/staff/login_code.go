package staff

import (
	"bytes"
	"errors"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type codePage struct {
	site.Base
	Next string
}

func (h *Handler) codeForm(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageMFA) {
		return
	}
	p := codePage{Base: h.Base(w, r, "code.title"), Next: r.URL.Query().Get("next")}
	p.Passkeys = h.Auth.PasskeysOn()
	h.Render(w, r, http.StatusOK, "login_code", p)
}

func (h *Handler) code(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageMFA) {
		return
	}
	p := codePage{Base: h.Base(w, r, "code.title"), Next: r.PostFormValue("next")}
	p.Passkeys = h.Auth.PasskeysOn()
	token, err := h.Auth.VerifyTOTP(r.Context(), site.StateOf(r).Token, r.PostFormValue("code"), site.PrincipalOf(r))
	h.finishLogin(w, r, token, err, func(key string) {
		p.Errors = valid.Errors{{Field: "code", Key: key}}
		h.Render(w, r, codeStatus(key), "login_code", p)
	}, p.Next)
}

func (h *Handler) recoveryForm(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageMFA) {
		return
	}
	h.Render(w, r, http.StatusOK, "login_recovery", codePage{Base: h.Base(w, r, "recovery.title")})
}

func (h *Handler) recovery(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageMFA) {
		return
	}
	p := codePage{Base: h.Base(w, r, "recovery.title")}
	token, err := h.Auth.UseRecoveryCode(r.Context(), site.StateOf(r).Token, r.PostFormValue("code"), site.PrincipalOf(r))
	h.finishLogin(w, r, token, err, func(key string) {
		p.Errors = valid.Errors{{Field: "code", Key: key}}
		h.Render(w, r, codeStatus(key), "login_recovery", p)
	}, "")
}

func codeStatus(key string) int {
	if key == "login.throttled_code" {
		return http.StatusTooManyRequests
	}
	return http.StatusUnauthorized
}

// finishLogin stores the full session token or shows why the code failed.
func (h *Handler) finishLogin(w http.ResponseWriter, r *http.Request, token string, err error, refuse func(key string), next string) {
	var thr *auth.ThrottledError
	switch {
	case err == nil:
		h.StartSession(w, token)
		h.rememberDevice(w, r)
		h.Redirect(w, r, site.SafeNext(next))
	case errors.As(err, &thr):
		refuse("login.throttled_code")
	case errors.Is(err, auth.ErrInvalidCode):
		refuse("code.invalid")
	case errors.Is(err, auth.ErrPasskeyRequired):
		refuse("passkey.required_for_role")
	case errors.Is(err, auth.ErrSessionInvalid):
		h.ClearCookie(w, h.Cookies().Session)
		h.Redirect(w, r, "/login?expired=1")
	default:
		h.ServerError(w, r, err)
	}
}

// deviceCookieLife is how long a browser stays known to an account after
// its last complete login (browsers keep a cookie 400 days at most).
const deviceCookieLife = 400 * 24 * time.Hour

// rememberDevice marks this browser as one in which the account of the
// finished login signed in: a stranger's failed attempts will not lock it
// out (auth's throttling).
func (h *Handler) rememberDevice(w http.ResponseWriter, r *http.Request) {
	if email := site.PrincipalOf(r).Email(); email != "" {
		h.SetCookie(w, h.Cookies().Device, h.Auth.DeviceToken(email), deviceCookieLife)
	}
}

// atStage sends a session at another login step to the right page.
func (h *Handler) atStage(w http.ResponseWriter, r *http.Request, want auth.Stage) bool {
	st := site.StateOf(r)
	if st.Session.Stage == want {
		return true
	}
	h.ToLogin(w, r, st)
	return false
}

type enrolPage struct {
	site.Base
	Secret string
	Codes  []string
}

func (h *Handler) enrolForm(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageEnroll) {
		return
	}
	key, err := h.Auth.EnrollmentKey(r.Context(), site.StateOf(r).Token)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "login_enrol", enrolPage{Base: h.Base(w, r, "enrol.title"), Secret: groupSecret(key.Secret())})
}

// groupSecret shows the manual key in blocks of four for easier typing.
func groupSecret(s string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

func (h *Handler) enrolQR(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageEnroll) {
		return
	}
	key, err := h.Auth.EnrollmentKey(r.Context(), site.StateOf(r).Token)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	img, err := key.Image(240, 240)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		h.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(buf.Bytes())
}

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	if !h.atStage(w, r, auth.StageEnroll) {
		return
	}
	token, codes, err := h.Auth.ConfirmEnrollment(r.Context(), site.StateOf(r).Token, r.PostFormValue("code"), site.PrincipalOf(r))
	if err == nil {
		// Show the recovery codes once, right away: they are never shown again.
		h.StartSession(w, token)
		h.rememberDevice(w, r)
		st := site.StateOf(r)
		if sess, p, err := h.Auth.Authenticate(r.Context(), token, st.Principal.Client()); err == nil {
			st.Session, st.Principal = sess, p
		}
		h.Render(w, r, http.StatusOK, "recovery_codes", enrolPage{Base: h.Base(w, r, "codes.title"), Codes: codes})
		return
	}
	h.finishLogin(w, r, "", err, func(key string) {
		p := enrolPage{Base: h.Base(w, r, "enrol.title")}
		if k, kerr := h.Auth.EnrollmentKey(r.Context(), site.StateOf(r).Token); kerr == nil {
			p.Secret = groupSecret(k.Secret())
		}
		p.Errors = valid.Errors{{Field: "code", Key: key}}
		h.Render(w, r, codeStatus(key), "login_enrol", p)
	}, "")
}
