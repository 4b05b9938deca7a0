package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// loginPasskeyOptions starts a sign-in with a passkey alone.
func (h *Handler) loginPasskeyOptions(w http.ResponseWriter, r *http.Request) {
	c, err := h.Auth.BeginPasskeySignIn(r.Context())
	h.ceremonyJSON(w, r, c, err)
}

// loginPasskey finishes it: a full session, like password and code.
func (h *Handler) loginPasskey(w http.ResponseWriter, r *http.Request) {
	req, ok := h.passkeyAnswer(w, r)
	if !ok {
		return
	}
	token, err := h.Auth.FinishPasskeySignIn(r.Context(), req.ID, req.Credential, site.PrincipalOf(r))
	h.passkeySession(w, r, token, err, "/dashboard")
}

// passkeySession starts the full session of a passkey login, or says why
// not (throttled 429, refused 401).
func (h *Handler) passkeySession(w http.ResponseWriter, r *http.Request, token string, err error, next string) {
	var thr *auth.ThrottledError
	switch {
	case err == nil:
		h.StartSession(w, token)
		h.rememberDevice(w, r)
		passkeyJSON(w, http.StatusOK, map[string]string{"next": site.SafeNext(next)})
	case errors.As(err, &thr):
		passkeyJSON(w, http.StatusTooManyRequests, map[string]string{"error": site.StateOf(r).Loc.T("login.throttled_code", "Minutes", thr.Minutes())})
	case errors.Is(err, auth.ErrInvalidCredentials), errors.Is(err, auth.ErrInvalidCode), errors.Is(err, auth.ErrPasskey):
		h.passkeyRefused(w, r, http.StatusUnauthorized, "passkey.refused")
	case errors.Is(err, auth.ErrSessionInvalid):
		h.passkeyRefused(w, r, http.StatusUnauthorized, "passkey.session")
	default:
		h.Log.Error("passkey login", "err", err)
		h.passkeyRefused(w, r, http.StatusInternalServerError, "passkey.refused")
	}
}

// codePasskeyOptions starts the second step of a login with a passkey.
func (h *Handler) codePasskeyOptions(w http.ResponseWriter, r *http.Request) {
	c, err := h.Auth.BeginPasskeySecondFactor(r.Context(), site.StateOf(r).Token)
	h.ceremonyJSON(w, r, c, err)
}

func (h *Handler) codePasskey(w http.ResponseWriter, r *http.Request) {
	req, ok := h.passkeyAnswer(w, r)
	if !ok {
		return
	}
	token, err := h.Auth.FinishPasskeySecondFactor(r.Context(), site.StateOf(r).Token, req.ID, req.Credential, site.PrincipalOf(r))
	h.passkeySession(w, r, token, err, r.URL.Query().Get("next"))
}

// verifyPasskeyOptions starts renewing the second factor with a passkey.
func (h *Handler) verifyPasskeyOptions(w http.ResponseWriter, r *http.Request) {
	c, err := h.Auth.BeginPasskeyStepUp(r.Context(), site.PrincipalOf(r))
	h.ceremonyJSON(w, r, c, err)
}

func (h *Handler) verifyPasskey(w http.ResponseWriter, r *http.Request) {
	req, ok := h.passkeyAnswer(w, r)
	if !ok {
		return
	}
	err := h.Auth.FinishPasskeyStepUp(r.Context(), site.PrincipalOf(r), req.ID, req.Credential)
	var thr *auth.ThrottledError
	switch {
	case err == nil:
		passkeyJSON(w, http.StatusOK, map[string]string{"next": site.SafeNext(r.URL.Query().Get("next"))})
	case errors.As(err, &thr):
		passkeyJSON(w, http.StatusTooManyRequests, map[string]string{"error": site.StateOf(r).Loc.T("login.throttled_code", "Minutes", thr.Minutes())})
	case errors.Is(err, auth.ErrInvalidCode), errors.Is(err, auth.ErrPasskey):
		h.passkeyRefused(w, r, http.StatusUnauthorized, "passkey.refused")
	default:
		h.ceremonyJSON(w, r, auth.Ceremony{}, err)
	}
}
