package staff

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// askMediator asks a proposed volunteer; they answer on their personal
// page, linked in the mail.
func (h *Handler) askMediator(w http.ResponseWriter, r *http.Request) {
	err := h.Volunteers.Ask(r.Context(), site.PrincipalOf(r), r.PathValue("id"), r.PostFormValue("volunteer"))
	h.mediationStep(w, r, err, "flash.mediation_asked")
}

// flagMediationConflict takes a volunteer out of the proposals for this
// request (they know the client, …).
func (h *Handler) flagMediationConflict(w http.ResponseWriter, r *http.Request) {
	err := h.Volunteers.FlagConflict(r.Context(), site.PrincipalOf(r), r.PathValue("id"), r.PostFormValue("volunteer"))
	h.mediationStep(w, r, err, "flash.mediation_conflict")
}

func (h *Handler) cancelMediationForm(w http.ResponseWriter, r *http.Request) {
	req, err := h.Volunteers.Request(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil || req.State == volunteer.Cancelled {
		h.NotFound(w, r)
		return
	}
	page := mediationShowPage{Base: h.Base(w, r, "volunteerstaff.cancel_title"), R: req}
	page.When = page.L.DateTime(req.Start.In(clock.Berlin()))
	h.Render(w, r, http.StatusOK, "mediation_cancel", page)
}

func (h *Handler) cancelMediation(w http.ResponseWriter, r *http.Request) {
	h.mediationStep(w, r, h.Volunteers.Cancel(r.Context(), site.PrincipalOf(r), r.PathValue("id")), "flash.mediation_cancelled")
}

// mediationStep answers a step on a request: back to it with a message,
// 404 outside the user's requests, 409 when it changed meanwhile, 422
// for a volunteer who cannot take it (any longer).
func (h *Handler) mediationStep(w http.ResponseWriter, r *http.Request, err error, flash string) {
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, volunteer.ErrChanged):
		h.Fail(w, r, http.StatusConflict, "volunteerstaff.changed")
	case errors.Is(err, volunteer.ErrCannotTake):
		h.Fail(w, r, http.StatusUnprocessableEntity, "volunteerstaff.cannot_take")
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/mediation/"+r.PathValue("id"))
	}
}

// mediationCalendar is the calendar file of the filled requests of the
// user's offices: language and place, never the client.
func (h *Handler) mediationCalendar(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	list, err := h.Volunteers.Requests(r.Context(), p, volunteer.RequestFilter{State: volunteer.Filled, Upcoming: true})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	b := h.Base(w, r, "volunteerstaff.mediation_title")
	var entries []volunteer.CalendarEntry
	for _, req := range list {
		entries = append(entries, volunteer.CalendarEntry{ID: req.ID, Start: req.Start, End: req.End,
			Summary: b.T("volunteerstaff.calendar_summary", "Language", requestLanguage(b, req)),
			Place:   strings.TrimSpace(req.OfficeName + " " + req.Place)})
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sprachmittlung.ics"`)
	if err := volunteer.ICal(w, "Sprachmittlung", entries, h.Clock.Now()); err != nil {
		h.Log.Warn("mediation calendar", "err", err)
	}
}
