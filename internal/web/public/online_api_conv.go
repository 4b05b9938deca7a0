package public

import (
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type enquiryJSON struct {
	Topic    string `json:"topic"`
	Postcode string `json:"postcode"`
	AgeGroup string `json:"age_group"`
	Lang     string `json:"lang"`
}

func (e enquiryJSON) enquiry() online.Enquiry {
	return online.Enquiry{Topic: e.Topic, Postcode: e.Postcode, AgeGroup: e.AgeGroup, Lang: e.Lang}
}

// routeAnswer tells the script whom to wrap the new conversation's key for.
type routeAnswer struct {
	ConversationID string             `json:"conversation_id"`
	Pool           string             `json:"pool"`
	Recipients     []online.Recipient `json:"recipients"`
}

// apiRoute decides where an enquiry goes and gives the id the browser
// binds into the keys and the first message.
func (h *Handler) apiRoute(w http.ResponseWriter, r *http.Request) {
	var in enquiryJSON
	if !h.readJSON(w, r, &in) {
		return
	}
	route, err := h.Online.RouteOf(r.Context(), in.enquiry())
	if err != nil {
		h.answer(w, r, err)
		return
	}
	client, err := h.Online.Client(r.Context(), site.StateOf(r).OnlineClient)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	recipients := append([]online.Recipient{{ID: client.ID, PublicKey: client.PublicKey, Client: true}}, route.Staff...)
	site.WriteJSON(w, http.StatusOK, routeAnswer{ConversationID: online.NewConversationID(), Pool: route.Pool, Recipients: recipients})
}

type startRequest struct {
	ID string `json:"id"`
	enquiryJSON
	Keys  []online.Key   `json:"keys"`
	First online.Message `json:"first"`
}

func (h *Handler) apiStart(w http.ResponseWriter, r *http.Request) {
	var in startRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	err := h.Online.StartConversation(r.Context(), site.StateOf(r).OnlineClient,
		online.Start{ID: in.ID, Enquiry: in.enquiry(), Keys: in.Keys, First: in.First})
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]string{"id": in.ID})
}

// apiConversation answers the conversation with the messages after ?after=.
func (h *Handler) apiConversation(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	v, err := h.Online.View(r.Context(), clientParty(r), r.PathValue("id"), max(after, 0))
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, v)
}

type postRequest struct {
	Seq        int    `json:"seq"`
	Epoch      int    `json:"epoch"`
	Body       string `json:"body"`
	Attachment string `json:"attachment"`
}

func (h *Handler) apiPost(w http.ResponseWriter, r *http.Request) {
	var in postRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	pt := clientParty(r)
	err := h.Online.Post(r.Context(), pt, r.PathValue("id"), online.Message{Seq: in.Seq, Epoch: in.Epoch, SenderID: pt.ID(), Body: in.Body,
		Attachment: in.Attachment})
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, map[string]int{"seq": in.Seq})
}

// apiEvents streams "change" events of one of the client's conversations
// (Server-Sent Events); the page then reads what is new.
func (h *Handler) apiEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := h.Online.Conversation(r.Context(), clientParty(r), id); err != nil {
		h.answer(w, r, err)
		return
	}
	changes, stop := h.Live.Subscribe(id)
	defer stop()
	site.ServeEvents(w, r, changes)
}

// apiFile answers the sealed attachment of message {seq}.
func (h *Handler) apiFile(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		h.FailJSON(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	body, err := h.Online.Attachment(r.Context(), clientParty(r), r.PathValue("id"), seq)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"body": body})
}
