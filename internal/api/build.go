package api

import (
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// meta is what the list filters need to know about one item.
type meta struct {
	text     string   // lower-cased names for ?search
	terms    []string // taxonomy term ids, for ?taxonomy_term_id and ?taxonomy_id
	orgID    string   // for ?organization_id
	taxonomy string   // taxonomy id of a term, for /taxonomy_terms?taxonomy_id
	updated  time.Time
	lat, lon float64
	hasGeo   bool
}

// collection is one list of HSDS objects with their filter data and an
// index by id.
type collection[T any] struct {
	items []T
	meta  []meta
	byID  map[string]int
}

func (c *collection[T]) add(id string, item T, m meta) {
	if c.byID == nil {
		c.byID = map[string]int{}
	}
	c.byID[id] = len(c.items)
	c.items = append(c.items, item)
	c.meta = append(c.meta, m)
}

// model is the HSDS view of one snapshot in one language. It is immutable
// once built and shared between requests; handlers copy items before
// changing them (distance, nesting).
type model struct {
	version string
	built   time.Time
	lang    string

	orgs       collection[Organization]
	services   collection[Service]
	locations  collection[Location]
	sals       collection[ServiceAtLocation]
	taxonomies collection[Taxonomy]
	terms      collection[TaxonomyTerm]

	termTaxonomy  map[string]string // term id → taxonomy id
	salsOfService map[string][]int  // service id → indexes into sals
	svcsOfOrg     map[string][]int  // organization id → indexes into services
}

// builder turns a finder.Snapshot into a model.
type builder struct {
	snap     *finder.Snapshot
	lang     string
	tx       texts
	m        *model
	programs map[string]network.Program
	orgs     map[string]network.Organisation
	topics   map[string]bool
}

// buildModel maps the snapshot to HSDS (see README.md for the mapping).
func buildModel(snap *finder.Snapshot, lang string, tx texts) *model {
	b := &builder{snap: snap, lang: lang, tx: tx,
		m: &model{version: snap.Version, built: snap.Built, lang: lang,
			termTaxonomy: map[string]string{}, salsOfService: map[string][]int{}, svcsOfOrg: map[string][]int{}},
		programs: map[string]network.Program{}, orgs: map[string]network.Organisation{}, topics: map[string]bool{}}
	for _, p := range snap.Programs {
		b.programs[p.ID] = p
	}
	for _, o := range snap.Organisations {
		b.orgs[o.ID] = o
	}
	for _, t := range snap.Topics {
		b.topics[t] = true
	}
	b.buildTaxonomies()
	offices := b.publicOffices()
	for i := range offices {
		b.addLocation(&offices[i])
	}
	b.buildServices(offices)
	b.buildOrganizations(offices)
	return b.m
}

// publicOffices returns the snapshot's offices that are not closed and
// whose organisation is known, sorted by name and id.
func (b *builder) publicOffices() []network.Office {
	var out []network.Office
	for _, o := range b.snap.Offices {
		if _, ok := b.orgs[o.OrganisationID]; ok && o.Status != network.Closed {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, c network.Office) int {
		return cmpNameID(a.Name, a.ID, c.Name, c.ID)
	})
	return out
}

func cmpNameID(an, aid, bn, bid string) int {
	if c := strings.Compare(lower(an), lower(bn)); c != 0 {
		return c
	}
	return strings.Compare(aid, bid)
}

// knownPrograms returns the office's program ids that the snapshot knows.
func (b *builder) knownPrograms(o *network.Office) []string {
	var out []string
	for _, p := range sortedUnique(o.Programs) {
		if _, ok := b.programs[p]; ok {
			out = append(out, p)
		}
	}
	return out
}

// knownTopics returns the office's topic ids that the snapshot knows.
func (b *builder) knownTopics(o *network.Office) []string {
	var out []string
	for _, t := range sortedUnique(o.Topics) {
		if b.topics[t] {
			out = append(out, t)
		}
	}
	return out
}

// attributes links entity id to the given term ids, with the terms nested.
func (b *builder) attributes(entity, id string, termIDs []string) []Attribute {
	out := make([]Attribute, 0, len(termIDs))
	for _, t := range termIDs {
		i, ok := b.m.terms.byID[t]
		if !ok {
			continue
		}
		term := b.m.terms.items[i]
		term.Ext = nil
		out = append(out, Attribute{ID: derivedID("attribute", entity, id, t), LinkID: id,
			LinkEntity: entity, TaxonomyTermID: t, TaxonomyTerm: &term})
	}
	return out
}

func termIDsOf(topics, programs []string) []string {
	var out []string
	for _, p := range programs {
		out = append(out, programTermID(p))
	}
	for _, t := range topics {
		out = append(out, topicTermID(t))
	}
	return out
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
