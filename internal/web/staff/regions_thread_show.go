package staff

import (
	"fmt"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// postView is a post as the thread shows it: plain text in segments, the
// mentions among them highlighted.
type postView struct {
	Anchor, Author, When, WhenISO string
	Segments                      []regional.Segment
}

type threadPage struct {
	regionBase
	Thread *regional.Thread
	Posts  []postView
	// Reply is the answer as typed (kept when refused).
	Reply string
}

func (h *Handler) showThread(w http.ResponseWriter, r *http.Request) {
	h.renderThread(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderThread(w http.ResponseWriter, r *http.Request, status int, reply string, problems valid.Errors) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	t, posts, err := h.Regional.Thread(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	b, ok := h.spacePage(w, r, x, t.Space, "exchange.threads_title", "threads")
	if !ok {
		return
	}
	b.Title, b.Errors = t.Title, problems
	p := threadPage{regionBase: b, Thread: t, Reply: reply}
	for _, post := range posts {
		p.Posts = append(p.Posts, postView{Anchor: fmt.Sprintf("post-%d", post.Seq), Author: post.Author,
			When: b.L.DateTime(post.Created.In(clock.Berlin())), WhenISO: post.Created.Format("2006-01-02T15:04Z"), Segments: post.Segments()})
	}
	h.Render(w, r, status, "regions_thread", p)
}

func (h *Handler) replyThread(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	body := r.PostFormValue("body")
	seq, err := h.Regional.Reply(r.Context(), x, r.PathValue("id"), body)
	if err == nil {
		h.SetFlash(w, "flash.exchange_replied")
		h.Redirect(w, r, fmt.Sprintf("/threads/%s#post-%d", r.PathValue("id"), seq))
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderThread(w, r, http.StatusUnprocessableEntity, body, problems)
	}
}

// subscribeThread follows a thread (follow=1) or stops following it.
func (h *Handler) subscribeThread(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	on := r.PostFormValue("follow") == "1"
	if err := h.Regional.Subscribe(r.Context(), x, r.PathValue("id"), on); err != nil {
		if _, ok := h.regionOutcome(w, r, err); ok {
			h.ServerError(w, r, err)
		}
		return
	}
	flash := "flash.exchange_unsubscribed"
	if on {
		flash = "flash.exchange_subscribed"
	}
	h.SetFlash(w, flash)
	h.Redirect(w, r, "/threads/"+r.PathValue("id"))
}
