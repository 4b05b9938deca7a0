package staff

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The staff search (/search): the box in the header of every staff page
// sends its text here. Each kind of result (search_kinds.go) is searched
// only for people whose permissions and scopes allow it, and only within
// those scopes; docs/SECURITY.md says what each role finds.

// Bounds of the search text, in characters. One character would match
// nearly everything; the longest office or organisation name is far
// shorter than the upper bound.
const (
	searchMinRunes = 2
	searchMaxRunes = 100
)

// searchPage is the search form with the results, grouped by kind.
type searchPage struct {
	site.Base
	Query string
	// Hint says what this person's search looks in.
	Hint string
	// Done: a valid text was searched (not on the empty form or refused text).
	Done    bool
	Summary string
	Total   int
	Groups  []searchGroup
}

// Shown are the groups with results, in page order.
func (p searchPage) Shown() []searchGroup {
	var out []searchGroup
	for _, g := range p.Groups {
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Notes are the groups' remarks (why a kind found nothing), in page order.
func (p searchPage) Notes() []string {
	var out []string
	for _, g := range p.Groups {
		if g.Note != "" {
			out = append(out, g.Note)
		}
	}
	return out
}

// search shows the form, and with a text the results of every kind the
// principal may search. The empty form is the page the header links to
// without JavaScript's help, so it answers 200.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := searchPage{Base: h.Base(w, r, "search.title"), Query: q}
	kinds := searchKindsOf(site.PrincipalOf(r))
	p.Hint = searchHint(p.Base, site.PrincipalOf(r), kinds)
	if q == "" {
		h.Render(w, r, http.StatusOK, "search", p)
		return
	}
	if problem := searchProblem(q); problem != nil {
		p.Errors = problem
		h.Render(w, r, http.StatusUnprocessableEntity, "search", p)
		return
	}
	for _, k := range kinds {
		g, err := k.find(h, r, p.Base, q)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		if href, ok := exactFile(g, q); ok {
			h.Redirect(w, r, href)
			return
		}
		g.Kind, g.Label = k.kind, p.T("search.group", "Name", p.T("search.kind_"+k.kind), "Count", g.Total)
		if g.More == nil && g.Total > len(g.Items) {
			g.Cut = p.T("search.cut", "Max", len(g.Items), "Count", g.Total)
		}
		p.Groups, p.Total = append(p.Groups, g), p.Total+g.Total
	}
	p.Done, p.Summary = true, p.L.N("search.summary", p.Total, "Text", q)
	h.Render(w, r, http.StatusOK, "search", p)
}

// searchProblem refuses text too short to mean anything or too long to be
// a name (the guard already refused invalid characters).
func searchProblem(q string) valid.Errors {
	var e valid.Errors
	switch n := utf8.RuneCountInString(q); {
	case n < searchMinRunes:
		e.Add("q", "search.too_short", "Min", searchMinRunes)
	case n > searchMaxRunes:
		e.Add("q", "search.too_long", "Max", searchMaxRunes)
	}
	return e
}

// exactFile: a text that is one whole code, found as exactly one file,
// opens that file at once (what a counselor typing a code wants).
func exactFile(g searchGroup, q string) (string, bool) {
	if _, whole := casework.CodeSearch(q); !whole || g.Total != 1 || len(g.Items) != 1 || !g.Items[0].Code {
		return "", false
	}
	return g.Items[0].Href, casework.SameCode(g.Items[0].Text, q)
}

// searchHint names the kinds this person's search looks in, and by what.
func searchHint(b site.Base, p auth.Principal, kinds []searchKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		key := "search.looks_" + k.kind
		if k.kind == "people" && p.Can(perm.UserManage) {
			key = "search.looks_accounts"
		}
		names[i] = b.T(key)
	}
	return b.T("search.hint", "Text", b.L.List(names), "Min", searchMinRunes)
}
