package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// minutesRoutes: not yet built (issue 16 in progress).
func (h *Handler) minutesRoutes() []site.Route { return nil }
