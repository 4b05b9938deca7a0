package public

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

func (h *Handler) apiRecoverySalt(w http.ResponseWriter, r *http.Request) {
	var in nicknameRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	salt, err := h.Online.RecoverySalt(r.Context(), in.Nickname)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"salt": salt})
}

type recoveryRequest struct {
	Nickname     string `json:"nickname"`
	RecoveryAuth string `json:"recovery_auth"`
}

// apiRecoveryKey hands out the private key sealed under the recovery code
// once the code is proven (limited like logins).
func (h *Handler) apiRecoveryKey(w http.ResponseWriter, r *http.Request) {
	var in recoveryRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	if !h.loginAllowed(r, in.Nickname) {
		h.FailJSON(w, r, http.StatusTooManyRequests, "online.error_too_many")
		return
	}
	sealed, err := h.Online.RecoveryKey(r.Context(), in.Nickname, in.RecoveryAuth)
	if err != nil {
		h.countFailure(r, in.Nickname, err)
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"private_by_recovery": sealed})
}

func (h *Handler) apiReset(w http.ResponseWriter, r *http.Request) {
	var in online.Reset
	if !h.readJSON(w, r, &in) {
		return
	}
	if !h.loginAllowed(r, in.Nickname) {
		h.FailJSON(w, r, http.StatusTooManyRequests, "online.error_too_many")
		return
	}
	id, token, err := h.Online.ResetPassword(r.Context(), in)
	if err != nil {
		h.countFailure(r, in.Nickname, err)
		h.answer(w, r, err)
		return
	}
	h.SetOnlineSession(w, token)
	site.WriteJSON(w, http.StatusOK, map[string]string{"client_id": id})
}
