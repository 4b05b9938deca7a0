package staff

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// programFundingLevels are the funding levels in form order.
var programFundingLevels = []network.FundingLevel{network.Federal, network.State, network.Municipal}

type programsPage struct {
	site.Base
	List      site.List
	CanManage bool
}

func (h *Handler) listPrograms(w http.ResponseWriter, r *http.Request) {
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := programsPage{Base: h.Base(w, r, "program.list_title"), CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	p.List = programList(p.Base, programs, p.CanManage)
	p.List.Exports = site.ExportLinks(p.Base, "/network/programs/export", nil)
	h.Render(w, r, http.StatusOK, "network_programs", p)
}

// programList shows the programs as a table: name, funding level, funder,
// ages, description, and an edit link for those who may.
func programList(b site.Base, programs []network.Program, canManage bool) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("program.empty"), RowHeader: true, Count: b.L.N("program.count", len(programs)),
		Columns: []site.Column{{Label: b.T("program.name")}, {Label: b.T("program.funding_level")}, {Label: b.T("program.funder")},
			{Label: b.T("program.ages")}, {Label: b.T("program.description")}}}
	if canManage {
		l.Columns = append(l.Columns, site.Column{Label: b.T("program.actions"), Hidden: true})
	}
	for _, pr := range programs {
		name := pr.Name(b.L.Lang)
		row := site.Row{Cells: []site.Cell{{Text: name}, {Text: b.T("funding." + string(pr.FundingLevel))}, {Text: pr.Funder},
			{Text: programAgeRange(b, pr.MinAge, pr.MaxAge)}, {Text: pr.Description(b.L.Lang)}}}
		if canManage {
			row.Cells = append(row.Cells, site.Cell{Text: b.T("program.edit_named", "Name", name), Href: "/network/programs/" + pr.ID + "/edit"})
		}
		l.Rows = append(l.Rows, row)
	}
	return l
}

// programAgeRange describes a program's age limits in words.
func programAgeRange(b site.Base, minAge, maxAge *int) string {
	switch {
	case minAge != nil && maxAge != nil:
		return b.T("program.age_between", "Min", *minAge, "Max", *maxAge)
	case minAge != nil:
		return b.T("program.age_from", "Min", *minAge)
	case maxAge != nil:
		return b.T("program.age_to", "Max", *maxAge)
	}
	return b.T("program.age_any")
}

func (h *Handler) exportPrograms(w http.ResponseWriter, r *http.Request) {
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	t := tabular.Table{Sheet: "programs", Header: []string{"id", "funding_level", "funder", "min_age", "max_age"}}
	for _, l := range i18n.Staff {
		t.Header = append(t.Header, "name_"+l, "description_"+l)
	}
	for _, pr := range programs {
		row := []string{pr.ID, string(pr.FundingLevel), pr.Funder, programOptInt(pr.MinAge), programOptInt(pr.MaxAge)}
		for _, l := range i18n.Staff {
			row = append(row, pr.Texts[l].Name, pr.Texts[l].Description)
		}
		t.Rows = append(t.Rows, row)
	}
	h.sendTable(w, r, "programs", t)
}

func programOptInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// programForm is the program form as typed, so bad input is shown again.
type programForm struct {
	ID, FundingLevel, Funder, MinAge, MaxAge string
	// RetentionYears is the deletion period of closed files (empty: 3).
	RetentionYears string
	Texts          []programTextField
}

// programTextField is the name and description in one language.
type programTextField struct {
	Lang, Name, Description string
}

type programFormPage struct {
	site.Base
	Editing bool
	Form    programForm
	Levels  []network.FundingLevel
}

func programFormFrom(p network.Program) programForm {
	f := programForm{ID: p.ID, FundingLevel: string(p.FundingLevel), Funder: p.Funder, MinAge: programOptInt(p.MinAge), MaxAge: programOptInt(p.MaxAge),
		RetentionYears: strconv.Itoa(cmp.Or(p.RetentionYears, network.DefaultRetentionYears))}
	for _, l := range i18n.Staff {
		f.Texts = append(f.Texts, programTextField{Lang: l, Name: p.Texts[l].Name, Description: p.Texts[l].Description})
	}
	return f
}

