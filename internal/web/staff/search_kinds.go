package staff

import (
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// searchLimit is the number of results shown per kind; the group links
// its full list where there is one.
const searchLimit = 10

// searchGroup is the results of one kind.
type searchGroup struct {
	// Kind names the kind ("files", "offices", …): the anchor and the
	// catalog keys search.kind_<kind> and search.more_<kind>.
	Kind string
	// Label is the kind's name with the number of results.
	Label string
	Total int
	Items []searchItem
	// More links the full list when it has more than Items.
	More *site.Link
	// Note says why the kind found nothing (text that cannot be a code).
	Note string
	// Cut says that only the first results are shown, where no list
	// page has the rest.
	Cut string
}

// Anchor is the id of the group's heading, linked from the summary.
func (g searchGroup) Anchor() string { return "results-" + g.Kind }

// searchItem is one result: a name (a code for files) linking its page,
// a line of facts and further links.
type searchItem struct {
	Text, Href string
	// Code shows Text as a pseudonym code.
	Code   bool
	Detail string
	Links  []site.Link
}

// searchKind is one kind of result: who searches it, and how.
type searchKind struct {
	kind string
	// may says whether the principal searches this kind at all; which rows
	// it finds is the finder's (and its store's) business.
	may  func(p auth.Principal) bool
	find func(h *Handler, r *http.Request, b site.Base, q string) (searchGroup, error)
}

// searchKinds are the kinds in page order.
var searchKinds = []searchKind{
	{"files", func(p auth.Principal) bool { return p.Can(perm.CaseRead) }, (*Handler).findFiles},
	{"offices", readsNetwork, (*Handler).findOffices},
	{"organisations", readsNetwork, (*Handler).findOrganisations},
	{"people", findsPeople, (*Handler).findPeople},
	{"programs", readsNetwork, (*Handler).findPrograms},
	{"regional", func(p auth.Principal) bool { return p.Can(perm.RegionTakePart) }, (*Handler).findRegional},
}

// searchKindsOf lists the kinds p searches.
func searchKindsOf(p auth.Principal) []searchKind {
	var out []searchKind
	for _, k := range searchKinds {
		if k.may(p) {
			out = append(out, k)
		}
	}
	return out
}

func readsNetwork(p auth.Principal) bool { return p.Can(perm.NetworkRead) }

// moreLink links the full list at path filtered by q when the group shows
// fewer results than there are.
func moreLink(b site.Base, g searchGroup, path, q string) *site.Link {
	if g.Total <= len(g.Items) {
		return nil
	}
	return &site.Link{Href: path + "?" + url.Values{"q": {q}}.Encode(), Label: b.L.N("search.more_"+g.Kind, g.Total)}
}
