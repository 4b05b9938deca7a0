package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// minutesRoutes: a meeting's minutes in versions (drafted by the
// coordinators, circulated, approved and then locked; a correction is a
// new version), the decisions and tasks they record, a region's tasks and
// decisions, and the state of a task. Whoever takes part in the region
// reads; its coordinators (and the ministry) write. Who may change a
// task's state (the responsible person, the representative or deputy of
// the responsible organisation, the coordinators) the store decides; a
// meeting, task or region the reader does not take part in is 404.
func (h *Handler) minutesRoutes() []site.Route {
	take, run := perm.RegionTakePart, perm.RegionCoordinate
	return []site.Route{
		{Method: "GET", Pattern: "/meetings/{id}/minutes", Perm: take, Handler: h.showMinutes},
		{Method: "POST", Pattern: "/meetings/{id}/minutes", Perm: run, MaxBody: 1 << 20, Handler: h.saveMinutes},
		{Method: "GET", Pattern: "/meetings/{id}/minutes/{version}", Perm: take, Handler: h.showMinutesVersion},
		{Method: "POST", Pattern: "/meetings/{id}/minutes/circulate", Perm: run, Handler: h.circulateMinutes},
		{Method: "GET", Pattern: "/meetings/{id}/minutes/approve", Perm: run, Handler: h.confirmApproveMinutes},
		{Method: "POST", Pattern: "/meetings/{id}/minutes/approve", Perm: run, Handler: h.approveMinutes},
		{Method: "POST", Pattern: "/meetings/{id}/minutes/correct", Perm: run, Handler: h.correctMinutes},
		{Method: "POST", Pattern: "/meetings/{id}/decisions", Perm: run, Handler: h.addDecision},
		{Method: "POST", Pattern: "/meetings/{id}/decisions/{item}/delete", Perm: run, Handler: h.deleteDecision},
		{Method: "POST", Pattern: "/meetings/{id}/tasks", Perm: run, Handler: h.addTask},
		{Method: "POST", Pattern: "/meetings/{id}/tasks/{task}/delete", Perm: run, Handler: h.deleteTask},
		{Method: "GET", Pattern: "/regions/{region}/tasks", Perm: take, Handler: h.regionTasks},
		{Method: "POST", Pattern: "/tasks/{task}/state", Perm: take, Handler: h.setTaskState},
		{Method: "GET", Pattern: "/regions/{region}/decisions", Perm: take, Handler: h.regionDecisions},
	}
}
