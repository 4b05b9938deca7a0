package staff

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// verifyPage asks for a fresh code before a dangerous action (step-up).
type verifyPage struct {
	site.Base
	Next string
}

func (h *Handler) verifyForm(w http.ResponseWriter, r *http.Request) {
	p := verifyPage{Base: h.Base(w, r, "stepup.title"), Next: site.SafeNext(r.URL.Query().Get("next"))}
	p.Passkeys = h.Auth.PasskeysOn()
	h.Render(w, r, http.StatusOK, "account_verify", p)
}

// verify checks the code and goes back to the action.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	next := site.SafeNext(r.PostFormValue("next"))
	err := h.Auth.StepUp(r.Context(), site.PrincipalOf(r), r.PostFormValue("code"))
	var thr *auth.ThrottledError
	key, status := "", http.StatusUnauthorized
	switch {
	case err == nil:
		h.Redirect(w, r, next)
		return
	case errors.As(err, &thr):
		key, status = "login.throttled_code", http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(int(thr.Wait.Seconds())+1))
	case errors.Is(err, auth.ErrInvalidCode):
		key = "code.invalid"
	default:
		h.ServerError(w, r, err)
		return
	}
	p := verifyPage{Base: h.Base(w, r, "stepup.title"), Next: next}
	p.Passkeys = h.Auth.PasskeysOn()
	p.Errors = valid.Errors{{Field: "code", Key: key}}
	h.Render(w, r, status, "account_verify", p)
}
