package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// casesPerPage is the length of one page of the caseload.
const casesPerPage = 25

// casesPage is the caseload: the files of the user's offices.
type casesPage struct {
	site.Base
	List                site.List
	Filter              caseFilter
	Statuses, Programs  []site.Choice
	DueChoices, Topics  []site.Choice
	CanCreate, Filtered bool
}

// caseFilter is the list's search form as typed.
type caseFilter struct {
	Search, Status, Program, Due, Topic string
	// Mine keeps the user's own files and those they cover (the deadline
	// page's scope).
	Mine bool
}

// query turns the form into the store's query for one page. Values that
// are not among the choices are dropped rather than refused: the filter
// form only offers valid ones, and a stale bookmark should still open.
func (f caseFilter) query(page int) casework.CaseQuery {
	q := casework.CaseQuery{Code: f.Search, ProgramID: f.Program, TopicID: f.Topic, Mine: f.Mine,
		Offset: (page - 1) * casesPerPage, Limit: casesPerPage}
	if slices.Contains([]string{string(casework.Open), string(casework.Closed)}, f.Status) {
		q.Status = casework.Status(f.Status)
	}
	if slices.Contains(casework.DueFilters, f.Due) {
		q.Due = f.Due
	}
	return q
}

func (h *Handler) listCases(w http.ResponseWriter, r *http.Request, cw caseWork) {
	q := r.URL.Query()
	f := caseFilter{Search: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Program: q.Get("program"),
		Due: q.Get("due"), Topic: q.Get("topic"), Mine: q.Get("mine") == "1"}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(1, min(page, 1_000_000))
	result, err := h.Cases.Caseload(r.Context(), cw.Viewer, f.query(page))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	b := h.Base(w, r, "cases.title")
	p := casesPage{Base: b, Filter: f, CanCreate: site.PrincipalOf(r).Can(perm.CaseEdit) && len(cw.Offices) > 0,
		Filtered: f != caseFilter{}}
	if err := h.caseListChoices(r, &p); err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.List = caseList(p, cw, result.Rows, h.Clock.Today())
	p.List.Count = p.L.N("cases.count", result.Total)
	p.List.Pager = site.NewPager(page, casesPerPage, result.Total, "/cases", q)
	h.Render(w, r, http.StatusOK, "cases", p)
}

// caseListChoices fills the filter form's selects.
func (h *Handler) caseListChoices(r *http.Request, p *casesPage) error {
	programs, err := h.programNames(r, p.L.Lang)
	if err != nil {
		return err
	}
	topics, err := h.Network.Topics(r.Context())
	if err != nil {
		return err
	}
	p.Statuses = caseChoices(p.Base, "status", []string{string(casework.Open), string(casework.Closed)}, p.Filter.Status)
	p.DueChoices = caseChoices(p.Base, "due", casework.DueFilters, p.Filter.Due)
	for _, pr := range programs {
		p.Programs = append(p.Programs, site.Choice{Value: pr.Value, Label: pr.Label, Selected: pr.Value == p.Filter.Program})
	}
	for _, t := range topics {
		p.Topics = append(p.Topics, site.Choice{Value: t, Label: p.T("topic." + t), Selected: t == p.Filter.Topic})
	}
	return nil
}

// programNames lists the registry's programs as choices named in lang.
func (h *Handler) programNames(r *http.Request, lang string) ([]site.Choice, error) {
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]site.Choice, len(programs))
	for i, pr := range programs {
		out[i] = site.Choice{Value: pr.ID, Label: pr.Name(lang)}
	}
	return out, nil
}

// choiceLabel is the label of value among choices (the value itself when absent).
func choiceLabel(choices []site.Choice, value string) string {
	for _, c := range choices {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}

// caseList shows files as a table: pseudonym code and statistics only,
// with the next deadline (marked when it is overdue).
func caseList(p casesPage, cw caseWork, rows []casework.Summary, today time.Time) site.List {
	empty := p.T("cases.empty")
	if p.Filtered {
		empty = p.T("cases.none_match")
	}
	l := site.List{Caption: p.Title, Empty: empty, Columns: []site.Column{{Label: p.T("case.code")}, {Label: p.T("case.office")},
		{Label: p.T("case.program")}, {Label: p.T("case.intake_on")}, {Label: p.T("case.status")}, {Label: p.T("cases.next_due")}}}
	for _, s := range rows {
		due := site.Cell{Text: p.L.Date(s.NextDue)}
		if !s.NextDue.IsZero() && s.NextDue.Before(today) {
			due = site.Cell{Text: due.Text + " · " + p.T("cases.overdue"), Strong: true}
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: s.Code, Href: "/cases/" + s.ID, Code: true},
			{Text: cw.officeName(s.OfficeID)}, {Text: choiceLabel(p.Programs, s.ProgramID)}, {Text: p.L.Date(s.IntakeOn)},
			{Text: p.T("case.status." + string(s.Status))}, due}})
	}
	return l
}
