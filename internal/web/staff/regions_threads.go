package staff

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// threadsPerPage is the length of a page of threads.
const threadsPerPage = 20

type threadsPage struct {
	regionBase
	Query string
	List  site.List
}

// listThreads lists a space's threads, latest post first, those whose
// title holds ?q= when given.
func (h *Handler) listThreads(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "exchange.threads_title", "threads")
	if !ok {
		return
	}
	q := r.URL.Query().Get("q")
	page := site.PageParam(r.URL.Query().Get("page"), 100000)
	threads, total, err := h.Regional.Threads(r.Context(), b.X, b.Space,
		regional.ThreadFilter{Query: q, Limit: threadsPerPage, Offset: (page - 1) * threadsPerPage})
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p := threadsPage{regionBase: b, Query: q}
	p.List = site.List{Caption: b.T("exchange.threads_title"), RowHeader: true, Count: b.L.N("exchange.thread_count", total),
		Empty:   b.T("exchange.threads_empty"),
		Columns: []site.Column{{Label: b.T("exchange.col_thread")}, {Label: b.T("exchange.col_posts"), Num: true}, {Label: b.T("exchange.col_last_post")}}}
	if q != "" {
		p.List.Empty = b.T("exchange.threads_none_found")
	}
	for _, t := range threads {
		title := site.Cell{Text: t.Title, Href: "/threads/" + t.ID, Hint: b.T("exchange.started_by", "Name", t.Author)}
		if t.Subscribed {
			title.Badges = []string{b.T("exchange.following")}
		}
		p.List.Rows = append(p.List.Rows, site.Row{Cells: []site.Cell{title, {Text: strconv.Itoa(t.Posts)},
			{Text: b.L.DateTime(t.LastPost.In(clock.Berlin()))}}})
	}
	p.List.Pager = site.NewPager(page, threadsPerPage, total, "/regions/"+b.Space+"/threads", url.Values{"q": {q}})
	h.Render(w, r, http.StatusOK, "regions_threads", p)
}

type newThreadPage struct {
	regionBase
	Form regional.ThreadInput
}

func (h *Handler) newThread(w http.ResponseWriter, r *http.Request) {
	h.renderNewThread(w, r, http.StatusOK, regional.ThreadInput{}, nil)
}

func (h *Handler) renderNewThread(w http.ResponseWriter, r *http.Request, status int, in regional.ThreadInput, problems valid.Errors) {
	b, ok := h.regionPage(w, r, "exchange.thread_new", "threads")
	if !ok {
		return
	}
	b.Errors = problems
	h.Render(w, r, status, "regions_thread_new", newThreadPage{regionBase: b, Form: in})
}

func (h *Handler) createThread(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	in := regional.ThreadInput{Title: r.PostFormValue("title"), Body: r.PostFormValue("body")}
	id, err := h.Regional.StartThread(r.Context(), x, r.PathValue("region"), in)
	if err == nil {
		h.SetFlash(w, "flash.exchange_thread_started")
		h.Redirect(w, r, "/threads/"+id)
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderNewThread(w, r, http.StatusUnprocessableEntity, in, problems)
	}
}

// threadBox is the overview's section of the threads written in last.
func (h *Handler) threadBox(r *http.Request, b regionBase) (*regionBox, error) {
	threads, _, err := h.Regional.Threads(r.Context(), b.X, b.Space, regional.ThreadFilter{Limit: regionsShown})
	if err != nil {
		return nil, err
	}
	box := &regionBox{ID: "threads", Title: b.T("exchange.threads_title"), Empty: b.T("exchange.threads_empty"),
		MoreHref: "/regions/" + b.Space + "/threads"}
	for _, t := range threads {
		box.Lines = append(box.Lines, regionLine{Href: "/threads/" + t.ID, Text: t.Title,
			Hint: b.L.N("exchange.post_count", t.Posts) + " · " + b.L.DateTime(t.LastPost.In(clock.Berlin()))})
	}
	return box, nil
}
