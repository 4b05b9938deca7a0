package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// announcementRoutes: not yet built (issue 16 in progress).
func (h *Handler) announcementRoutes() []site.Route { return nil }
