package public

import (
	"bytes"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerICS answers the volunteer's appointments as an iCalendar file
// (/{l}/volunteer/me/{token}/calendar.ics, or of the account): language, office and place,
// never the client.
func (h *Handler) volunteerICS(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	key, _ := volunteerWho(r)
	_, as, ok := h.volunteerSelf(w, r, key)
	if !ok {
		return
	}
	loc := h.Catalog.Localizer(publicLang(r))
	summary := func(a volunteer.Assignment) string {
		return loc.T("volunteer.ics_summary", "Language", names.Language(loc.Lang, a.Request.Language), "Office", a.Request.OfficeName)
	}
	var buf bytes.Buffer
	if err := volunteer.ICal(&buf, loc.T("volunteer.ics_name"), volunteer.Entries(as, summary), h.Clock.Now().In(clock.Berlin())); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="kmn-sprachmittlung.ics"`)
	_, _ = w.Write(buf.Bytes())
}
