package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// dashboardPage is everybody's landing page: a section for each kind of
// work the principal does (several for people with memberships), each
// saying what is next and linking to where it is done. Sections come from
// the principal's permissions and scopes, not from its role's name.
type dashboardPage struct {
	site.Base
	RoleName  string
	ScopeName string
	CodesLeft int
	// Cases is the case worker's section: deadlines, recent files and
	// substitutions (people with case.read).
	Cases *caseSection
	// Offices are the led offices' figures and absences.
	Offices []officeSection
	// Regions are the coordinated regions with their data gaps.
	Regions []regionSection
	// Network is the statewide view for the ministry.
	Network *networkSection
	// Admin is the administrator's section: accounts and security events.
	Admin *adminSection
	// Referrals are the referrals waiting for the user's offices and
	// organisations (those who receive referrals).
	Referrals *referralSection
	// Online counts the online enquiries and unread conversations of
	// those who counsel online.
	Online *onlineSection
	// Networks is the regional networks' box: next meetings, one's
	// tasks, unread announcements (those who take part in a network).
	Networks *networkWorkSection
	// Links are the other places the user may go.
	Links []dashboardLink
}

// dashboardLink is one entry of "what you can do here".
type dashboardLink struct{ Href, Label, Hint string }

// sectionFailed marks a section that could not be read: the dashboard
// says so instead of showing nothing or failing as a whole.
type sectionFailed struct{ Failed bool }

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	left, err := h.Auth.RecoveryCodesLeft(r.Context(), me)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := dashboardPage{Base: h.Base(w, r, "dashboard.title"), CodesLeft: left}
	p.RoleName = p.T("role." + string(me.Account().Role))
	p.ScopeName = h.scopeLabel(r, p.Base, me.Account().Kind, me.Account().ScopeID)
	if me.Can(perm.CaseRead) {
		p.Cases = h.caseSectionOf(r, p.Base)
		p.Offices = h.officeSections(r, p.Base)
	}
	p.Referrals = h.referralSectionOf(r)
	p.Online = h.onlineSectionOf(r)
	p.Networks = h.networkWorkSectionOf(r, p.Base)
	p.Regions = h.regionSections(r, p.Base)
	if me.Can(perm.NetworkManage) {
		p.Network = h.networkSection(r, p.Base)
	}
	if me.Can(perm.UserManage) {
		p.Admin = h.adminSection(r, p.Base)
	}
	p.Links = dashboardLinks(p.Base)
	h.Render(w, r, http.StatusOK, "dashboard", p)
}

// dashboardLinks are the places of the navigation with a word on each.
func dashboardLinks(b site.Base) []dashboardLink {
	me := b.User
	var out []dashboardLink
	add := func(ok bool, href, label, hint string) {
		if ok {
			out = append(out, dashboardLink{Href: href, Label: b.T(label), Hint: b.T(hint)})
		}
	}
	add(me.Can(perm.CaseRead), "/cases", "nav.cases", "dashboard.cases_hint")
	add(me.Can(perm.ReferralRead), "/referrals", "nav.referrals", "dashboard.referrals_hint")
	add(me.Can(perm.OnlineCounsel), "/online", "nav.online", "onlinestaff.dashboard_hint")
	add(me.Can(perm.NetworkRead), "/network", "nav.network", "dashboard.network_hint")
	add(me.Can(perm.UserManage), "/admin/users", "nav.users", "dashboard.users_hint")
	add(me.Can(perm.AuditRead), "/admin/audit", "nav.audit", "dashboard.audit_hint")
	add(true, "/account", "nav.account", "dashboard.account_hint")
	return out
}

// scopeLabel says where a role applies, naming the registry row, e.g.
// "Regionalverbund: Braunschweig" (the id when the row is gone).
func (h *Handler) scopeLabel(r *http.Request, b site.Base, kind perm.ScopeKind, id string) string {
	label := b.T("scope." + string(kind))
	if id == "" {
		return label
	}
	return label + ": " + h.scopeNames(r, map[perm.ScopeKind][]string{kind: {id}})[kind][id]
}

// scopeNames names the registry rows of refs; a row it cannot name keeps
// its id (a lookup failure is logged, the page still shows).
func (h *Handler) scopeNames(r *http.Request, refs map[perm.ScopeKind][]string) map[perm.ScopeKind]map[string]string {
	names, err := h.Network.ScopeNames(r.Context(), refs)
	if err != nil {
		h.Log.Error("scope names", "err", err)
	}
	out := map[perm.ScopeKind]map[string]string{}
	for kind, ids := range refs {
		out[kind] = map[string]string{}
		for _, id := range ids {
			if n := names[kind][id]; n != "" {
				out[kind][id] = n
			} else {
				out[kind][id] = id
			}
		}
	}
	return out
}
