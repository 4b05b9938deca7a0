package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// announcementRoutes: announcements of coordinators and the ministry to
// one region, several or everybody. They stand outside a space; the store
// shows each reader those to the spaces they see.
func (h *Handler) announcementRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/announcements", Perm: perm.RegionTakePart, Handler: h.listAnnouncements},
		{Method: "GET", Pattern: "/announcements/new", Perm: perm.RegionCoordinate, Handler: h.newAnnouncement},
		{Method: "POST", Pattern: "/announcements", Perm: perm.RegionCoordinate, Handler: h.createAnnouncement},
		{Method: "GET", Pattern: "/announcements/{id}", Perm: perm.RegionTakePart, Handler: h.showAnnouncement},
	}
}
