package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// eventAttendancePage is the attendance list of an event: the confirmed
// participants with a check-in button each, usable on a phone at the door
// and printable.
type eventAttendancePage struct {
	site.Base
	E            *event.Event
	Title        string
	Participants []attendee
	Present      int
}

type attendee struct {
	ID, Name, Organisation string
	Attended               bool
}

func (h *Handler) eventAttendance(w http.ResponseWriter, r *http.Request) {
	p, id := site.PrincipalOf(r), r.PathValue("id")
	e, err := h.Events.Organised(r.Context(), p, id)
	if errors.Is(err, event.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	regs, err2 := h.Events.Registrations(r.Context(), p, id)
	came, err3 := h.Events.Attended(r.Context(), p, id)
	if err = errors.Join(err, err2, err3); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := eventAttendancePage{Base: h.Base(w, r, "eventstaff.attendance_title"), E: e}
	page.Title = e.Title(page.L.Lang)
	for _, x := range regs {
		if x.State == event.Confirmed {
			page.Participants = append(page.Participants, attendee{ID: x.ID, Name: x.Name, Organisation: x.Organisation, Attended: came[x.ID]})
			if came[x.ID] {
				page.Present++
			}
		}
	}
	h.Render(w, r, http.StatusOK, "events_staff_attendance", page)
}

// eventCheckIn records one participant as present or not.
func (h *Handler) eventCheckIn(w http.ResponseWriter, r *http.Request) {
	id, reg := r.PathValue("id"), r.PathValue("reg")
	err := h.Events.CheckIn(r.Context(), site.PrincipalOf(r), id, reg, r.PostFormValue("attended") == "1")
	switch {
	case errors.Is(err, event.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.Redirect(w, r, "/events/"+id+"/attendance#p-"+reg)
	}
}
