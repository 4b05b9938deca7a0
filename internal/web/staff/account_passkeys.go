package staff

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// passkeysPage lists the account's passkeys and adds one.
type passkeysPage struct {
	site.Base
	On   bool
	Keys []passkeyRow
	// Required: the role must use a passkey and the account has none yet.
	Required bool
}

// passkeyRow is a passkey as the page shows it.
type passkeyRow struct {
	ID, Name, Added, Used string
	Synced                bool
}

func (h *Handler) passkeysPage(w http.ResponseWriter, r *http.Request) {
	keys, err := h.Auth.Passkeys(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := passkeysPage{Base: h.Base(w, r, "passkey.title"), On: h.Auth.PasskeysOn(),
		Required: site.StateOf(r).Session.PasskeyDue}
	p.Passkeys = p.On
	for _, k := range keys {
		row := passkeyRow{ID: k.ID, Name: k.Name, Added: p.L.Date(k.CreatedAt), Synced: k.SyncedAcrossDevices}
		if !k.LastUsed.IsZero() {
			row.Used = p.L.Date(k.LastUsed)
		}
		p.Keys = append(p.Keys, row)
	}
	h.Render(w, r, http.StatusOK, "account_passkeys", p)
}

// passkeyRequest is what passkey.js posts to finish a ceremony.
type passkeyRequest struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"`
}

// maxPasskeyBody bounds a ceremony's answer (a few kilobytes in practice).
const maxPasskeyBody = 64 << 10

// passkeyAnswer reads what passkey.js posts; it answers 400 itself for
// anything else.
func (h *Handler) passkeyAnswer(w http.ResponseWriter, r *http.Request) (passkeyRequest, bool) {
	var req passkeyRequest
	b, err := io.ReadAll(io.LimitReader(r.Body, maxPasskeyBody+1))
	if err != nil || len(b) > maxPasskeyBody || json.Unmarshal(b, &req) != nil || req.ID == "" || len(req.Credential) == 0 {
		h.passkeyRefused(w, r, http.StatusBadRequest, "passkey.refused")
		return req, false
	}
	return req, true
}

// passkeyJSON answers a passkey endpoint.
func passkeyJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ceremonyJSON answers the start of a ceremony, or why it cannot start.
func (h *Handler) ceremonyJSON(w http.ResponseWriter, r *http.Request, c auth.Ceremony, err error) {
	switch {
	case err == nil:
		passkeyJSON(w, http.StatusOK, map[string]any{"id": c.ID, "options": c.Options})
	case errors.Is(err, auth.ErrPasskeysOff), errors.Is(err, auth.ErrPasskey):
		h.passkeyRefused(w, r, http.StatusUnprocessableEntity, "passkey.none_for_account")
	case errors.Is(err, auth.ErrSessionInvalid):
		h.passkeyRefused(w, r, http.StatusUnauthorized, "passkey.session")
	default:
		h.Log.Error("passkey ceremony", "err", err)
		h.passkeyRefused(w, r, http.StatusInternalServerError, "passkey.refused")
	}
}

// passkeyRefused answers a refused step with its message in the page's
// language.
func (h *Handler) passkeyRefused(w http.ResponseWriter, r *http.Request, status int, key string) {
	passkeyJSON(w, status, map[string]string{"error": site.StateOf(r).Loc.T(key)})
}

func (h *Handler) passkeyOptions(w http.ResponseWriter, r *http.Request) {
	c, err := h.Auth.BeginPasskeyRegistration(r.Context(), site.PrincipalOf(r))
	h.ceremonyJSON(w, r, c, err)
}

func (h *Handler) passkeyAdd(w http.ResponseWriter, r *http.Request) {
	req, ok := h.passkeyAnswer(w, r)
	if !ok {
		return
	}
	err := h.Auth.FinishPasskeyRegistration(r.Context(), site.PrincipalOf(r), req.ID, req.Name, req.Credential)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.passkeyRefused(w, r, http.StatusUnprocessableEntity, problems[0].Key)
	case errors.Is(err, auth.ErrPasskey), errors.Is(err, auth.ErrPasskeysOff):
		h.passkeyRefused(w, r, http.StatusUnprocessableEntity, "passkey.refused")
	case err != nil:
		h.Log.Error("passkey add", "err", err)
		h.passkeyRefused(w, r, http.StatusInternalServerError, "passkey.refused")
	default:
		h.SetFlash(w, "flash.passkey_added")
		passkeyJSON(w, http.StatusOK, map[string]string{"next": "/account/passkeys"})
	}
}

func (h *Handler) passkeyRemove(w http.ResponseWriter, r *http.Request) {
	err := h.Auth.RemovePasskey(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.passkey_removed")
		h.Redirect(w, r, "/account/passkeys")
	}
}
