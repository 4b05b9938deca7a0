package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// casesPerPage is the length of one page of the caseload.
const casesPerPage = 25

// casesPage is the caseload: the files of the user's offices.
type casesPage struct {
	Base
	Filter    caseFilter
	Statuses  []Choice
	Programs  []Choice
	Rows      []caseRow
	Pager     Pager
	CanCreate bool
}

// caseFilter is the list's search form as typed.
type caseFilter struct {
	Search, Status, Program string
}

// caseRow is one file in the list: pseudonym code and statistics only.
type caseRow struct {
	ID, Code, Office, Program, IntakeOn, Status string
}

// matches reports whether a file passes the filter. The code search
// ignores case and the hyphens people type or leave out.
func (f caseFilter) matches(s casework.Summary) bool {
	norm := func(x string) string { return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(x), "-", "")) }
	return (f.Search == "" || strings.Contains(norm(s.Code), norm(f.Search))) &&
		(f.Status == "" || string(s.Status) == f.Status) &&
		(f.Program == "" || s.ProgramID == f.Program)
}

func (h *Handler) listCases(w http.ResponseWriter, r *http.Request) {
	cw, err := h.caseWorkOf(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := caseFilter{Search: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Program: q.Get("program")}
	all, err := h.Cases.List(r.Context(), cw.Viewer)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	b := h.base(w, r, "cases.title")
	programs, err := h.programNames(r, b.L.Lang)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var hits []casework.Summary
	for _, s := range all {
		if f.matches(s) {
			hits = append(hits, s)
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(1, min(page, (len(hits)+casesPerPage-1)/casesPerPage))
	p := casesPage{Base: b, Filter: f, Pager: newPager(page, casesPerPage, len(hits), "/cases", q),
		CanCreate: stateOf(r).user.Can(perm.CaseEdit) && len(cw.Offices) > 0}
	p.Statuses = caseChoices(p.Base, "status", []string{string(casework.Open), string(casework.Closed)}, f.Status)
	for _, pr := range programs {
		p.Programs = append(p.Programs, Choice{Value: pr.Value, Label: pr.Label, Selected: pr.Value == f.Program})
	}
	for _, s := range hits[min(len(hits), (page-1)*casesPerPage):min(len(hits), page*casesPerPage)] {
		p.Rows = append(p.Rows, caseRow{ID: s.ID, Code: s.Code, Office: cw.officeName(s.OfficeID),
			Program: choiceLabel(programs, s.ProgramID), IntakeOn: isoDate(s.IntakeOn), Status: p.T("case.status." + string(s.Status))})
	}
	h.render(w, r, http.StatusOK, "cases", p)
}

// programNames lists the registry's programs as choices named in lang.
func (h *Handler) programNames(r *http.Request, lang string) ([]Choice, error) {
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]Choice, len(programs))
	for i, pr := range programs {
		out[i] = Choice{Value: pr.ID, Label: pr.Name(lang)}
	}
	return out, nil
}

// choiceLabel is the label of value among choices (the value itself when absent).
func choiceLabel(choices []Choice, value string) string {
	for _, c := range choices {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}
