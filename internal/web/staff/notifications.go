package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// notifyRoutes are a staff member's notifications and their settings,
// and the unsubscribe link of the digest mails (no sign-in: the link is
// signed; mail programs unsubscribe with one POST, RFC 8058, which is why
// that route is bare: it carries no session and no CSRF token).
func (h *Handler) notifyRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/notifications", Perm: perm.Staff, Handler: h.notifications},
		{Method: "POST", Pattern: "/notifications/read", Perm: perm.Staff, Handler: h.readAllNotifications},
		{Method: "GET", Pattern: "/notifications/{id}", Perm: perm.Staff, Handler: h.openNotification},
		{Method: "GET", Pattern: "/account/notifications", Perm: perm.Staff, Handler: h.notificationPrefs},
		{Method: "POST", Pattern: "/account/notifications", Perm: perm.Staff, Handler: h.saveNotificationPrefs},
		{Method: "GET", Pattern: "/unsubscribe/{token}", Perm: perm.Public, Handler: h.unsubscribeForm},
		{Method: "POST", Pattern: "/unsubscribe/{token}", Perm: perm.Public, Bare: true, Handler: h.unsubscribe},
	}
}

type notificationsPage struct {
	site.Base
	List   site.List
	Unread int
}

func (h *Handler) notifications(w http.ResponseWriter, r *http.Request) {
	page := site.PageParam(r.URL.Query().Get("page"), 100000)
	res, err := h.Notify.List(r.Context(), site.PrincipalOf(r), page)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := notificationsPage{Base: h.Base(w, r, "notify.title"), Unread: res.Unread}
	p.List = site.List{Caption: p.Title, Count: p.T("notify.unread_count", "Count", res.Unread, "Total", res.Total),
		Columns: []site.Column{{Label: p.T("notify.when")}, {Label: p.T("notify.what")}},
		Empty:   p.T("notify.empty"), Pager: site.NewPager(page, notify.PageSize, res.Total, "/notifications", nil)}
	for _, n := range res.Items {
		what := site.Cell{Text: notify.Text(p.L, n.Kind, n.Counts), Href: "/notifications/" + n.ID}
		if !n.Read {
			what.Strong, what.Badges = true, []string{p.T("notify.unread")}
		}
		p.List.Rows = append(p.List.Rows, site.Row{Cells: []site.Cell{{Text: p.L.DateTime(n.CreatedAt)}, what}})
	}
	h.Render(w, r, http.StatusOK, "notifications", p)
}

// openNotification marks a notification read and goes to its thing.
func (h *Handler) openNotification(w http.ResponseWriter, r *http.Request) {
	link, err := h.Notify.Open(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.Redirect(w, r, link)
	}
}

func (h *Handler) readAllNotifications(w http.ResponseWriter, r *http.Request) {
	if err := h.Notify.MarkAllRead(r.Context(), site.PrincipalOf(r)); err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.SetFlash(w, "notify.all_read")
	h.Redirect(w, r, "/notifications")
}

type prefsPage struct {
	site.Base
	Prefs []prefRow
}

// prefRow is one kind with its choices, named in the reader's language.
type prefRow struct {
	Field, Legend string
	Choices       []site.Choice
}

func (h *Handler) notificationPrefs(w http.ResponseWriter, r *http.Request) {
	prefs, err := h.Notify.Prefs(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.renderPrefs(w, r, http.StatusOK, prefs, nil)
}

func (h *Handler) renderPrefs(w http.ResponseWriter, r *http.Request, status int, prefs []notify.Pref, problem error) {
	p := prefsPage{Base: h.Base(w, r, "notify.prefs_title")}
	for _, pr := range prefs {
		row := prefRow{Field: "kind-" + string(pr.Kind), Legend: p.T("notify.label." + string(pr.Kind))}
		for _, c := range pr.Channels {
			row.Choices = append(row.Choices, site.Choice{Value: string(c), Label: p.T("notify.channel." + string(c)), Selected: c == pr.Channel})
		}
		p.Prefs = append(p.Prefs, row)
	}
	if problem != nil {
		p.Errors.Add("prefs", "notify.prefs_invalid")
	}
	h.Render(w, r, status, "account_notifications", p)
}

func (h *Handler) saveNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	choice := map[notify.Kind]notify.Channel{}
	for _, k := range notify.Kinds {
		if v := r.PostFormValue("kind-" + string(k.Kind)); v != "" {
			choice[k.Kind] = notify.Channel(v)
		}
	}
	err := h.Notify.SetPrefs(r.Context(), me, choice)
	if errors.Is(err, notify.ErrChannel) {
		prefs, perr := h.Notify.Prefs(r.Context(), me)
		if perr != nil {
			h.ServerError(w, r, perr)
			return
		}
		h.renderPrefs(w, r, http.StatusUnprocessableEntity, prefs, err)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.SetFlash(w, "notify.prefs_saved")
	h.Redirect(w, r, "/account/notifications")
}

type unsubscribePage struct {
	site.Base
	Token string
	Done  bool
	Valid bool
}

func (h *Handler) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	p := unsubscribePage{Base: h.Base(w, r, "notify.unsubscribe_title"), Token: token,
		Done: r.URL.Query().Get("done") == "1", Valid: h.Notify.ValidUnsubscribe(token)}
	status := http.StatusOK
	if !p.Valid {
		status = http.StatusNotFound
	}
	h.Render(w, r, status, "unsubscribe", p)
}

// unsubscribe switches the token's account to in-platform notifications
// only: a mail program's one-click POST or the form of unsubscribeForm.
// The route is bare (no session, no CSRF: the signed token is the proof),
// so it bounds the body itself and answers without a page: people who
// used the form are sent back to it.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1024)
	token := r.PathValue("token")
	ok, err := h.Notify.Unsubscribe(r.Context(), token)
	if err != nil {
		h.Log.Error("unsubscribe", "err", err)
		http.Error(w, "500", http.StatusInternalServerError)
		return
	}
	if !ok {
		http.Error(w, "404 unknown link", http.StatusNotFound)
		return
	}
	http.Redirect(w, r, "/unsubscribe/"+token+"?done=1", http.StatusSeeOther)
}
