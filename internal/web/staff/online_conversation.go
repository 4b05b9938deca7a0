package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineConversationPage is the shell the script fills with the decrypted
// messages, with the metadata and the actions the counselor may take.
type onlineConversationPage struct {
	site.Base
	C                         *online.Conversation
	Topic, Where, State, Lang string
	Created, DeleteOn         string
	CanTake, CanClose, IsMine bool
	MaxChars                  int
	// Colleagues may take the conversation over (its counselor's choice).
	Colleagues []site.Choice
}

// maxMessageChars bounds one answer as typed.
const maxMessageChars = 20000

func (h *Handler) onlineConversation(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	c, err := h.Online.Conversation(r.Context(), online.StaffParty(p), r.PathValue("id"))
	if errors.Is(err, online.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	// Reading a conversation is reading counseling data: audited.
	if err := h.Audit.Write(r.Context(), p.Entry("online.read", audit.ResultSuccess, "online_conversation", c.ID, nil)); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := onlineConversationPage{Base: h.Base(w, r, "onlinestaff.conversation_title"), C: c, MaxChars: maxMessageChars}
	page.Base.Online = true
	page.Topic, page.State = page.T("topic."+c.Topic), page.T("onlinestaff.state_"+c.State)
	page.Where = h.onlineWhere(r, page.Base, *c)
	page.Lang = site.LanguageName(page.L.Lang, c.Lang)
	page.Created = page.L.DateTime(c.CreatedAt.In(clock.Berlin()))
	if c.DeleteAfter != nil {
		page.DeleteOn = page.L.Date(c.DeleteAfter.In(clock.Berlin()))
	}
	page.IsMine = c.CounselorID == p.UserID()
	page.CanTake = c.State == online.StateNew
	page.CanClose = page.IsMine && c.State == online.StateOpen
	if page.CanClose {
		if page.Colleagues, err = h.colleagueChoices(r, c); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	h.Render(w, r, http.StatusOK, "online_staff_conversation", page)
}

// onlineTake assigns a new enquiry to the counselor; somebody faster gets
// it first (the page says so).
func (h *Handler) onlineTake(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.Online.Take(r.Context(), online.StaffParty(site.PrincipalOf(r)), id)
	switch {
	case errors.Is(err, online.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, online.ErrChanged):
		h.flashTo(w, r, "/online/c/"+id, "flash.online_taken_by_other")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.flashTo(w, r, "/online/c/"+id, "flash.online_taken")
	}
}

// onlineCloseForm asks before a conversation is closed (it is deleted
// after the retention).
func (h *Handler) onlineCloseForm(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	c, err := h.Online.Conversation(r.Context(), online.StaffParty(p), r.PathValue("id"))
	if err != nil || c.CounselorID != p.UserID() || c.State != online.StateOpen {
		h.NotFound(w, r)
		return
	}
	page := onlineConversationPage{Base: h.Base(w, r, "onlinestaff.close_title"), C: c}
	page.DeleteOn = page.L.Date(h.Clock.Now().Add(h.Online.Retention()).In(clock.Berlin()))
	h.Render(w, r, http.StatusOK, "online_staff_close", page)
}

func (h *Handler) onlineClose(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.Online.Close(r.Context(), online.StaffParty(site.PrincipalOf(r)), id)
	switch {
	case errors.Is(err, online.ErrNotFound), errors.Is(err, online.ErrChanged):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.flashTo(w, r, "/online/c/"+id, "flash.online_closed")
	}
}

// flashTo redirects after a POST with a one-time message.
func (h *Handler) flashTo(w http.ResponseWriter, r *http.Request, to, key string) {
	h.SetFlash(w, key)
	h.Redirect(w, r, to)
}

// colleagueChoices names the colleagues who can take the conversation over.
func (h *Handler) colleagueChoices(r *http.Request, c *online.Conversation) ([]site.Choice, error) {
	list, err := h.Online.Colleagues(r.Context(), site.PrincipalOf(r), c)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	names, err := h.Auth.Names(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]site.Choice, len(list))
	for i, x := range list {
		out[i] = site.Choice{Value: x.ID, Label: names[x.ID]}
	}
	return out, nil
}
