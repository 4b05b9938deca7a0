package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// meetingRoutes: a region's meetings (coming and past), planning a
// meeting or a series, a meeting's page with its agenda, invitations,
// answers and attendance, and its calendar file. Whoever takes part in the
// region reads and answers; its coordinators (and the ministry) plan,
// change, invite and cancel. The store checks the row: a meeting of a
// region the reader does not take part in is 404, also for coordinators
// of other regions.
func (h *Handler) meetingRoutes() []site.Route {
	take, run := perm.RegionTakePart, perm.RegionCoordinate
	return []site.Route{
		{Method: "GET", Pattern: "/regions/{region}/meetings", Perm: take, Handler: h.listMeetings},
		{Method: "GET", Pattern: "/regions/{region}/meetings/new", Perm: run, Handler: h.newMeetingForm},
		{Method: "POST", Pattern: "/regions/{region}/meetings", Perm: run, Handler: h.createMeeting},
		{Method: "GET", Pattern: "/meetings/{id}", Perm: take, Handler: h.showMeeting},
		{Method: "GET", Pattern: "/meetings/{id}/meeting.ics", Perm: take, Handler: h.meetingICal},
		{Method: "POST", Pattern: "/meetings/{id}/rsvp", Perm: take, Handler: h.answerMeeting},
		{Method: "GET", Pattern: "/meetings/{id}/edit", Perm: run, Handler: h.editMeetingForm},
		{Method: "POST", Pattern: "/meetings/{id}", Perm: run, Handler: h.updateMeeting},
		{Method: "POST", Pattern: "/meetings/{id}/agenda", Perm: run, Handler: h.addAgendaItem},
		{Method: "POST", Pattern: "/meetings/{id}/agenda/{item}", Perm: run, Handler: h.editAgendaItem},
		{Method: "POST", Pattern: "/meetings/{id}/agenda/{item}/delete", Perm: run, Handler: h.deleteAgendaItem},
		{Method: "POST", Pattern: "/meetings/{id}/agenda/{item}/move", Perm: run, Handler: h.moveAgendaItem},
		{Method: "POST", Pattern: "/meetings/{id}/invite", Perm: run, Handler: h.inviteToMeeting},
		{Method: "POST", Pattern: "/meetings/{id}/attendance", Perm: run, Handler: h.recordMeetingAttendance},
		{Method: "GET", Pattern: "/meetings/{id}/cancel", Perm: run, Handler: h.confirmCancelMeeting},
		{Method: "POST", Pattern: "/meetings/{id}/cancel", Perm: run, Handler: h.cancelMeeting},
	}
}
