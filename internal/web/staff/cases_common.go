package staff

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// todayISO is today's date in Lower Saxony as a date input's value.
func (h *Handler) todayISO() string { return isoDate(h.Clock.Today()) }

// isoDate formats a calendar date for display and date inputs ("" when zero).
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// formDate reads a date input (YYYY-MM-DD). Empty is the zero time, which
// the store reports as missing; anything else unreadable is a problem.
func formDate(e *valid.Errors, field, value string) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		e.Add(field, "case.date_invalid")
	}
	return t
}

// formInt reads a whole number; empty is 0.
func formInt(e *valid.Errors, field, value string) int {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		e.Add(field, "case.number_invalid")
	}
	return n
}

// caseChoices turns a casework value list into translated options, the
// label of value v being the message "case.<area>.<v>".
func caseChoices(b site.Base, area string, values []string, selected ...string) []site.Choice {
	out := make([]site.Choice, len(values))
	for i, v := range values {
		out[i] = site.Choice{Value: v, Label: b.T("case." + area + "." + v), Selected: slices.Contains(selected, v)}
	}
	return out
}

// caseOutcome sorts a case store error: validation problems (422), a stale
// version (409) and a missing consent (422) come back to be shown on the
// form; a file outside the viewer's scope answers 404, anything else 500.
// ok is false when an answer was written.
func (h *Handler) caseOutcome(w http.ResponseWriter, r *http.Request, err error) (problems valid.Errors, status int, ok bool) {
	switch {
	case errors.As(err, &problems):
		return problems, http.StatusUnprocessableEntity, true
	case errors.Is(err, casework.ErrStale):
		return valid.Errors{{Field: "version", Key: "case.stale"}}, http.StatusConflict, true
	case errors.Is(err, casework.ErrNoConsent):
		return valid.Errors{{Field: "contact_data", Key: "case.consent_required"}}, http.StatusUnprocessableEntity, true
	case errors.Is(err, casework.ErrNotFound):
		h.NotFound(w, r)
	default:
		h.ServerError(w, r, err)
	}
	return nil, 0, false
}

// inSection moves problems into one section of the file page: fields the
// section's form has become "<section>.<field>" (matching the inputs' ids),
// every other problem (status, version, a missing consent) is shown at the
// top of the section, under the field name "<section>".
func inSection(section string, fields []string, problems valid.Errors) valid.Errors {
	out := make(valid.Errors, len(problems))
	for i, p := range problems {
		p.Field = section
		if slices.Contains(fields, problems[i].Field) {
			p.Field = section + "." + problems[i].Field
		}
		out[i] = p
	}
	return out
}

// fileOf reads the file of the path for cw (audited as "case.read"),
// answering the error page itself (404 outside the scope) when it cannot;
// ok says whether to go on.
func (h *Handler) fileOf(w http.ResponseWriter, r *http.Request, cw caseWork) (f *casework.File, ok bool) {
	f, err := h.Cases.Get(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return nil, false
	}
	return f, true
}
