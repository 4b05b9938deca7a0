package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// libraryRoutes: not yet built (issue 16 in progress).
func (h *Handler) libraryRoutes() []site.Route { return nil }
