package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The search of the regional networks (/regions/search): meetings,
// decisions, documents and threads of the spaces the reader takes part
// in, found by German words; the store keeps to those spaces.

// Bounds of the regional search page.
const (
	regionSearchPerPage  = 20
	regionSearchMaxRunes = 200
	regionSearchMaxPage  = 500
)

// regionSearchForm is the search form as typed.
type regionSearchForm struct {
	Q, Kind, Region, Topic, From, To string
}

// values are the form's parameters for the pager's links.
func (f regionSearchForm) values() url.Values {
	return url.Values{"q": {f.Q}, "kind": {f.Kind}, "region": {f.Region}, "topic": {f.Topic}, "from": {f.From}, "to": {f.To}}
}

// regionSearchChoices are the selects of a search form: kinds, the
// spaces the reader sees and the registry's topics, named.
type regionSearchChoices struct {
	Kinds, Regions, Topics []site.Choice
}

type regionSearchPage struct {
	site.Base
	Form regionSearchForm
	regionSearchChoices
	// Done: words were searched (not the empty form or a refused one).
	Done bool
	List site.List
}

// regionSearch shows the form and, with words, a page of what they find.
// Values not among the choices are dropped (a stale bookmark still
// opens); unreadable dates are refused with 422.
func (h *Handler) regionSearch(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	v := r.URL.Query()
	f := regionSearchForm{Q: strings.TrimSpace(v.Get("q")), Kind: v.Get("kind"), Region: v.Get("region"), Topic: v.Get("topic"),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	p := regionSearchPage{Base: h.Base(w, r, "regionsearch.title")}
	choices, names, err := h.regionSearchChoices(r, p.Base, x, &f)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Form, p.regionSearchChoices = f, choices
	q, problems := f.query()
	if len(problems) > 0 {
		p.Errors = problems
		h.Render(w, r, http.StatusUnprocessableEntity, "regions_search", p)
		return
	}
	if f.Q == "" {
		h.Render(w, r, http.StatusOK, "regions_search", p)
		return
	}
	page := site.PageParam(v.Get("page"), regionSearchMaxPage)
	q.Limit, q.Offset = regionSearchPerPage, (page-1)*regionSearchPerPage
	hits, total, err := h.Regional.Search(r.Context(), x, q)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Done = true
	p.List = regionHitList(p.Base, hits, names)
	p.List.Count = p.L.N("regionsearch.count", total, "Text", f.Q)
	p.List.Pager = site.NewPager(page, regionSearchPerPage, total, "/regions/search", f.values())
	h.Render(w, r, http.StatusOK, "regions_search", p)
}

// query turns the form into the store's query; problems for unreadable
// dates, a range that ends before it starts and a text too long.
func (f regionSearchForm) query() (regional.Query, valid.Errors) {
	var e valid.Errors
	q := regional.Query{Text: f.Q, Space: f.Region, Topic: f.Topic}
	if f.Kind != "" {
		q.Kinds = []string{f.Kind}
	}
	if utf8.RuneCountInString(f.Q) > regionSearchMaxRunes {
		e.Add("q", "regionsearch.q_too_long", "Max", regionSearchMaxRunes)
	}
	q.From, q.To = regionSearchDate(&e, "from", f.From), regionSearchDate(&e, "to", f.To)
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		e.Add("to", "regionsearch.range_invalid")
	}
	return q, e
}

// regionSearchDate reads a date field (YYYY-MM-DD, empty for none).
func regionSearchDate(e *valid.Errors, field, value string) time.Time {
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, value)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		e.Add(field, "regionsearch.date_invalid")
		return time.Time{}
	}
	return t
}

// regionSearchChoices names the kinds, the spaces x sees and the topics
// for the form's selects, and drops values of f that are none of them.
// It also returns every space's name by id.
func (h *Handler) regionSearchChoices(r *http.Request, b site.Base, x regional.Participant, f *regionSearchForm) (regionSearchChoices, map[string]string, error) {
	var c regionSearchChoices
	names, err := h.regionNames(r)
	if err != nil {
		return c, nil, err
	}
	names[regional.StateSpace] = b.T("regions.state_name")
	topics, err := h.Network.Topics(r.Context())
	if err != nil {
		return c, nil, err
	}
	if !slices.Contains(regional.DocKinds, f.Kind) {
		f.Kind = ""
	}
	if !x.Sees(f.Region) {
		f.Region = ""
	}
	if !slices.Contains(topics, f.Topic) {
		f.Topic = ""
	}
	for _, k := range regional.DocKinds {
		c.Kinds = append(c.Kinds, site.Choice{Value: k, Label: b.T("regionsearch.kind_" + k), Selected: k == f.Kind})
	}
	for _, s := range x.Spaces() {
		c.Regions = append(c.Regions, site.Choice{Value: s, Label: names[s], Selected: s == f.Region})
	}
	for _, t := range topics {
		c.Topics = append(c.Topics, site.Choice{Value: t, Label: b.T("topic." + t), Selected: t == f.Topic})
	}
	return c, names, nil
}

// regionHitList shows hits as a table: the item with its excerpt, what
// it is, where and when.
func regionHitList(b site.Base, hits []regional.Hit, names map[string]string) site.List {
	l := site.List{Caption: b.T("regionsearch.results"), Empty: b.T("regionsearch.none"), RowHeader: true, Columns: []site.Column{
		{Label: b.T("regionsearch.col_item")}, {Label: b.T("regionsearch.col_kind")}, {Label: b.T("regionsearch.col_region")},
		{Label: b.T("regionsearch.col_date")}}}
	for _, hit := range hits {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: hit.Title, Href: hit.Href, Hint: hit.Snippet},
			{Text: b.T("regionsearch.kind_" + hit.Kind)}, {Text: names[hit.Space]}, {Text: b.L.Date(hit.Date)}}})
	}
	return l
}
