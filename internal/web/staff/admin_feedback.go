package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// feedbackPerPage is the page size of the feedback inbox.
const feedbackPerPage = 25

// excerptRunes is how much of a message the inbox list shows.
const excerptRunes = 120

// feedbackListPage is the inbox of the accessibility statement's form.
type feedbackListPage struct {
	site.Base
	List   site.List
	Status feedback.Status
	Tabs   []site.NavItem
	// Months is how long handled messages are kept.
	Months int
}

// listFeedback shows open (default) or handled messages, newest first.
// The store audits the read ("feedback.list").
func (h *Handler) listFeedback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := feedback.Status(q.Get("status"))
	if status != feedback.Handled {
		status = feedback.Open
	}
	page := site.PageParam(q.Get("page"), 100000)
	ms, total, err := h.Feedback.List(r.Context(), site.PrincipalOf(r), feedback.Filter{Status: status,
		Offset: (page - 1) * feedbackPerPage, Limit: feedbackPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := feedbackListPage{Base: h.Base(w, r, "feedback.title"), Status: status, Months: feedback.RetentionMonths}
	for _, s := range []feedback.Status{feedback.Open, feedback.Handled} {
		p.Tabs = append(p.Tabs, site.NavItem{Href: "/admin/feedback?status=" + string(s), Label: p.T("feedback.tab_" + string(s)),
			Current: s == status})
	}
	p.List = feedbackList(p.Base, ms)
	p.List.Count = p.L.N("feedback.count_"+string(status), total)
	p.List.Pager = site.NewPager(page, feedbackPerPage, total, "/admin/feedback", url.Values{"status": {string(status)}})
	h.Render(w, r, http.StatusOK, "admin_feedback", p)
}

// feedbackList shows messages as a table: received, language, page,
// the start of the message (linking to it), status.
func feedbackList(b site.Base, ms []feedback.Message) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("feedback.empty"), Columns: []site.Column{{Label: b.T("feedback.received")},
		{Label: b.T("feedback.message")}, {Label: b.T("feedback.language")}, {Label: b.T("feedback.page")},
		{Label: b.T("feedback.status")}}}
	for _, m := range ms {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: b.L.DateTime(m.ReceivedAt)},
			{Text: excerpt(m.Text), Href: "/admin/feedback/" + m.ID}, {Text: site.LanguageName(b.L.Lang, m.Lang)},
			{Text: m.Page}, {Text: statusText(b, m)}}})
	}
	return l
}

// excerpt is the start of a message on one line.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > excerptRunes {
		return string(r[:excerptRunes]) + "…"
	}
	return s
}

// statusText says whether a message is open or when it was handled.
func statusText(b site.Base, m feedback.Message) string {
	if m.Open() {
		return b.T("feedback.status_open")
	}
	return b.T("feedback.handled_on", "Date", b.L.Date(m.HandledAt))
}

// feedbackPage is one message.
type feedbackPage struct {
	site.Base
	Message  *feedback.Message
	Language string
	Received string
	Status   string
	// DeleteOn is the deletion date of a handled message.
	DeleteOn string
	// Months is how long handled messages are kept.
	Months int
}

// showFeedback shows one message (audited "feedback.read" by the store).
func (h *Handler) showFeedback(w http.ResponseWriter, r *http.Request) {
	h.renderFeedback(w, r, "feedback.message_title", "admin_feedback_message")
}

// confirmDeleteFeedback asks before a message is deleted, showing it.
func (h *Handler) confirmDeleteFeedback(w http.ResponseWriter, r *http.Request) {
	h.renderFeedback(w, r, "feedback.delete_title", "admin_feedback_delete")
}

func (h *Handler) renderFeedback(w http.ResponseWriter, r *http.Request, titleKey, page string) {
	m, err := h.Feedback.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if h.feedbackFailed(w, r, err) {
		return
	}
	p := feedbackPage{Base: h.Base(w, r, titleKey), Message: m, Months: feedback.RetentionMonths}
	p.Language, p.Received = site.LanguageName(p.L.Lang, m.Lang), p.L.DateTime(m.ReceivedAt)
	p.Status = statusText(p.Base, *m)
	if !m.Open() {
		p.DeleteOn = p.L.Date(m.DeleteAfter)
	}
	h.Render(w, r, http.StatusOK, page, p)
}

// markFeedbackHandled records that the message was dealt with (audited
// "feedback.handle"); its deletion date starts.
func (h *Handler) markFeedbackHandled(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if h.feedbackFailed(w, r, h.Feedback.MarkHandled(r.Context(), site.PrincipalOf(r), id)) {
		return
	}
	h.SetFlash(w, "flash.feedback_handled")
	h.Redirect(w, r, "/admin/feedback/"+id)
}

// deleteFeedback deletes a message at once (audited "feedback.delete").
func (h *Handler) deleteFeedback(w http.ResponseWriter, r *http.Request) {
	if h.feedbackFailed(w, r, h.Feedback.Delete(r.Context(), site.PrincipalOf(r), r.PathValue("id"))) {
		return
	}
	h.SetFlash(w, "flash.feedback_deleted")
	h.Redirect(w, r, "/admin/feedback")
}

// feedbackFailed answers a failed store call (404 for an unknown message)
// and reports whether it did.
func (h *Handler) feedbackFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, feedback.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, feedback.ErrForbidden):
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
	default:
		h.ServerError(w, r, err)
	}
	return true
}
