package staff

import (
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseNewPage is the form that opens a client file.
type caseNewPage struct {
	site.Base
	Form     caseNewForm
	Offices  []site.Choice
	Programs []site.Choice
	caseStatsChoices
}

// caseNewForm holds the form as typed, so a refused form comes back as left.
type caseNewForm struct {
	OfficeID, ProgramID string
	// OnlineID is the online conversation whose client agreed to the file
	// (the new file is linked to it).
	OnlineID string
	caseStatsFields
}

// caseStatsFields are the intake date and statistics fields as typed,
// shared by the new-file form and the edit form (and the template
// "case-stats-fields").
type caseStatsFields struct {
	IntakeOn, BirthYear, Gender, Country, FirstLanguage, ResidenceStatus, ArrivalYear string
}

func readCaseStatsFields(v url.Values) caseStatsFields {
	return caseStatsFields{IntakeOn: v.Get("intake_on"), BirthYear: v.Get("birth_year"), Gender: v.Get("gender"),
		Country: v.Get("country"), FirstLanguage: v.Get("first_language"), ResidenceStatus: v.Get("residence_status"),
		ArrivalYear: v.Get("arrival_year")}
}

// input converts the fields, collecting what parsing alone finds.
func (f caseStatsFields) input(e *valid.Errors) casework.FileInput {
	in := casework.FileInput{Gender: f.Gender, Country: f.Country, FirstLanguage: f.FirstLanguage,
		ResidenceStatus: f.ResidenceStatus}
	in.IntakeOn = formDate(e, "intake_on", f.IntakeOn)
	if f.BirthYear == "" {
		e.Add("birth_year", "case.birth_year_required")
	}
	in.BirthYear = formInt(e, "birth_year", f.BirthYear)
	in.ArrivalYear = formInt(e, "arrival_year", f.ArrivalYear)
	return in
}

// caseStatsChoices are the selects of the statistics fields: countries
// and languages by name in the reader's language (never codes to type).
type caseStatsChoices struct {
	Genders, ResidenceStatuses, Countries, ClientLanguages []site.Choice
}

// choices are the selects for the fields, the typed values selected.
func (f caseStatsFields) choices(b site.Base) caseStatsChoices {
	return caseStatsChoices{Genders: caseChoices(b, "gender", casework.Genders, f.Gender),
		ResidenceStatuses: caseChoices(b, "residence", casework.ResidenceStatuses, f.ResidenceStatus),
		Countries:         countryChoices(b.L.Lang, f.Country),
		ClientLanguages:   caseLanguageChoices(b.L.Lang, f.FirstLanguage)}
}

func readCaseNewForm(r *http.Request) caseNewForm {
	v := r.PostForm
	return caseNewForm{OfficeID: v.Get("office_id"), ProgramID: v.Get("program_id"), OnlineID: v.Get("online_id"),
		caseStatsFields: readCaseStatsFields(v)}
}

// input converts the form, collecting what parsing alone finds; an office
// the user does not work in is refused here with a form error rather than
// the store's 404, because the user picked it from a list.
func (f caseNewForm) input(cw caseWork) (casework.FileInput, valid.Errors) {
	var e valid.Errors
	in := f.caseStatsFields.input(&e)
	in.OfficeID, in.ProgramID = f.OfficeID, f.ProgramID
	if !cw.Viewer.WorksIn(f.OfficeID) {
		e.Add("office_id", "case.office_required")
	}
	if f.ProgramID == "" {
		e.Add("program_id", "case.program_required")
	}
	return in, e
}

func (h *Handler) newCaseForm(w http.ResponseWriter, r *http.Request, cw caseWork) {
	f := caseNewForm{caseStatsFields: caseStatsFields{IntakeOn: h.todayISO(), Gender: "not_stated", ResidenceStatus: "not_stated"}}
	if len(cw.Offices) == 1 {
		f.OfficeID = cw.Offices[0].ID
	}
	if id := r.URL.Query().Get("online"); id != "" {
		h.fromConversation(r, cw, &f, id)
	}
	h.renderCaseNew(w, r, http.StatusOK, cw, caseNewPage{Base: h.Base(w, r, "case_new.title"), Form: f})
}

func (h *Handler) createCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	f := readCaseNewForm(r)
	in, problems := f.input(cw)
	status := http.StatusUnprocessableEntity
	if len(problems) == 0 {
		file, err := h.Cases.Create(r.Context(), cw.Viewer, in)
		if err == nil {
			h.SetFlash(w, "flash.case_created")
			h.linkConversation(r, f.OnlineID, file.ID)
			h.Redirect(w, r, "/cases/"+file.ID)
			return
		}
		var ok bool
		if problems, status, ok = h.caseOutcome(w, r, err); !ok {
			return
		}
	}
	p := caseNewPage{Base: h.Base(w, r, "case_new.title"), Form: f}
	p.Errors = problems
	h.renderCaseNew(w, r, status, cw, p)
}

// renderCaseNew fills the choices and renders the form.
func (h *Handler) renderCaseNew(w http.ResponseWriter, r *http.Request, status int, cw caseWork, p caseNewPage) {
	programs, err := h.programNames(r, p.L.Lang)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, pr := range programs {
		p.Programs = append(p.Programs, site.Choice{Value: pr.Value, Label: pr.Label, Selected: pr.Value == p.Form.ProgramID})
	}
	for _, o := range cw.Offices {
		p.Offices = append(p.Offices, site.Choice{Value: o.ID, Label: o.Name, Selected: o.ID == p.Form.OfficeID})
	}
	p.caseStatsChoices = p.Form.choices(p.Base)
	h.Render(w, r, status, "cases_new", p)
}
