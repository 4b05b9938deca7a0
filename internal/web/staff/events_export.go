package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// exportEventRegistrations answers an event's registrations with their
// state and attendance as CSV or XLSX (?format=), for the organiser. The
// headers are in the organiser's language; states are words, not codes.
func (h *Handler) exportEventRegistrations(w http.ResponseWriter, r *http.Request) {
	p, id := site.PrincipalOf(r), r.PathValue("id")
	regs, err := h.Events.Registrations(r.Context(), p, id)
	if errors.Is(err, event.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	came, err2 := h.Events.Attended(r.Context(), p, id)
	if err = errors.Join(err, err2); err != nil {
		h.ServerError(w, r, err)
		return
	}
	b := h.Base(w, r, "eventstaff.registrations")
	t := tabular.Table{Sheet: b.T("eventstaff.registrations"), Header: []string{b.T("eventstaff.col_name"), b.T("eventstaff.col_email"),
		b.T("eventstaff.col_organisation"), b.T("eventstaff.col_role"), b.T("eventstaff.col_needs"), b.T("eventstaff.col_state"),
		b.T("eventstaff.col_registered"), b.T("eventstaff.is_present")}}
	for _, x := range regs {
		present := ""
		if came[x.ID] {
			present = b.T("eventstaff.yes")
		}
		t.Rows = append(t.Rows, []string{x.Name, x.Email, x.Organisation, x.Role, x.Needs, b.T("eventstaff.reg_" + x.State),
			b.L.DateTime(x.CreatedAt.In(clock.Berlin())), present})
	}
	h.sendTable(w, r, "anmeldungen", t)
}
