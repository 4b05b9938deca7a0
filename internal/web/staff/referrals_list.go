package staff

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The tabs of the referral lists.
const (
	tabIncoming = "in"
	tabOutgoing = "out"
)

// referralsPage lists the referrals addressed to the user's offices and
// organisations (incoming) or sent by them (outgoing).
type referralsPage struct {
	site.Base
	Tab    string
	Tabs   []site.NavItem
	States []site.Choice
	List   site.List
	// CanSend: the user sends referrals (from a file's page).
	CanSend bool
}

// listReferrals shows one tab of referrals, filtered by state. Without a
// tab chosen, incoming referrals come first for those who receive any
// (and always for partners, who never send).
func (h *Handler) listReferrals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pt := referral.PartyOf(site.PrincipalOf(r))
	f := referral.Filter{State: q.Get("state"), Page: site.PageParam(q.Get("page"), 100000)}
	if !slices.Contains(referralStates(), f.State) {
		f.State = ""
	}
	tab, list, err := h.referralTab(r, pt, q.Get("tab"), f)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if err := h.nameReferrals(r.Context(), list.Items); err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := referralsPage{Base: h.Base(w, r, "referral.list_title"), Tab: tab, CanSend: pt.Sends()}
	for _, t := range []struct {
		id   string
		show bool
	}{{tabIncoming, pt.Receives()}, {tabOutgoing, pt.Sends()}} {
		if t.show {
			v := url.Values{"tab": {t.id}}
			if f.State != "" {
				v.Set("state", f.State)
			}
			p.Tabs = append(p.Tabs, site.NavItem{Href: "/referrals?" + v.Encode(),
				Label: p.T("referral.tab_" + t.id), Current: t.id == tab})
		}
	}
	p.States = referralChoices(p.Base, "filter", referralStates(), f.State)
	p.List = h.referralList(p, list.Items, f.State != "")
	p.List.Count = p.L.N("referral.count", list.Total)
	p.List.Pager = site.NewPager(f.Page, referral.PageSize, list.Total, "/referrals", url.Values{"tab": {tab}, "state": {f.State}})
	h.Render(w, r, http.StatusOK, "referrals", p)
}

// referralTab reads the tab asked for, or picks one: incoming when the
// party only receives or has incoming referrals, else outgoing.
func (h *Handler) referralTab(r *http.Request, pt referral.Party, tab string, f referral.Filter) (string, referral.List, error) {
	ctx, p := r.Context(), site.PrincipalOf(r)
	if tab == tabOutgoing && pt.Sends() {
		l, err := h.Referrals.Outgoing(ctx, p, f)
		return tabOutgoing, l, err
	}
	l, err := h.Referrals.Incoming(ctx, p, f)
	if err != nil || tab == tabIncoming || l.Total > 0 || !pt.Sends() {
		return tabIncoming, l, err
	}
	l, err = h.Referrals.Outgoing(ctx, p, f)
	return tabOutgoing, l, err
}

// referralList shows referrals as a table: the file's pseudonym code
// (linking to the referral), the other side, topic, dates and state.
func (h *Handler) referralList(p referralsPage, items []referral.Referral, filtered bool) site.List {
	other, empty := p.T("referral.col_sender"), p.T("referral.empty_in")
	if p.Tab == tabOutgoing {
		other, empty = p.T("referral.col_recipient"), p.T("referral.empty_out")
	}
	if filtered {
		empty = p.T("referral.none_match")
	}
	l := site.List{Caption: p.T("referral.tab_" + p.Tab), Empty: empty, Columns: []site.Column{{Label: p.T("case.code")},
		{Label: other}, {Label: p.T("referral.topic")}, {Label: p.T("referral.sent_at")}, {Label: p.T("referral.respond_by")},
		{Label: p.T("referral.state")}}}
	today := h.Clock.Today()
	for _, it := range items {
		who := site.Cell{Text: recipientText(p.Base, it)}
		if p.Tab == tabIncoming {
			who = site.Cell{Text: it.SenderOffice, Hint: it.SenderName}
		}
		var badges []string
		if it.Urgency == "urgent" {
			badges = append(badges, p.T("referral.urgency.urgent"))
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: it.FileCode, Href: "/referrals/" + it.ID, Code: true},
			who, {Text: p.T("topic." + it.Topic), Badges: badges}, {Text: p.L.Date(referralDay(it.SentAt))},
			respondByCell(p.Base, it, it.Overdue(today)), {Text: stateText(p.Base, it)}}})
	}
	return l
}
