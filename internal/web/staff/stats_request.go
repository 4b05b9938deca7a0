package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// statsForm is the statistics query as the URL carries it: the period
// (kind, value, until), the unit (level, id) and the family shown.
type statsForm struct {
	Kind, Value, Until string
	Level, ID          string
	Family             string
}

func readStatsForm(r *http.Request, year int) statsForm {
	q := r.URL.Query()
	f := statsForm{Kind: q.Get("kind"), Value: q.Get("value"), Until: q.Get("until"), Level: q.Get("level"), ID: q.Get("id"),
		Family: q.Get("family")}
	if f.Kind == "" {
		f.Kind, f.Value = string(stats.Year), strconv.Itoa(year)
	}
	if !validFamily(f.Family) {
		f.Family = string(stats.Clients)
	}
	return f
}

func validFamily(s string) bool {
	if s == statsview.ProgramsFamily || s == networkFamily {
		return true
	}
	for _, f := range stats.Families {
		if string(f) == s {
			return true
		}
	}
	return false
}

// values are the form as URL parameters (for links that keep it).
func (f statsForm) values() url.Values {
	v := url.Values{"kind": {f.Kind}, "value": {f.Value}}
	if f.Until != "" {
		v.Set("until", f.Until)
	}
	if f.Level != "" {
		v.Set("level", f.Level)
		v.Set("id", f.ID)
	}
	v.Set("family", f.Family)
	return v
}

// with is the form for another unit or family.
func (f statsForm) with(u *stats.Unit, family string) statsForm {
	if u != nil {
		f.Level, f.ID = u.Level.String(), u.ID
	}
	if family != "" {
		f.Family = family
	}
	return f
}

// periodProblem names what is wrong with the period asked for.
func periodProblem(err error) valid.Errors {
	var e valid.Errors
	switch {
	case errors.Is(err, stats.ErrPeriodFuture):
		e.Add("value", "stats.period_future")
	case errors.Is(err, stats.ErrPeriodReversed):
		e.Add("until", "stats.period_reversed")
	case errors.Is(err, stats.ErrPeriodTooEarly):
		e.Add("value", "stats.period_too_early")
	default:
		e.Add("value", "stats.period_invalid")
	}
	return e
}

// statsRequest is a resolved query: the period, its snapshot and the
// unit the viewer may see.
type statsRequest struct {
	Form   statsForm
	Viewer stats.Viewer
	Period stats.Period
	Snap   *stats.Snapshot
	Unit   stats.Unit
	// Tables is false for a viewer who sees only their own caseload.
	Tables bool
}

// resolveStats reads the query. A bad period gives problems (422); a
// unit the viewer may not see, or none, answers 404 (ok false, written).
func (h *Handler) resolveStats(w http.ResponseWriter, r *http.Request) (statsRequest, valid.Errors, bool) {
	today := h.Clock.Today()
	req := statsRequest{Form: readStatsForm(r, today.Year()), Viewer: stats.ViewerOf(site.PrincipalOf(r))}
	p, err := stats.ParsePeriod(req.Form.Kind, req.Form.Value, req.Form.Until, today)
	if err != nil {
		return req, periodProblem(err), true
	}
	req.Period = p
	if !req.Viewer.SeesFigures() {
		if req.Form.Level != "" {
			h.NotFound(w, r) // no unit is theirs to see
			return req, nil, false
		}
		return req, nil, true
	}
	snap, err := h.Stats.Snapshot(r.Context(), p)
	if err != nil {
		h.ServerError(w, r, err)
		return req, nil, false
	}
	req.Snap, req.Tables = snap, true
	if req.Form.Level == "" {
		req.Unit, _ = snap.Home(req.Viewer)
		return req, nil, true
	}
	level, ok := stats.ParseLevel(req.Form.Level)
	if !ok {
		h.NotFound(w, r)
		return req, nil, false
	}
	if req.Unit, err = snap.Scope(req.Viewer, level, req.Form.ID); err != nil {
		h.NotFound(w, r)
		return req, nil, false
	}
	return req, nil, true
}

// statsNamer names categories in the page's language.
func (h *Handler) statsNamer(r *http.Request, b site.Base) (statsview.Namer, error) {
	programs, err := h.programNames(r, b.L.Lang)
	if err != nil {
		return statsview.Namer{}, err
	}
	names := map[string]string{}
	for _, p := range programs {
		names[p.Value] = p.Label
	}
	return statsview.NewNamer(b, names), nil
}
