package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// apiHandoverPlan tells the script whom to wrap the next epoch's key for
// when the counselor hands the conversation to the colleague ?to=.
func (h *Handler) apiHandoverPlan(w http.ResponseWriter, r *http.Request) {
	plan, err := h.Online.PlanHandover(r.Context(), site.PrincipalOf(r), r.PathValue("id"), r.URL.Query().Get("to"))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, plan)
}

type handoverRequest struct {
	To      string       `json:"to"`
	Epoch   int          `json:"epoch"`
	Keys    []online.Key `json:"keys"`
	History []online.Key `json:"history"`
}

// apiHandOver gives the conversation to the colleague with the keys the
// script prepared; the next page says so.
func (h *Handler) apiHandOver(w http.ResponseWriter, r *http.Request) {
	var in handoverRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	err := h.Online.HandOver(r.Context(), site.PrincipalOf(r), r.PathValue("id"),
		online.Handover{To: in.To, Epoch: in.Epoch, Keys: in.Keys, History: in.History})
	if errors.Is(err, online.ErrRecipients) {
		h.FailJSON(w, r, http.StatusConflict, "online.error_conflict")
		return
	}
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	h.SetFlash(w, "flash.online_handed_over")
	site.WriteJSON(w, http.StatusOK, map[string]string{"next": "/online"})
}
