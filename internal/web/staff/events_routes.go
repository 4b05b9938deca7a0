package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// eventRoutes are the organisers' pages of trainings and events: their
// list, a new event, an event with its registrations, publishing,
// cancelling and the number of places.
func (h *Handler) eventRoutes() []site.Route {
	if h.Events == nil {
		return nil
	}
	return []site.Route{
		{Method: "GET", Pattern: "/events", Perm: perm.EventOrganise, Handler: h.listEvents},
		{Method: "GET", Pattern: "/events/new", Perm: perm.EventOrganise, Handler: h.newEventForm},
		{Method: "POST", Pattern: "/events", Perm: perm.EventOrganise, Handler: h.createEvent},
		{Method: "GET", Pattern: "/events/{id}", Perm: perm.EventOrganise, Handler: h.showEvent},
		{Method: "POST", Pattern: "/events/{id}/publish", Perm: perm.EventOrganise, Handler: h.publishEvent},
		{Method: "GET", Pattern: "/events/{id}/cancel", Perm: perm.EventOrganise, Handler: h.cancelEventForm},
		{Method: "POST", Pattern: "/events/{id}/cancel", Perm: perm.EventOrganise, Handler: h.cancelEvent},
		{Method: "POST", Pattern: "/events/{id}/capacity", Perm: perm.EventOrganise, Handler: h.eventCapacity},
		{Method: "GET", Pattern: "/events/{id}/attendance", Perm: perm.EventOrganise, Handler: h.eventAttendance},
		{Method: "GET", Pattern: "/events/{id}/registrations", Perm: perm.EventOrganise, Handler: h.exportEventRegistrations},
		{Method: "POST", Pattern: "/events/{id}/waitlist/{reg}", Perm: perm.EventOrganise, Handler: h.eventPromote},
		{Method: "POST", Pattern: "/events/{id}/requests/{reg}", Perm: perm.EventOrganise, Handler: h.eventDecide},
		// Any member of staff registers colleagues for a published event.
		{Method: "GET", Pattern: "/events/{id}/colleague", Perm: perm.Staff, Handler: h.colleagueForm},
		{Method: "POST", Pattern: "/events/{id}/colleague", Perm: perm.Staff, Handler: h.registerColleague},
		{Method: "POST", Pattern: "/events/{id}/attendance/{reg}", Perm: perm.EventOrganise, Handler: h.eventCheckIn},
	}
}
