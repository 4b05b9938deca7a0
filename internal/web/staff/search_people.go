package staff

import (
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Who finds whom (docs/SECURITY.md, "Staff search"): people who manage
// accounts find every account, with its e-mail address, role and state,
// linked to the account page; counselors and office leads find the
// colleagues of their own offices by name, with role and office, never
// an e-mail address; everybody else finds no people here (an office's
// page lists who works there).

// findsPeople says whether p finds any people.
func findsPeople(p auth.Principal) bool {
	return p.Can(perm.UserManage) || len(colleagueOffices(p)) > 0
}

// colleagueOffices are the offices whose staff p finds: those where p
// counsels or leads.
func colleagueOffices(p auth.Principal) []string { return p.Offices(perm.OfficeLead, perm.Counselor) }

// findPeople searches staff accounts by name as the principal may.
func (h *Handler) findPeople(r *http.Request, b site.Base, q string) (searchGroup, error) {
	if site.PrincipalOf(r).Can(perm.UserManage) {
		return h.findAccounts(r, b, q)
	}
	return h.findColleagues(r, b, q)
}

// findAccounts searches every account by name or e-mail address (the
// account list's search, which the group links), each with role, the
// name of its office, organisation or region, e-mail address and state.
func (h *Handler) findAccounts(r *http.Request, b site.Base, q string) (searchGroup, error) {
	users, total, err := h.Auth.Users(r.Context(), auth.UserFilter{Search: q, Limit: searchLimit})
	if err != nil {
		return searchGroup{}, err
	}
	refs := map[perm.ScopeKind][]string{}
	for _, u := range users {
		if u.ScopeID != "" {
			refs[u.ScopeKind] = append(refs[u.ScopeKind], u.ScopeID)
		}
	}
	scopes, err := h.Network.ScopeNames(r.Context(), refs)
	g := searchGroup{Kind: "people", Total: total}
	for _, u := range users {
		where := scopes[u.ScopeKind][u.ScopeID]
		if u.ScopeKind == perm.Statewide {
			where = b.T("scope.statewide")
		}
		g.Items = append(g.Items, searchItem{Text: u.Name, Href: "/admin/users/" + u.ID,
			Detail: joinFacts([]string{b.T("role." + string(u.Role)), where, u.Email, b.T(accountState(u))})})
	}
	g.More = moreLink(b, g, "/admin/users", q)
	return g, err
}

// accountState is the message key of an account's state.
func accountState(u auth.User) string {
	switch {
	case u.Disabled:
		return "users.disabled"
	case !u.HasPassword:
		return "users.pending"
	}
	return "users.active"
}

// findColleagues searches the people of the principal's own offices by
// name: each with their roles, and their offices linked (the office page
// lists its staff). There is no account page to link for them.
func (h *Handler) findColleagues(r *http.Request, b site.Base, q string) (searchGroup, error) {
	g := searchGroup{Kind: "people"}
	offices := colleagueOffices(site.PrincipalOf(r))
	people, err := h.Auth.Colleagues(r.Context(), offices, q)
	if err != nil || len(people) == 0 {
		return g, err
	}
	names, err := h.Network.OfficeNames(r.Context(), offices)
	if err != nil {
		return g, err
	}
	slices.SortFunc(people, func(x, y auth.Colleague) int { return site.CompareFold(x.Name, y.Name) })
	g.Total = len(people)
	for _, c := range people[:min(len(people), searchLimit)] {
		g.Items = append(g.Items, colleagueItem(b, c, names))
	}
	return g, nil
}

// colleagueItem shows a colleague: name, roles, offices linked by name.
func colleagueItem(b site.Base, c auth.Colleague, officeNames map[string]string) searchItem {
	it := searchItem{Text: c.Name}
	var roles []string
	for _, w := range c.Places {
		if role := b.T("role." + string(w.Role)); !slices.Contains(roles, role) {
			roles = append(roles, role)
		}
		link := site.Link{Href: "/network/offices/" + w.OfficeID, Label: officeNames[w.OfficeID]}
		if !slices.Contains(it.Links, link) {
			it.Links = append(it.Links, link)
		}
	}
	it.Detail = joinFacts(roles)
	return it
}
