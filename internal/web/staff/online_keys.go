package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineKeysPage sets up (first time) or unlocks (in a new browser) the
// counselor's online counseling key; the script does the cryptography.
type onlineKeysPage struct {
	site.Base
	HasKey bool
	Next   string
	// Reset is the counselor's request to get the key back under a new
	// passphrase (nil without one); Granted once the lead released it.
	Reset *online.KeyReset
}

func (h *Handler) onlineKeys(w http.ResponseWriter, r *http.Request) {
	_, err := h.Online.StaffKeyOf(r.Context(), site.PrincipalOf(r))
	if err != nil && !errors.Is(err, online.ErrNoKey) {
		h.ServerError(w, r, err)
		return
	}
	page := onlineKeysPage{Base: h.Base(w, r, "onlinestaff.keys_title"), HasKey: err == nil, Next: "/online"}
	if page.HasKey {
		if rs, err := h.Online.KeyResetOf(r.Context(), site.PrincipalOf(r)); err == nil {
			page.Reset = rs
		} else if !errors.Is(err, online.ErrNotFound) {
			h.ServerError(w, r, err)
			return
		}
	}
	if next := r.URL.Query().Get("next"); next != "" {
		page.Next = site.SafeNext(next)
	}
	page.Base.Online = true
	h.Render(w, r, http.StatusOK, "online_keys", page)
}

// apiStaffKey gives the script the sealed key to unlock with the key
// passphrase (404 before it is set up).
func (h *Handler) apiStaffKey(w http.ResponseWriter, r *http.Request) {
	k, err := h.Online.StaffKeyOf(r.Context(), site.PrincipalOf(r))
	if errors.Is(err, online.ErrNoKey) {
		h.FailJSON(w, r, http.StatusNotFound, "onlinestaff.no_key")
		return
	}
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"user_id": k.UserID, "public_key": k.PublicKey, "salt": k.Salt,
		"private_by_password": k.PrivateByPassword})
}

type staffKeyRequest struct {
	PublicKey         string `json:"public_key"`
	Salt              string `json:"salt"`
	PrivateByPassword string `json:"private_by_password"`
}

func (h *Handler) apiSetStaffKey(w http.ResponseWriter, r *http.Request) {
	var in staffKeyRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	p := site.PrincipalOf(r)
	err := h.Online.SetStaffKey(r.Context(), p, online.StaffKey{PublicKey: in.PublicKey, Salt: in.Salt, PrivateByPassword: in.PrivateByPassword})
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]string{"user_id": p.UserID()})
}

// onlineAnswer turns a store error into its JSON answer.
func (h *Handler) onlineAnswer(w http.ResponseWriter, r *http.Request, err error) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.ProblemsJSON(w, r, problems)
	case errors.Is(err, online.ErrNotFound):
		h.FailJSON(w, r, http.StatusNotFound, "error.not_found")
	case errors.Is(err, online.ErrSequence):
		h.FailJSON(w, r, http.StatusConflict, "online.error_conflict")
	case errors.Is(err, online.ErrChanged):
		h.FailJSON(w, r, http.StatusConflict, "online.error_closed")
	default:
		h.Log.Error("online staff api", "path", r.URL.Path, "err", err)
		h.FailJSON(w, r, http.StatusInternalServerError, "error.internal")
	}
}
