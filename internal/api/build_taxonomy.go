package api

import (
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// buildTaxonomies adds the two taxonomies and a term for every topic and
// program of the snapshot.
func (b *builder) buildTaxonomies() {
	b.addTaxonomy(topicsTaxonomy, "KMN-Beratungsthemen",
		"Themen der Migrationsberatung im Netzwerk KMN (Kooperative Migrationsarbeit Niedersachsen).")
	b.addTaxonomy(programsTaxonomy, "KMN-Förderprogramme",
		"Förderprogramme der Migrationsberatung in Niedersachsen (Land und Bund).")
	topics := slices.Clone(b.snap.Topics)
	slices.Sort(topics)
	for _, t := range slices.Compact(topics) {
		name := b.tx.label(b.lang, "topic."+t, t)
		b.addTerm(TaxonomyTerm{ID: topicTermID(t), Code: t, Name: name, Description: name,
			Taxonomy: topicsTaxonomy, TaxonomyID: taxonomyID(topicsTaxonomy), Language: b.lang,
			Ext: termExt(b.tx.topicTranslations(t))})
	}
	programs := slices.Clone(b.snap.Programs)
	slices.SortFunc(programs, func(a, c network.Program) int { return cmpNameID(a.ID, a.ID, c.ID, c.ID) })
	for _, p := range programs {
		b.addTerm(TaxonomyTerm{ID: programTermID(p.ID), Code: p.ID, Name: p.Name(b.lang),
			Description: p.Description(b.lang), Taxonomy: programsTaxonomy,
			TaxonomyID: taxonomyID(programsTaxonomy), Language: b.lang,
			Ext: termExt(programTranslations(p))})
	}
}

func termExt(t Translations) *TermExt {
	if t == nil {
		return nil
	}
	return &TermExt{Translations: t}
}

func (b *builder) addTaxonomy(name, title, desc string) {
	id := taxonomyID(name)
	b.m.taxonomies.add(id, Taxonomy{ID: id, Name: name, Description: title + ". " + desc},
		meta{text: lower(name + " " + title)})
}

func (b *builder) addTerm(t TaxonomyTerm) {
	if _, dup := b.m.terms.byID[t.ID]; dup {
		return
	}
	b.m.termTaxonomy[t.ID] = t.TaxonomyID
	b.m.terms.add(t.ID, t, meta{text: lower(t.Code + " " + t.Name), taxonomy: t.TaxonomyID,
		terms: []string{t.ID}})
}
