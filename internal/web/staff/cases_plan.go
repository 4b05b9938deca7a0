package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The support plan page (Förderplan) works without JavaScript: it shows the
// stored goals and measures plus a fixed number of empty rows, and empty
// rows are ignored when saving. Field names are goals[i].title and
// goals[i].measures[j].due_on; the problems of a refused save are named
// goals.i.title and goals.i.measures.j.due_on by the positions of the form
// (FieldID turns them into the inputs' ids goals-i-title, ...).

// Empty rows offered below the stored plan.
const (
	planExtraGoals        = 2  // empty goals
	planExtraGoalMeasures = 3  // measure rows of each empty goal
	planExtraMeasures     = 2  // empty measure rows under each stored goal
	planMaxIndex          = 99 // highest goal or measure index read from a form
)

// planForm is the plan form as typed, in form order.
type planForm struct {
	Version            string
	StartsOn, ReviewOn string
	Goals              []planGoalForm
}

type planGoalForm struct {
	ID, Area, Title, Outcome string
	Measures                 []planMeasureForm
}

type planMeasureForm struct {
	ID, Description, Responsible, DueOn, Status, ReviewOn string
}

// planFormOf fills the form with a stored plan and the empty rows; a new
// plan starts today.
func planFormOf(p *casework.Plan, today string) planForm {
	f := planForm{Version: strconv.Itoa(p.Version), StartsOn: isoDate(p.StartsOn), ReviewOn: isoDate(p.ReviewOn)}
	if p.Version == 0 {
		f.StartsOn = today
	}
	for _, g := range p.Goals {
		gf := planGoalForm{ID: g.ID, Area: g.Area, Title: g.Title, Outcome: g.Outcome}
		for _, m := range g.Measures {
			gf.Measures = append(gf.Measures, planMeasureForm{ID: m.ID, Description: m.Description,
				Responsible: m.Responsible, DueOn: isoDate(m.DueOn), Status: m.Status, ReviewOn: isoDate(m.ReviewOn)})
		}
		for i := 0; i < planExtraMeasures && len(gf.Measures) < casework.MaxMeasures; i++ {
			gf.Measures = append(gf.Measures, emptyPlanMeasure())
		}
		f.Goals = append(f.Goals, gf)
	}
	for i := 0; i < planExtraGoals && len(f.Goals) < casework.MaxGoals; i++ {
		gf := planGoalForm{}
		for j := 0; j < planExtraGoalMeasures; j++ {
			gf.Measures = append(gf.Measures, emptyPlanMeasure())
		}
		f.Goals = append(f.Goals, gf)
	}
	return f
}

func emptyPlanMeasure() planMeasureForm { return planMeasureForm{Status: casework.MeasureOpen} }

var (
	planGoalKey    = regexp.MustCompile(`^goals\[(\d{1,2})\]\.(id|area|title|outcome)$`)
	planMeasureKey = regexp.MustCompile(`^goals\[(\d{1,2})\]\.measures\[(\d{1,2})\]\.(id|description|responsible|due_on|status|review_on)$`)
)

