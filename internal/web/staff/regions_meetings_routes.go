package staff

import "github.com/kmn-niedersachsen/kmn/internal/web/site"

// meetingRoutes: not yet built (issue 16 in progress).
func (h *Handler) meetingRoutes() []site.Route { return nil }
