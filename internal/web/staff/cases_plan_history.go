package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// planHistoryPage lists the saved versions of a plan, newest first: who,
// when and what changed, by field name only (no content).
type planHistoryPage struct {
	site.Base
	File     *casework.File
	Versions []planVersionView
}

type planVersionView struct {
	Version          int
	SavedAt, SavedBy string
	Changes          []string
}

func (h *Handler) planHistory(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	// Goals and measures are named by their position in the current plan.
	current, ok := h.planOf(w, r, cw, f)
	if !ok {
		return
	}
	versions, err := h.Cases.PlanHistory(r.Context(), cw.Viewer, f.ID)
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	b := h.Base(w, r, "plan.history_title")
	b.Title = b.T("plan.history_code", "Code", f.Code)
	refs := planRefs(current)
	var ids []string
	for _, v := range versions {
		ids = append(ids, v.SavedBy)
	}
	names, err := h.Auth.Names(r.Context(), ids)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := planHistoryPage{Base: b, File: f}
	for _, v := range versions {
		name := names[v.SavedBy]
		if name == "" {
			name = b.T("plan.unknown_user")
		}
		pv := planVersionView{Version: v.Version, SavedAt: b.L.DateTime(v.SavedAt), SavedBy: name}
		for _, c := range v.Changes {
			pv.Changes = append(pv.Changes, refs.describe(b, c))
		}
		page.Versions = append(page.Versions, pv)
	}
	h.Render(w, r, http.StatusOK, "cases_plan_history", page)
}

// planRefs numbers the goals and measures of a plan (1-based).
type planRefIndex struct {
	goals    map[string]int
	measures map[string]int
}

func planRefs(p *casework.Plan) planRefIndex {
	x := planRefIndex{goals: map[string]int{}, measures: map[string]int{}}
	for i, g := range p.Goals {
		x.goals[g.ID] = i + 1
		for j, m := range g.Measures {
			x.measures[m.ID] = j + 1
		}
	}
	return x
}

// describe names one change in the page's language, e.g. "Ziel 1,
// Maßnahme 2: Frist geändert".
func (x planRefIndex) describe(b site.Base, c casework.PlanChange) string {
	var what string
	switch {
	case c.Goal == "" && c.Field == "":
		what = b.T("plan.change.created")
	case c.Field == "" && c.Measure != "":
		what = b.T("plan.change.measure_" + c.Change)
	case c.Field == "":
		what = b.T("plan.change.goal_" + c.Change)
	case c.Measure != "":
		what = b.T("plan.change.measure_" + c.Field)
	default:
		what = b.T("plan.change." + c.Field)
	}
	g, m := x.goals[c.Goal], x.measures[c.Measure]
	switch {
	case c.Goal == "" || g == 0 || c.Change == "removed":
		return what
	case c.Measure != "" && m > 0:
		return b.T("plan.ref_measure", "g", g, "m", m) + ": " + what
	case c.Measure != "":
		return what
	default:
		return b.T("plan.ref_goal", "g", g) + ": " + what
	}
}
