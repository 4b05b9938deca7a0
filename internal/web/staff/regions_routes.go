package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// regionRoutes are the pages of the regional networks at work. The
// permission says the role takes part in networks at all; which regions
// (and so which meetings, documents, threads) a user reaches is decided by
// the regional store's participant view, and everything of a region the
// user does not take part in answers 404. {region} is a region's id or
// "state" for the statewide space.
func (h *Handler) regionRoutes() []site.Route {
	if h.Regional == nil {
		return nil
	}
	var all []site.Route
	for _, group := range [][]site.Route{h.regionHomeRoutes(), h.meetingRoutes(), h.minutesRoutes(), h.announcementRoutes(),
		h.libraryRoutes(), h.threadRoutes(), h.regionSearchRoutes()} {
		all = append(all, group...)
	}
	return all
}

// regionHomeRoutes: the list of one's networks, a network's overview and
// its members.
func (h *Handler) regionHomeRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/regions", Perm: perm.RegionTakePart, Handler: h.listRegions},
		{Method: "GET", Pattern: "/regions/{region}", Perm: perm.RegionTakePart, Handler: h.regionHome},
		{Method: "GET", Pattern: "/regions/{region}/members", Perm: perm.RegionTakePart, Handler: h.regionMembers},
		{Method: "POST", Pattern: "/regions/{region}/members", Perm: perm.RegionCoordinate, Handler: h.addRegionMember},
		{Method: "POST", Pattern: "/regions/{region}/members/{member}", Perm: perm.RegionCoordinate, Handler: h.setRegionRepresentatives},
		{Method: "GET", Pattern: "/regions/{region}/members/{member}/remove", Perm: perm.RegionCoordinate, Handler: h.confirmRemoveRegionMember},
		{Method: "POST", Pattern: "/regions/{region}/members/{member}/remove", Perm: perm.RegionCoordinate, Handler: h.removeRegionMember},
		{Method: "POST", Pattern: "/regions/{region}/guests", Perm: perm.RegionCoordinate, Handler: h.addRegionGuest},
		{Method: "POST", Pattern: "/regions/{region}/guests/{guest}/remove", Perm: perm.RegionCoordinate, Handler: h.removeRegionGuest},
	}
}
