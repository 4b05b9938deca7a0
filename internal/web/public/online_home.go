package public

import (
	"errors"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineHomePage lists the client's conversations and offers a new question.
type onlineHomePage struct {
	onlinePage
	Conversations []onlineItem
	Topics        []site.Choice
	Languages     []site.Choice
	MaxChars      int
}

// onlineItem is one conversation in the client's list.
type onlineItem struct {
	Href, Topic, State, Updated string
	Unread                      bool
	// DeleteOn is the day a closed conversation is deleted.
	DeleteOn string
}

func (h *Handler) onlineHome(w http.ResponseWriter, r *http.Request) {
	p, ok := h.onlineBase(w, r, "online.home_title")
	if !ok {
		return
	}
	pt := online.ClientParty(site.StateOf(r).OnlineClient)
	list, err := h.Online.List(r.Context(), pt, online.ViewMine, 100)
	snap, err2 := h.Finder.Snapshot(r.Context())
	if err != nil || err2 != nil {
		h.Log.Error("online: home", "err", err, "registry", err2)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
		return
	}
	page := onlineHomePage{onlinePage: p, MaxChars: maxMessageChars}
	c := h.formChoices(snap, p.L)
	page.Topics = selectChoice(c.topics, "")
	page.Languages = languageChoices(c.languages, p.L.Lang)
	for _, cv := range list {
		page.Conversations = append(page.Conversations, h.onlineItem(p, cv))
	}
	h.Render(w, r, http.StatusOK, "online_home", page)
}

// maxMessageChars bounds one message as typed (the ciphertext limit is
// online.MaxBody, with room for the encoding).
const maxMessageChars = 20000

func (h *Handler) onlineItem(p onlinePage, c online.Conversation) onlineItem {
	it := onlineItem{Href: p.Prefix + "/c/" + c.ID, Topic: p.T("topic." + c.Topic), State: p.T("online.state_" + c.State),
		Updated: p.L.DateTime(c.UpdatedAt.In(clock.Berlin())), Unread: c.LastSeq > c.ClientSeen}
	if c.DeleteAfter != nil {
		it.DeleteOn = p.L.Date(c.DeleteAfter.In(clock.Berlin()))
	}
	return it
}

// languageChoices puts the page's language first and selects it.
func languageChoices(all []site.Choice, lang string) []site.Choice {
	out := selectChoice(all, lang)
	if i := slices.IndexFunc(out, func(c site.Choice) bool { return c.Value == lang }); i > 0 {
		first := out[i]
		out = append([]site.Choice{first}, slices.Delete(out, i, i+1)...)
	}
	return out
}

// onlineConversationPage is the shell the script fills with the decrypted
// messages; the metadata comes from the server.
type onlineConversationPage struct {
	onlinePage
	ID, Topic, State, Where string
	DeleteOn                string
	Closed                  bool
	Welcome, Absence        string
	MaxChars                int
	// AskFileConsent shows the consent to a client file (a counselor
	// answers); FileConsentOn is the day it was given.
	AskFileConsent bool
	FileConsentOn  string
}

func (h *Handler) onlineConversation(w http.ResponseWriter, r *http.Request) {
	p, ok := h.onlineBase(w, r, "online.conversation_title")
	if !ok {
		return
	}
	pt := online.ClientParty(site.StateOf(r).OnlineClient)
	c, err := h.Online.Conversation(r.Context(), pt, r.PathValue("id"))
	if err != nil {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	page := onlineConversationPage{onlinePage: p, ID: c.ID, Topic: p.T("topic." + c.Topic), State: p.T("online.state_" + c.State),
		Closed: c.State == online.StateClosed, MaxChars: maxMessageChars, Where: p.T("online.pool_" + c.Pool)}
	if c.DeleteAfter != nil {
		page.DeleteOn = p.L.Date(c.DeleteAfter.In(clock.Berlin()))
	}
	page.AskFileConsent = c.State == online.StateOpen || c.FileConsentAt != nil
	if c.FileConsentAt != nil {
		page.FileConsentOn = p.L.Date(c.FileConsentAt.In(clock.Berlin()))
	}
	if c.OfficeID != "" {
		if o, err := h.Finder.Office(r.Context(), c.OfficeID); err == nil {
			page.Where = o.Name
		}
		if s, err := h.Online.OfficeSettingsOf(r.Context(), c.OfficeID); err == nil {
			page.Welcome, page.Absence = s.Welcome, s.Absence
		}
	}
	h.Render(w, r, http.StatusOK, "online_conversation", page)
}

// onlineFileConsent records the client's consent to a client file.
func (h *Handler) onlineFileConsent(w http.ResponseWriter, r *http.Request) {
	id, back := r.PathValue("id"), "/"+publicLang(r)+"/online/c/"+r.PathValue("id")
	if r.PostFormValue("consent") != "yes" {
		h.Redirect(w, r, back)
		return
	}
	err := h.Online.ConsentToFile(r.Context(), site.StateOf(r).OnlineClient, id)
	if err != nil && !errors.Is(err, online.ErrChanged) {
		h.Log.Error("online: file consent", "err", err)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
		return
	}
	h.Redirect(w, r, back)
}
