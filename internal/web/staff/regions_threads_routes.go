package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// threadRoutes: not yet built (issue 16 in progress).
func (h *Handler) threadRoutes() []site.Route { return nil }
