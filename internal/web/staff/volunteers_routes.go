package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerRoutes are the coordinators' pages of volunteers (list,
// profile, confirmation with the pledge, documents, ending their work,
// figures) and the counselors' language mediation requests (list, new
// request, proposals, asking, conflicts, cancelling, calendar).
func (h *Handler) volunteerRoutes() []site.Route {
	if h.Volunteers == nil {
		return nil
	}
	return []site.Route{
		{Method: "GET", Pattern: "/volunteers", Perm: perm.VolunteerCoordinate, Handler: h.listVolunteers},
		{Method: "GET", Pattern: "/volunteers/figures", Perm: perm.VolunteerCoordinate, Handler: h.volunteerFigures},
		{Method: "GET", Pattern: "/volunteers/{id}", Perm: perm.VolunteerCoordinate, Handler: h.showVolunteer},
		{Method: "POST", Pattern: "/volunteers/{id}/confirm", Perm: perm.VolunteerCoordinate, Handler: h.confirmVolunteer},
		{Method: "POST", Pattern: "/volunteers/{id}/documents", Perm: perm.VolunteerCoordinate, Handler: h.recordVolunteerDocument},
		{Method: "GET", Pattern: "/volunteers/{id}/deactivate", Perm: perm.VolunteerCoordinate, Handler: h.deactivateVolunteerForm},
		{Method: "POST", Pattern: "/volunteers/{id}/deactivate", Perm: perm.VolunteerCoordinate, Handler: h.deactivateVolunteer},

		{Method: "GET", Pattern: "/mediation", Perm: perm.MediationRequest, Handler: h.listMediation},
		{Method: "GET", Pattern: "/mediation/new", Perm: perm.MediationRequest, Handler: h.newMediationForm},
		{Method: "POST", Pattern: "/mediation", Perm: perm.MediationRequest, Handler: h.createMediation},
		{Method: "GET", Pattern: "/mediation/calendar.ics", Perm: perm.MediationRequest, Handler: h.mediationCalendar},
		{Method: "GET", Pattern: "/mediation/{id}", Perm: perm.MediationRequest, Handler: h.showMediation},
		{Method: "POST", Pattern: "/mediation/{id}/ask", Perm: perm.MediationRequest, Handler: h.askMediator},
		{Method: "POST", Pattern: "/mediation/{id}/conflict", Perm: perm.MediationRequest, Handler: h.flagMediationConflict},
		{Method: "GET", Pattern: "/mediation/{id}/cancel", Perm: perm.MediationRequest, Handler: h.cancelMediationForm},
		{Method: "POST", Pattern: "/mediation/{id}/cancel", Perm: perm.MediationRequest, Handler: h.cancelMediation},
	}
}
