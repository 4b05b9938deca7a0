package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// findRegional finds meetings, decisions, documents and threads of the
// networks the user takes part in (the regional store's full-text search
// within the participant view), linking the full search.
func (h *Handler) findRegional(r *http.Request, b site.Base, q string) (searchGroup, error) {
	g := searchGroup{Kind: "regional"}
	x, err := h.Regional.ParticipantOf(r.Context(), site.PrincipalOf(r))
	if err != nil {
		return g, err
	}
	hits, total, err := h.Regional.Search(r.Context(), x, regional.Query{Text: q, Limit: searchLimit})
	if err != nil {
		return g, err
	}
	names, err := h.regionNames(r)
	if err != nil {
		return g, err
	}
	g.Total = total
	for _, hit := range hits {
		space := names[hit.Space]
		if hit.Space == regional.StateSpace {
			space = b.T("regions.state_name")
		}
		g.Items = append(g.Items, searchItem{Text: hit.Title, Href: hit.Href,
			Detail: joinFacts([]string{b.T("regionsearch.kind_" + hit.Kind), space, b.L.Date(hit.Date), hit.Snippet})})
	}
	g.More = moreLink(b, g, "/regions/search", q)
	return g, nil
}