// parsePlanForm reads the posted form. Rows come in the order of their
// indices, which need not be contiguous; unknown fields are ignored.
func parsePlanForm(v url.Values) planForm {
	f := planForm{Version: v.Get("version"), StartsOn: v.Get("starts_on"), ReviewOn: v.Get("review_on")}
	goals := map[int]*planGoalForm{}
	measures := map[int]map[int]*planMeasureForm{}
	goal := func(i int) *planGoalForm {
		if goals[i] == nil {
			goals[i] = &planGoalForm{}
			measures[i] = map[int]*planMeasureForm{}
		}
		return goals[i]
	}
	for key, vals := range v {
		value := ""
		if len(vals) > 0 {
			value = vals[0]
		}
		if m := planGoalKey.FindStringSubmatch(key); m != nil {
			i, _ := strconv.Atoi(m[1])
			g := goal(i)
			switch m[2] {
			case "id":
				g.ID = value
			case "area":
				g.Area = value
			case "title":
				g.Title = value
			case "outcome":
				g.Outcome = value
			}
			continue
		}
		m := planMeasureKey.FindStringSubmatch(key)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		j, _ := strconv.Atoi(m[2])
		goal(i)
		ms := measures[i][j]
		if ms == nil {
			ms = &planMeasureForm{}
			measures[i][j] = ms
		}
		switch m[3] {
		case "id":
			ms.ID = value
		case "description":
			ms.Description = value
		case "responsible":
			ms.Responsible = value
		case "due_on":
			ms.DueOn = value
		case "status":
			ms.Status = value
		case "review_on":
			ms.ReviewOn = value
		}
	}
	for _, i := range sortedKeys(goals) {
		g := *goals[i]
		for _, j := range sortedKeys(measures[i]) {
			g.Measures = append(g.Measures, *measures[i][j])
		}
		f.Goals = append(f.Goals, g)
	}
	return f
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		if k <= planMaxIndex {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// planRows maps the goals and measures of a PlanInput back to their form
// positions: goal i of the input is form goal rows[i].goal.
type planRows []struct {
	goal     int
	measures []int
}

// input turns the form into a PlanInput, leaving out empty rows: a measure
// without description, and a goal without title and without measures.
// Unreadable dates are problems named by form position.
func (f planForm) input(e *valid.Errors) (casework.PlanInput, planRows) {
	in := casework.PlanInput{StartsOn: formDate(e, "starts_on", f.StartsOn), ReviewOn: formDate(e, "review_on", f.ReviewOn),
		Goals: []casework.Goal{}}
	var rows planRows
	for gi, g := range f.Goals {
		ms := []casework.Measure{}
		var at []int
		for mi, m := range g.Measures {
			if strings.TrimSpace(m.Description) == "" {
				continue
			}
			field := fmt.Sprintf("goals.%d.measures.%d.", gi, mi)
			ms = append(ms, casework.Measure{ID: m.ID, Description: strings.ReplaceAll(m.Description, "\r\n", "\n"),
				Responsible: m.Responsible, Status: m.Status, DueOn: formDate(e, field+"due_on", m.DueOn),
				ReviewOn: formDate(e, field+"review_on", m.ReviewOn)})
			at = append(at, mi)
		}
		if strings.TrimSpace(g.Title) == "" && len(ms) == 0 {
			continue
		}
		in.Goals = append(in.Goals, casework.Goal{ID: g.ID, Area: g.Area, Title: g.Title, Outcome: g.Outcome, Measures: ms})
		rows = append(rows, struct {
			goal     int
			measures []int
		}{gi, at})
	}
	return in, rows
}

var planStoreField = regexp.MustCompile(`^goals\[(\d+)\]\.(?:measures\[(\d+)\]\.)?([a-z_]+)$`)

// formProblems renames the store's problems (named by input position,
// "goals[1].measures[0].due_on") to form positions ("goals.3.measures.2.due_on").
// Problems without a field of the form (version, status, the number of
// goals) go to the top of the form, "plan".
func (rows planRows) formProblems(problems valid.Errors) valid.Errors {
	out := make(valid.Errors, len(problems))
	for i, p := range problems {
		out[i] = p
		out[i].Field = rows.formField(p.Field)
	}
	return out
}

func (rows planRows) formField(field string) string {
	if field == "starts_on" || field == "review_on" {
		return field
	}
	m := planStoreField.FindStringSubmatch(field)
	if m == nil {
		return "plan"
	}
	gi, _ := strconv.Atoi(m[1])
	if gi >= len(rows) {
		return "plan"
	}
	if m[2] == "" {
		return fmt.Sprintf("goals.%d.%s", rows[gi].goal, m[3])
	}
	mi, _ := strconv.Atoi(m[2])
	if mi >= len(rows[gi].measures) {
		return fmt.Sprintf("goals.%d", rows[gi].goal)
	}
	return fmt.Sprintf("goals.%d.measures.%d.%s", rows[gi].goal, rows[gi].measures[mi], m[3])
}

// planField is one input of the plan form, ready for the template.
type planField struct {
	Label, Name, ID, Value, Error string
	// Kind is "text", "date", "textarea" or "select".
	Kind string
	Max  int
	// Choose labels the empty first option of a select ("" for none).
	Choose  string
	Choices []site.Choice
}

type planGoalView struct {
	Legend, Anchor       string
	IDName, IDValue      string
	Area, Title, Outcome planField
	ShowOutcome          bool
	MeasuresError        string
	Measures             []planMeasureView
}

type planMeasureView struct {
	Legend                                          string
	IDName, IDValue                                 string
	Description, Responsible, DueOn, Status, Review planField
}

// planReadGoal is a stored goal as read (closed files).
type planReadGoal struct {
	N                    int
	Area, Title, Outcome string
	Measures             []planReadMeasure
}

type planReadMeasure struct {
	Description, Responsible, DueOn, Status, ReviewOn string
}

// planPage is the plan of a file: the form while the file is open, the
// plan as read when it is closed.
type planPage struct {
	site.Base
	File     *casework.File
	Plan     *casework.Plan
	Editable bool
	// SavedAt is when the stored version was saved ("" without a plan).
	SavedAt            string
	FormVersion        string
	StartsOn, ReviewOn planField
	Goals              []planGoalView
	Read               []planReadGoal
}

func (h *Handler) showPlan(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.renderPlan(w, r, http.StatusOK, cw, nil, nil, false)
}

func (h *Handler) savePlan(w http.ResponseWriter, r *http.Request, cw caseWork) {
	form := parsePlanForm(r.PostForm)
	var e valid.Errors
	in, rows := form.input(&e)
	if len(e) > 0 {
		h.renderPlan(w, r, http.StatusUnprocessableEntity, cw, &form, e, false)
		return
	}
	version, err := strconv.Atoi(strings.TrimSpace(form.Version))
	if err != nil {
		version = -1 // never matches
	}
	_, err = h.Cases.SavePlan(r.Context(), cw.Viewer, r.PathValue("id"), version, in)
	if err == nil {
		h.SetFlash(w, "flash.plan_saved")
		h.Redirect(w, r, "/cases/"+r.PathValue("id")+"/plan")
		return
	}
	problems, status, ok := h.caseOutcome(w, r, err)
	if !ok {
		return
	}
	stale := status == http.StatusConflict
	if stale {
		problems = valid.Errors{{Field: "plan", Key: "plan.stale"}}
	} else {
		problems = rows.formProblems(problems)
	}
	h.renderPlan(w, r, status, cw, &form, problems, stale)
}

// renderPlan reads the file and its plan (404 outside the viewer's scope)
// and renders the plan page. form nil shows the stored plan; otherwise
// the form as typed, with the current version when fresh is set (after a
// stale save, so that saving again is a deliberate choice).
func (h *Handler) renderPlan(w http.ResponseWriter, r *http.Request, status int, cw caseWork, form *planForm,
	problems valid.Errors, fresh bool) {
	id := r.PathValue("id")
	f, err := h.Cases.Get(r.Context(), cw.Viewer, id)
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	p, err := h.Cases.Plan(r.Context(), cw.Viewer, id)
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	b := h.Base(w, r, "plan.title")
	b.Title = b.T("plan.title_code", "Code", f.Code)
	b.Errors = problems
	page := planPage{Base: b, File: f, Plan: p, Editable: f.Status == casework.Open}
	if p.Version > 0 {
		page.SavedAt = page.L.DateTime(p.UpdatedAt)
	}
	if !page.Editable {
		page.Read = planReadGoals(b, p)
		h.Render(w, r, status, "cases_plan", page)
		return
	}
	if form == nil {
		stored := planFormOf(p, h.todayISO())
		form = &stored
	}
	if fresh {
		form.Version = strconv.Itoa(p.Version)
	}
	page.fillForm(*form, h.todayISO())
	h.Render(w, r, status, "cases_plan", page)
}

// fillForm builds the form's fields with values and problems.
func (p *planPage) fillForm(f planForm, today string) {
	p.FormVersion = f.Version
	p.StartsOn = p.field("plan.starts_on", "starts_on", "starts_on", f.StartsOn, "date")
	p.ReviewOn = p.field("plan.review_on", "review_on", "review_on", f.ReviewOn, "date")
	// Outcomes are assessed once the plan's review is due.
	assess := f.ReviewOn != "" && f.ReviewOn <= today
	for gi, g := range f.Goals {
		key := fmt.Sprintf("goals.%d.", gi)
		name := fmt.Sprintf("goals[%d].", gi)
		n := gi + 1
		v := planGoalView{Anchor: site.FieldID(fmt.Sprintf("goals.%d", gi)), IDName: name + "id", IDValue: g.ID,
			ShowOutcome: assess || g.Outcome != "", MeasuresError: p.FieldError(key + "measures")}
		if msg := p.FieldError(fmt.Sprintf("goals.%d", gi)); msg != "" && v.MeasuresError == "" {
			v.MeasuresError = msg
		}
		if g.ID == "" {
			v.Legend = p.T("plan.goal_new", "n", n)
		} else {
			v.Legend = p.T("plan.goal_n", "n", n)
		}
		v.Area = p.field("plan.area", name+"area", key+"area", g.Area, "select")
		v.Area.Choose, v.Area.Choices = p.T("case.choose"), planChoices(p.Base, "area", casework.PlanAreas, g.Area)
		v.Title = p.field("plan.goal_title", name+"title", key+"title", g.Title, "text")
		v.Title.Max = casework.MaxGoalTitle
		v.Outcome = p.field("plan.outcome", name+"outcome", key+"outcome", g.Outcome, "select")
		v.Outcome.Choose, v.Outcome.Choices = p.T("plan.outcome_none"), planChoices(p.Base, "outcome", casework.Outcomes, g.Outcome)
		for mi, m := range g.Measures {
			mkey := fmt.Sprintf("%smeasures.%d.", key, mi)
			mname := fmt.Sprintf("%smeasures[%d].", name, mi)
			mv := planMeasureView{Legend: p.T("plan.measure_n", "g", n, "m", mi+1), IDName: mname + "id", IDValue: m.ID}
			mv.Description = p.field("plan.description", mname+"description", mkey+"description", m.Description, "textarea")
			mv.Description.Max = casework.MaxDescription
			mv.Responsible = p.field("plan.responsible", mname+"responsible", mkey+"responsible", m.Responsible, "select")
			mv.Responsible.Choose = p.T("case.choose")
			mv.Responsible.Choices = planChoices(p.Base, "responsible", casework.Responsibles, m.Responsible)
			mv.DueOn = p.field("plan.due_on", mname+"due_on", mkey+"due_on", m.DueOn, "date")
			mv.Status = p.field("plan.status", mname+"status", mkey+"status", m.Status, "select")
			mv.Status.Choices = planChoices(p.Base, "status", casework.MeasureStatuses, m.Status)
			mv.Review = p.field("plan.measure_review_on", mname+"review_on", mkey+"review_on", m.ReviewOn, "date")
			v.Measures = append(v.Measures, mv)
		}
		p.Goals = append(p.Goals, v)
	}
}

func (p *planPage) field(label, name, key, value, kind string) planField {
	return planField{Label: p.T(label), Name: name, ID: site.FieldID(key), Value: value, Error: p.FieldError(key), Kind: kind}
}

// planChoices lists translated options, the label of value v being the
// message "plan.<list>.<v>".
func planChoices(b site.Base, list string, values []string, selected string) []site.Choice {
	out := make([]site.Choice, len(values))
	for i, v := range values {
		out[i] = site.Choice{Value: v, Label: b.T("plan." + list + "." + v), Selected: v == selected}
	}
	return out
}

// planReadGoals renders a stored plan as text in the page's language.
func planReadGoals(b site.Base, p *casework.Plan) []planReadGoal {
	var out []planReadGoal
	for i, g := range p.Goals {
		rg := planReadGoal{N: i + 1, Area: b.T("plan.area." + g.Area), Title: g.Title}
		if g.Outcome != "" {
			rg.Outcome = b.T("plan.outcome." + g.Outcome)
		}
		for _, m := range g.Measures {
			rg.Measures = append(rg.Measures, planReadMeasure{Description: m.Description,
				Responsible: b.T("plan.responsible." + m.Responsible), DueOn: b.L.Date(m.DueOn),
				Status: b.T("plan.status." + m.Status), ReviewOn: b.L.Date(m.ReviewOn)})
		}
		out = append(out, rg)
	}
	return out
}
