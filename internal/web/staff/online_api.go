package staff

import (
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// apiStaffConversation answers the conversation with the messages after
// ?after= and the keys wrapped for the counselor.
func (h *Handler) apiStaffConversation(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	v, err := h.Online.View(r.Context(), online.StaffParty(site.PrincipalOf(r)), r.PathValue("id"), max(after, 0))
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, v)
}

type staffPostRequest struct {
	Seq        int    `json:"seq"`
	Epoch      int    `json:"epoch"`
	Body       string `json:"body"`
	Attachment string `json:"attachment"`
}

func (h *Handler) apiStaffPost(w http.ResponseWriter, r *http.Request) {
	var in staffPostRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	pt := online.StaffParty(site.PrincipalOf(r))
	err := h.Online.Post(r.Context(), pt, r.PathValue("id"), online.Message{Seq: in.Seq, Epoch: in.Epoch, SenderID: pt.ID(), Body: in.Body,
		Attachment: in.Attachment})
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]int{"seq": in.Seq})
}

// apiStaffEvents streams "change" events of a conversation the counselor
// sees (Server-Sent Events).
func (h *Handler) apiStaffEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := h.Online.Conversation(r.Context(), online.StaffParty(site.PrincipalOf(r)), id); err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	changes, stop := h.Live.Subscribe(id)
	defer stop()
	site.ServeEvents(w, r, changes)
}

// readJSON decodes the body or answers 413 or 400.
func (h *Handler) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	err := site.ReadJSON(r, v)
	switch {
	case site.TooLarge(err):
		h.FailJSON(w, r, http.StatusRequestEntityTooLarge, "error.too_large")
	case err != nil:
		h.FailJSON(w, r, http.StatusBadRequest, "error.bad_request")
	}
	return err == nil
}

// apiStaffFile answers the sealed attachment of message {seq}.
func (h *Handler) apiStaffFile(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		h.FailJSON(w, r, http.StatusNotFound, "error.not_found")
		return
	}
	body, err := h.Online.Attachment(r.Context(), online.StaffParty(site.PrincipalOf(r)), r.PathValue("id"), seq)
	if err != nil {
		h.onlineAnswer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"body": body})
}
