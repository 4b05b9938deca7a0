package api

import (
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// pair is one (organisation, program) combination and the offices where
// the organisation runs that program.
type pair struct {
	org     network.Organisation
	program network.Program
	offices []*network.Office
}

// buildServices adds a service per (organisation, program) pair and a
// service_at_location per (office, program).
func (b *builder) buildServices(offices []network.Office) {
	pairs := map[string]*pair{}
	var keys []string
	for i := range offices {
		o := &offices[i]
		for _, p := range b.knownPrograms(o) {
			k := serviceID(o.OrganisationID, p)
			if pairs[k] == nil {
				pairs[k] = &pair{org: b.orgs[o.OrganisationID], program: b.programs[p]}
				keys = append(keys, k)
			}
			pairs[k].offices = append(pairs[k].offices, o)
		}
	}
	var svcs []*pair
	for _, k := range keys {
		svcs = append(svcs, pairs[k])
	}
	slices.SortFunc(svcs, func(a, c *pair) int {
		return cmpNameID(b.serviceName(a), serviceID(a.org.ID, a.program.ID),
			b.serviceName(c), serviceID(c.org.ID, c.program.ID))
	})
	for _, p := range svcs {
		b.addService(p)
	}
	for i := range offices {
		o := &offices[i]
		for _, p := range b.knownPrograms(o) {
			b.addSAL(o, p)
		}
	}
}

// serviceName is "<program> – <organisation>": many providers run the same
// program, so the program name alone would not tell services apart.
func (b *builder) serviceName(p *pair) string {
	return p.program.Name(b.lang) + " – " + p.org.Name
}

func (b *builder) addService(p *pair) {
	id := serviceID(p.org.ID, p.program.ID)
	var langs, topics []string
	status := "temporarily closed"
	var updated time.Time
	for _, o := range p.offices {
		langs = append(langs, o.Languages...)
		topics = append(topics, b.knownTopics(o)...)
		if o.Status == network.Active {
			status = "active"
		}
		if o.UpdatedAt.After(updated) {
			updated = o.UpdatedAt
		}
	}
	topics = sortedUnique(topics)
	terms := termIDsOf(topics, []string{p.program.ID})
	s := Service{
		ID: id, OrganizationID: p.org.ID, Name: b.serviceName(p),
		AlternateName: p.program.Name(b.lang), Description: p.program.Description(b.lang),
		Status: status, MinimumAge: p.program.MinAge, MaximumAge: p.program.MaxAge,
		Languages:  b.languages(sortedUnique(langs), id, ""),
		Attributes: b.attributes("service", id, terms),
		Ext: ServiceExt{ProgramID: p.program.ID, FundingLevel: string(p.program.FundingLevel),
			Translations: b.serviceTranslations(p), UpdatedAt: formatTime(updated)},
	}
	if p.program.Funder != "" {
		s.Funding = []Funding{{ID: derivedID("funding", id), ServiceID: id, Source: p.program.Funder}}
	}
	b.m.svcsOfOrg[p.org.ID] = append(b.m.svcsOfOrg[p.org.ID], len(b.m.services.items))
	b.m.services.add(id, s, meta{text: lower(s.Name), terms: terms, orgID: p.org.ID, updated: updated})
}

// serviceTranslations names the service in every language the program has.
func (b *builder) serviceTranslations(p *pair) Translations {
	tr := programTranslations(p.program)
	for l, t := range tr {
		t.Name += " – " + p.org.Name
		tr[l] = t
	}
	return tr
}

func (b *builder) addSAL(o *network.Office, program string) {
	id, svc := salID(o.ID, program), serviceID(o.OrganisationID, program)
	terms := termIDsOf(b.knownTopics(o), []string{program})
	si := b.m.services.byID[svc]
	b.m.salsOfService[svc] = append(b.m.salsOfService[svc], len(b.m.sals.items))
	b.m.sals.add(id, ServiceAtLocation{ID: id, ServiceID: svc, LocationID: o.ID,
		Attributes: b.attributes("service_at_location", id, terms),
		Ext:        SALExt{ProgramID: program, OrganizationID: o.OrganisationID}},
		meta{text: lower(b.m.services.items[si].Name + " " + o.Name + " " + o.City + " " + o.Postcode),
			terms: terms, orgID: o.OrganisationID, updated: o.UpdatedAt,
			lat: o.Lat, lon: o.Lon, hasGeo: o.Lat != 0 || o.Lon != 0})
}

// buildOrganizations adds every organisation that has an office.
func (b *builder) buildOrganizations(offices []network.Office) {
	used := map[string]time.Time{}
	for _, o := range offices {
		if t, ok := used[o.OrganisationID]; !ok || o.UpdatedAt.After(t) {
			used[o.OrganisationID] = o.UpdatedAt
		}
	}
	var orgs []network.Organisation
	for id := range used {
		orgs = append(orgs, b.orgs[id])
	}
	slices.SortFunc(orgs, func(a, c network.Organisation) int { return cmpNameID(a.Name, a.ID, c.Name, c.ID) })
	for _, o := range orgs {
		updated := o.UpdatedAt
		if used[o.ID].After(updated) {
			updated = used[o.ID]
		}
		b.addOrganization(o, used, updated)
	}
}

func (b *builder) addOrganization(o network.Organisation, used map[string]time.Time, updated time.Time) {
	org := Organization{ID: o.ID, Name: o.Name, Email: o.Email, Website: o.Website,
		Description: b.tx.label(b.lang, "kind."+string(o.Kind), ""),
		Ext: OrgExt{Kind: string(o.Kind), Authority: o.Authority, RegionID: o.RegionID,
			RegionName: o.RegionName, DistrictAGS: o.DistrictAGS, UpdatedAt: formatTime(updated)}}
	if _, ok := used[o.ParentID]; ok && o.ParentID != o.ID {
		org.ParentOrganizationID = o.ParentID // only parents that are published too
	}
	if o.Phone != "" {
		org.Phones = []Phone{{ID: derivedID("phone", "organization", o.ID), OrganizationID: o.ID,
			Number: o.Phone, Type: "voice"}}
	}
	var terms []string
	for _, si := range b.m.svcsOfOrg[o.ID] {
		terms = append(terms, b.m.services.meta[si].terms...)
	}
	b.m.orgs.add(o.ID, org, meta{text: lower(o.Name), terms: sortedUnique(terms), orgID: o.ID, updated: updated})
}