func (h *Handler) renderProgramForm(w http.ResponseWriter, r *http.Request, status int, editing bool, f programForm, problems valid.Errors) {
	title := "program.new_title"
	if editing {
		title = "program.edit_title"
	}
	p := programFormPage{Base: h.Base(w, r, title), Editing: editing, Form: f, Levels: programFundingLevels}
	p.Errors = problems
	h.Render(w, r, status, "network_program_form", p)
}

func (h *Handler) newProgramForm(w http.ResponseWriter, r *http.Request) {
	h.renderProgramForm(w, r, http.StatusOK, false, programFormFrom(network.Program{FundingLevel: network.State}), nil)
}

// findProgram loads the program with id, or nil when there is none.
func (h *Handler) findProgram(r *http.Request, id string) (*network.Program, error) {
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(programs, func(p network.Program) bool { return p.ID == id })
	if i < 0 {
		return nil, nil
	}
	return &programs[i], nil
}

func (h *Handler) editProgramForm(w http.ResponseWriter, r *http.Request) {
	pr, err := h.findProgram(r, r.PathValue("id"))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if pr == nil {
		h.NotFound(w, r)
		return
	}
	h.renderProgramForm(w, r, http.StatusOK, true, programFormFrom(*pr), nil)
}

// programFormOf reads the submitted form.
func programFormOf(r *http.Request) programForm {
	f := programForm{ID: strings.TrimSpace(r.PostFormValue("id")), FundingLevel: r.PostFormValue("funding_level"),
		Funder: r.PostFormValue("funder"), MinAge: strings.TrimSpace(r.PostFormValue("min_age")), MaxAge: strings.TrimSpace(r.PostFormValue("max_age")),
		RetentionYears: strings.TrimSpace(r.PostFormValue("retention_years"))}
	for _, l := range i18n.Staff {
		f.Texts = append(f.Texts, programTextField{Lang: l, Name: r.PostFormValue("name_" + l),
			Description: r.PostFormValue("description_" + l)})
	}
	return f
}

// input converts the form; problems are the fields that are not numbers.
func (f programForm) input() (network.ProgramInput, valid.Errors) {
	in := network.ProgramInput{ID: f.ID, FundingLevel: network.FundingLevel(f.FundingLevel), Funder: f.Funder, Texts: map[string]network.ProgramText{}}
	var problems valid.Errors
	for _, a := range []struct {
		text string
		dst  **int
	}{{f.MinAge, &in.MinAge}, {f.MaxAge, &in.MaxAge}} {
		if a.text == "" {
			continue
		}
		n, err := strconv.Atoi(a.text)
		if err != nil {
			if !problems.Has("age") {
				problems.Add("age", "validation.number")
			}
			continue
		}
		*a.dst = &n
	}
	if f.RetentionYears != "" {
		n, err := strconv.Atoi(f.RetentionYears)
		if err != nil {
			problems.Add("retention_years", "validation.number")
		}
		in.RetentionYears = n
	}
	for _, t := range f.Texts {
		in.Texts[t.Lang] = network.ProgramText{Name: t.Name, Description: t.Description}
	}
	return in, problems
}

func (h *Handler) saveProgram(w http.ResponseWriter, r *http.Request) {
	f := programFormOf(r)
	editing := r.PostFormValue("editing") == "1"
	in, problems := f.input()
	if len(problems) == 0 && !editing {
		// A new program must not silently replace an existing one.
		existing, err := h.findProgram(r, f.ID)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		if existing != nil {
			problems.Add("id", "program.id_taken")
		}
	}
	if len(problems) == 0 {
		err := h.Network.SaveProgram(r.Context(), network.EditorOf(site.PrincipalOf(r)), in)
		if err == nil {
			h.SetFlash(w, "flash.program_saved")
			h.Redirect(w, r, "/network/programs")
			return
		}
		var show bool
		if problems, show = h.storeOutcome(w, r, err); !show {
			return
		}
	}
	h.renderProgramForm(w, r, http.StatusUnprocessableEntity, editing, f, problems)
}
