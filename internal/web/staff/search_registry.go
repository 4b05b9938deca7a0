package staff

import (
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The registry's kinds of the staff search: everybody who reads the
// registry finds its offices, organisations and programs, the same rows
// the registry's lists show them.

// findOffices searches offices by name, city, postcode and organisation
// (the office list's search, which the group links).
func (h *Handler) findOffices(r *http.Request, b site.Base, q string) (searchGroup, error) {
	offices, total, err := h.Network.ListOffices(r.Context(), network.OfficeFilter{Search: q}, network.Page{Limit: searchLimit})
	g := searchGroup{Kind: "offices", Total: total}
	for _, o := range offices {
		facts := []string{o.OrganisationName, strings.TrimSpace(o.Postcode + " " + o.City)}
		if o.Status != network.Active {
			facts = append(facts, b.T("status."+string(o.Status)))
		}
		g.Items = append(g.Items, searchItem{Text: o.Name, Href: "/network/offices/" + o.ID, Detail: joinFacts(facts)})
	}
	g.More = moreLink(b, g, "/network/offices", q)
	return g, err
}

// findOrganisations searches organisations by name.
func (h *Handler) findOrganisations(r *http.Request, b site.Base, q string) (searchGroup, error) {
	orgs, total, err := h.Network.ListOrganisations(r.Context(), network.OrgFilter{Search: q}, network.Page{Limit: searchLimit})
	g := searchGroup{Kind: "organisations", Total: total}
	for _, o := range orgs {
		g.Items = append(g.Items, searchItem{Text: o.Name, Href: "/network/organisations/" + o.ID,
			Detail: joinFacts([]string{b.T("kind." + string(o.Kind)), o.RegionName})})
	}
	g.More = moreLink(b, g, "/network/organisations", q)
	return g, err
}

// findPrograms searches the programs by their name in the reader's
// language (a handful of rows: compared here, case folded in any script).
func (h *Handler) findPrograms(r *http.Request, b site.Base, q string) (searchGroup, error) {
	programs, err := h.Network.Programs(r.Context())
	g := searchGroup{Kind: "programs"}
	needle := valid.SearchText(q)
	for _, pr := range programs {
		name := pr.Name(b.L.Lang)
		if !strings.Contains(strings.ToLower(name), needle) {
			continue
		}
		g.Total++
		if len(g.Items) < searchLimit {
			g.Items = append(g.Items, searchItem{Text: name, Href: "/network/programs", Detail: pr.Funder,
				Links: []site.Link{{Href: "/network/offices?program=" + pr.ID, Label: b.T("search.program_offices", "Name", name)}}})
		}
	}
	return g, err
}

// joinFacts joins the non-empty facts of a result's line.
func joinFacts(facts []string) string {
	var kept []string
	for _, f := range facts {
		if f = strings.TrimSpace(f); f != "" {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " · ")
}
