package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// regionSearchRoutes: not yet built (issue 16 in progress).
func (h *Handler) regionSearchRoutes() []site.Route { return nil }
