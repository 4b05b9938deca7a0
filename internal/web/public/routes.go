package public

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Routes are the pages anybody may open without an account: the
// office finder in seven languages (the language is the first path
// segment, so links can be shared), the district boundaries for its map,
// and the open-data API (its own route table in internal/api).
//
// Each language gets literal patterns (/de/search, /ar/search, …) rather
// than one /{lang}/search: a wildcard first segment would overlap routes
// like /static/{file}. The guard sets the "lang" path value from Route.Lang.
func (h *Handler) Routes() []site.Route {
	var out []site.Route
	for _, l := range i18n.Public {
		out = append(out,
			site.Route{Method: "GET", Pattern: "/" + l + "/{$}", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicHome},
			site.Route{Method: "GET", Pattern: "/" + l + "/search", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicSearch},
			site.Route{Method: "GET", Pattern: "/" + l + "/offices/{id}", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicOffice},
			site.Route{Method: "GET", Pattern: "/" + l + "/offices/{id}/print", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.publicOfficePrint},
		)
	}
	out = append(out, h.accessibilityRoutes()...)
	out = append(out, h.onlineRoutes()...)
	out = append(out, h.eventRoutes()...)
	out = append(out, h.volunteerRoutes()...)
	out = append(out, h.statisticsRoutes()...)
	out = append(out, h.msoRoutes()...)
	return append(out,
		site.Route{Method: "GET", Pattern: "/geo/districts.geojson", Perm: perm.Public, Bare: true, Handler: site.GeoJSON(h.Geo)},
		site.Route{Method: "GET", Pattern: "/api/", Perm: perm.Public, Bare: true, Handler: h.api},
		site.Route{Method: "OPTIONS", Pattern: "/api/", Perm: perm.Public, Bare: true, Handler: h.api},
	)
}
