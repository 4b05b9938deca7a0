package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// regionSearchRoutes: the search over what one's networks did, and the
// ministry's statewide view with the yearly activity and its export.
// The literal paths win over /regions/{region}.
func (h *Handler) regionSearchRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/regions/search", Perm: perm.RegionTakePart, Handler: h.regionSearch},
		{Method: "GET", Pattern: "/regions/overview", Perm: perm.RegionOversee, Handler: h.regionsOverview},
		{Method: "GET", Pattern: "/regions/overview/activity", Perm: perm.RegionOversee, Handler: h.regionsActivityExport},
	}
}
