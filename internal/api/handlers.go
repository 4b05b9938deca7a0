package api

import (
	"net/http"
	"strings"
)

// Parameters each kind of endpoint accepts.
var (
	listCommon   = []string{pPage, pPerPage, pLang, pFormat}
	itemCommon   = []string{pLang, pFormat}
	orgListP     = append([]string{pSearch, pTerm, pTaxonomy, pModified, pFull, pFullService}, listCommon...)
	serviceListP = append([]string{pSearch, pTerm, pTaxonomy, pOrg, pModified, pFull}, listCommon...)
	geoP         = []string{pPostcode, pProximity, pLat, pLon}
	locListP     = append(append([]string{pSearch, pTerm, pTaxonomy, pOrg, pModified}, geoP...), listCommon...)
	salListP     = append(append([]string{pSearch, pTerm, pTaxonomy, pOrg, pModified, pFull}, geoP...), listCommon...)
	taxListP     = append([]string{pSearch}, listCommon...)
	termListP    = append([]string{pSearch, pTaxonomy}, listCommon...)
	orgItemP     = append([]string{pFullService}, itemCommon...)
)

// lookup finds the {id} of the request in c.
func lookup[T any](c *collection[T], r *http.Request, what string) (T, *apiError) {
	var zero T
	raw := r.PathValue("id")
	id, perr := idParam("id", raw)
	if perr != nil {
		return zero, notFoundError(what, raw)
	}
	i, ok := c.byID[id]
	if !ok {
		return zero, notFoundError(what, raw)
	}
	return c.items[i], nil
}

func (a *API) listOrganizations(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, orgListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.orgs.meta, p), p, func(h hit) Organization {
			if p.full || p.fullService {
				return m.organizationFull(h.index, p.fullService)
			}
			return m.orgs.items[h.index]
		}), nil
	})
}

func (a *API) getOrganization(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, orgItemP, func(m *model, p params, r *http.Request) (any, *apiError) {
		o, err := lookup(&m.orgs, r, "organization")
		if err != nil {
			return nil, err
		}
		return m.organizationFull(m.orgs.byID[o.ID], p.fullService), nil
	})
}

func (a *API) listServices(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, serviceListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.services.meta, p), p, func(h hit) Service {
			if p.full {
				return m.serviceFull(h.index, true)
			}
			return m.services.items[h.index]
		}), nil
	})
}

func (a *API) getService(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, r *http.Request) (any, *apiError) {
		s, err := lookup(&m.services, r, "service")
		if err != nil {
			return nil, err
		}
		return m.serviceFull(m.services.byID[s.ID], true), nil
	})
}

func (a *API) listLocations(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, locListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.locations.meta, p), p, func(h hit) Location {
			l := m.locations.items[h.index]
			l.Ext.DistanceM = metres(h)
			return l
		}), nil
	})
}

func (a *API) getLocation(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, r *http.Request) (any, *apiError) {
		l, err := lookup(&m.locations, r, "location")
		if err != nil {
			return nil, err
		}
		return l, nil
	})
}

func (a *API) listServiceAtLocations(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, salListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.sals.meta, p), p, func(h hit) ServiceAtLocation {
			s := m.sals.items[h.index]
			if p.full {
				s = m.salFull(h.index)
			}
			s.Ext.DistanceM = metres(h)
			return s
		}), nil
	})
}

func (a *API) getServiceAtLocation(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, r *http.Request) (any, *apiError) {
		s, err := lookup(&m.sals, r, "service_at_location")
		if err != nil {
			return nil, err
		}
		return m.salFull(m.sals.byID[s.ID]), nil
	})
}

func (a *API) listTaxonomies(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, taxListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.taxonomies.meta, p), p, func(h hit) Taxonomy {
			return m.taxonomies.items[h.index]
		}), nil
	})
}

func (a *API) getTaxonomy(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, r *http.Request) (any, *apiError) {
		t, err := lookup(&m.taxonomies, r, "taxonomy")
		if err != nil {
			return nil, err
		}
		return t, nil
	})
}

func (a *API) listTaxonomyTerms(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, termListP, func(m *model, p params, _ *http.Request) (any, *apiError) {
		return paginate(m.filter(m.terms.meta, p), p, func(h hit) TaxonomyTerm {
			return m.terms.items[h.index]
		}), nil
	})
}

func (a *API) getTaxonomyTerm(w http.ResponseWriter, r *http.Request) {
	a.serve(w, r, itemCommon, func(m *model, _ params, r *http.Request) (any, *apiError) {
		t, err := lookup(&m.terms, r, "taxonomy_term")
		if err != nil {
			return nil, err
		}
		if i, ok := m.taxonomies.byID[t.TaxonomyID]; ok {
			tax := m.taxonomies.items[i]
			t.Detail = &tax
		}
		return t, nil
	})
}

// organizationFull is an organization with its services, flat or (with
// fullService) with their locations.
func (m *model) organizationFull(i int, fullService bool) Organization {
	o := m.orgs.items[i]
	for _, si := range m.svcsOfOrg[o.ID] {
		s := m.services.items[si]
		if fullService {
			s = m.serviceFull(si, false)
		}
		o.Services = append(o.Services, s)
	}
	return o
}

// serviceFull is a service with its service_at_locations (each with its
// location) and, if withOrg, its organization.
func (m *model) serviceFull(i int, withOrg bool) Service {
	s := m.services.items[i]
	if oi, ok := m.orgs.byID[s.OrganizationID]; ok && withOrg {
		o := m.orgs.items[oi]
		s.Organization = &o
	}
	for _, li := range m.salsOfService[s.ID] {
		sal := m.sals.items[li]
		if loc, ok := m.locations.byID[sal.LocationID]; ok {
			l := m.locations.items[loc]
			sal.Location = &l
		}
		s.ServiceAtLocations = append(s.ServiceAtLocations, sal)
	}
	return s
}

// salFull is a service_at_location with its service and location nested.
func (m *model) salFull(i int) ServiceAtLocation {
	s := m.sals.items[i]
	if si, ok := m.services.byID[s.ServiceID]; ok {
		svc := m.services.items[si]
		s.Service = &svc
	}
	if li, ok := m.locations.byID[s.LocationID]; ok {
		l := m.locations.items[li]
		s.Location = &l
	}
	return s
}

// trimSlash drops a trailing slash of a base URL.
func trimSlash(s string) string { return strings.TrimRight(s, "/") }
