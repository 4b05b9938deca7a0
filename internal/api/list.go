package api

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

// hit is one item that passed the filters, with its distance in metres
// from the query origin (when there is one).
type hit struct {
	index    int
	distance float64
	hasDist  bool
}

// filter applies the cumulative (AND) filters of p to a collection's
// metadata and returns the matching items: in collection order, or by
// distance when p has an origin. Items without coordinates drop out of
// distance queries.
func (m *model) filter(ms []meta, p params) []hit {
	var out []hit
	for i := range ms {
		h, ok := m.match(&ms[i], p)
		if ok {
			h.index = i
			out = append(out, h)
		}
	}
	if p.origin != nil {
		slices.SortStableFunc(out, func(a, b hit) int { return cmp.Compare(a.distance, b.distance) })
	}
	return out
}

func (m *model) match(e *meta, p params) (hit, bool) {
	switch {
	case p.search != "" && !strings.Contains(e.text, p.search),
		p.termID != "" && !slices.Contains(e.terms, p.termID),
		p.taxonomyID != "" && !m.inTaxonomy(e, p.taxonomyID),
		p.orgID != "" && e.orgID != p.orgID,
		!p.modifiedAfter.IsZero() && e.updated.Before(p.modifiedAfter):
		return hit{}, false
	}
	if p.origin == nil {
		return hit{}, true
	}
	if !e.hasGeo {
		return hit{}, false
	}
	d := geo.DistanceKm(p.origin.lat, p.origin.lon, e.lat, e.lon) * 1000
	if p.proximity > 0 && !(d <= p.proximity) {
		return hit{}, false
	}
	return hit{distance: d, hasDist: true}, true
}

func (m *model) inTaxonomy(e *meta, taxonomy string) bool {
	if e.taxonomy != "" {
		return e.taxonomy == taxonomy
	}
	return slices.ContainsFunc(e.terms, func(t string) bool { return m.termTaxonomy[t] == taxonomy })
}

// paginate cuts one page of hits and fills the HSDS envelope; convert maps
// a hit to the item served.
func paginate[T any](hits []hit, p params, convert func(hit) T) Page {
	total := len(hits)
	pages := (total + p.perPage - 1) / p.perPage
	start := min((p.page-1)*p.perPage, total)
	end := min(start+p.perPage, total)
	items := make([]T, 0, end-start)
	for _, h := range hits[start:end] {
		items = append(items, convert(h))
	}
	return Page{TotalItems: total, TotalPages: pages, PageNumber: p.page, Size: len(items),
		FirstPage: p.page == 1, LastPage: p.page >= pages, Empty: len(items) == 0, Contents: items}
}

// metres rounds a distance to whole metres for x_kmn.distance_m.
func metres(h hit) *int {
	if !h.hasDist {
		return nil
	}
	n := int(math.Round(h.distance))
	return &n
}
