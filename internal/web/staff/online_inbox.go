package staff

import (
	"errors"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineInboxPage is the counselor's inbox: new enquiries routed to them,
// their conversations, the team's (leads) and the closed ones.
type onlineInboxPage struct {
	site.Base
	View   string
	Tabs   []site.NavItem
	List   site.List
	HasKey bool
	Counts online.Counts
	// CanManage: an office lead (settings, team view).
	CanManage bool
}

// inboxViews are the tabs, in order; team only for leads.
func inboxViews(lead bool) []string {
	if lead {
		return []string{online.ViewNew, online.ViewMine, online.ViewTeam, online.ViewClosed}
	}
	return []string{online.ViewNew, online.ViewMine, online.ViewClosed}
}

func (h *Handler) onlineInbox(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	pt := online.StaffParty(p)
	page := onlineInboxPage{Base: h.Base(w, r, "onlinestaff.inbox_title"), CanManage: p.Can(perm.OnlineManage)}
	views := inboxViews(page.CanManage)
	page.View = r.URL.Query().Get("view")
	if !slices.Contains(views, page.View) {
		page.View = online.ViewNew
	}
	_, err := h.Online.StaffKeyOf(r.Context(), p)
	page.HasKey = err == nil
	if err != nil && !errors.Is(err, online.ErrNoKey) {
		h.ServerError(w, r, err)
		return
	}
	if page.Counts, err = h.Online.CountsOf(r.Context(), pt); err != nil {
		h.ServerError(w, r, err)
		return
	}
	list, err := h.Online.List(r.Context(), pt, page.View, 200)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, v := range views {
		page.Tabs = append(page.Tabs, site.NavItem{Href: "/online?view=" + v, Label: page.T("onlinestaff.view_" + v), Current: v == page.View})
	}
	page.List = h.onlineList(r, page.Base, list)
	h.Render(w, r, http.StatusOK, "online_inbox", page)
}

// onlineList shows conversations by nickname, topic, where they went,
// state and last activity.
func (h *Handler) onlineList(r *http.Request, b site.Base, list []online.Conversation) site.List {
	l := site.List{Caption: b.T("onlinestaff.inbox_title"), RowHeader: true, Empty: b.T("onlinestaff.empty"),
		Count: b.L.N("onlinestaff.count", len(list)),
		Columns: []site.Column{{Label: b.T("onlinestaff.col_nickname")}, {Label: b.T("onlinestaff.col_topic")},
			{Label: b.T("onlinestaff.col_where")}, {Label: b.T("onlinestaff.col_state")}, {Label: b.T("onlinestaff.col_updated")}}}
	for _, c := range list {
		name := c.Nickname
		var badges []string
		if c.LastSeq > c.StaffSeen && c.State != online.StateNew {
			badges = append(badges, b.T("onlinestaff.unread"))
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{
			{Text: name, Href: "/online/c/" + c.ID, Badges: badges},
			{Text: b.T("topic." + c.Topic), Hint: b.T("onlinestaff.program_" + c.Program)},
			{Text: h.onlineWhere(r, b, c)},
			{Text: b.T("onlinestaff.state_" + c.State)},
			{Text: b.L.DateTime(c.UpdatedAt.In(clock.Berlin()))},
		}})
	}
	return l
}

// onlineWhere names where a conversation was routed: the office, or the pool.
func (h *Handler) onlineWhere(r *http.Request, b site.Base, c online.Conversation) string {
	if c.OfficeID != "" {
		if o, err := h.Network.Office(r.Context(), c.OfficeID); err == nil {
			return o.Name
		}
	}
	return b.T("onlinestaff.pool_" + c.Pool)
}
