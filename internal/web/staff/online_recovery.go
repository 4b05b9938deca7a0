package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The office recovery key (docs/E2E.md): counselors escrow their key to
// it, leads release it to a counselor who forgot the key passphrase. The
// scripts do the cryptography; these endpoints store what they send.

func (h *Handler) apiEscrowTargets(w http.ResponseWriter, r *http.Request) {
	list, err := h.Online.EscrowTargets(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"targets": nonNil(list)})
}

func (h *Handler) apiSetEscrow(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Escrow []online.Escrow `json:"escrow"`
	}
	if !h.readJSON(w, r, &in) {
		return
	}
	if err := h.Online.SetEscrow(r.Context(), site.PrincipalOf(r), in.Escrow); err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]int{"stored": len(in.Escrow)})
}

func (h *Handler) apiRequestKeyReset(w http.ResponseWriter, r *http.Request) {
	var in staffKeyRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	err := h.Online.RequestKeyReset(r.Context(), site.PrincipalOf(r), online.StaffKey{PublicKey: in.PublicKey, Salt: in.Salt,
		PrivateByPassword: in.PrivateByPassword})
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]bool{"requested": true})
}

func (h *Handler) apiKeyReset(w http.ResponseWriter, r *http.Request) {
	rs, err := h.Online.KeyResetOf(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, rs)
}

func (h *Handler) apiCompleteKeyReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Salt              string `json:"salt"`
		PrivateByPassword string `json:"private_by_password"`
	}
	if !h.readJSON(w, r, &in) {
		return
	}
	if err := h.Online.CompleteKeyReset(r.Context(), site.PrincipalOf(r), in.Salt, in.PrivateByPassword); err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	h.SetFlash(w, "flash.online_key_restored")
	site.WriteJSON(w, http.StatusOK, map[string]string{"user_id": site.PrincipalOf(r).UserID()})
}

func (h *Handler) apiSetOfficeKey(w http.ResponseWriter, r *http.Request) {
	var in online.OfficeKey
	if !h.readJSON(w, r, &in) {
		return
	}
	if err := h.Online.SetOfficeKey(r.Context(), site.PrincipalOf(r), in); err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]string{"office_id": in.OfficeID})
}

func (h *Handler) apiOfficeKey(w http.ResponseWriter, r *http.Request) {
	k, err := h.Online.OfficeKeyOf(r.Context(), site.PrincipalOf(r), r.PathValue("office"))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, k)
}

func (h *Handler) apiPendingResets(w http.ResponseWriter, r *http.Request) {
	list, err := h.Online.PendingResets(r.Context(), site.PrincipalOf(r), r.PathValue("office"))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"resets": nonNil(list)})
}

func (h *Handler) apiGrantKeyReset(w http.ResponseWriter, r *http.Request) {
	var in online.Escrow
	if !h.readJSON(w, r, &in) {
		return
	}
	err := h.Online.GrantKeyReset(r.Context(), site.PrincipalOf(r), r.PathValue("office"), r.PathValue("user"), in)
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	h.SetFlash(w, "flash.online_key_reset_granted")
	site.WriteJSON(w, http.StatusOK, map[string]bool{"granted": true})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
