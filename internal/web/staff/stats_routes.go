package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// statsRoutes: the statistics of what the viewer may see (package stats
// decides the rows: the state, the regions coordinated, the offices led,
// one's own caseload), their export and the annual report.
func (h *Handler) statsRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/statistics", Perm: perm.StatsRead, Handler: h.statistics},
		{Method: "GET", Pattern: "/statistics/export", Perm: perm.StatsRead, Handler: h.statisticsExport},
		{Method: "GET", Pattern: "/statistics/report.pdf", Perm: perm.StatsRead, Handler: h.statisticsReport},
	}
}
