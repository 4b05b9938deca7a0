package staff

import (
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseStatsPage edits a file's intake date and statistics fields.
type caseStatsPage struct {
	site.Base
	FileID, Code string
	Open, Stale  bool
	Form         caseStatsForm
	caseStatsChoices
}

// caseStatsForm is the form as typed; Version is the file version the
// form was loaded with, so a save over someone else's change is refused.
type caseStatsForm struct {
	Version string
	caseStatsFields
}

// caseStatsFormOf fills the form from the stored file.
func caseStatsFormOf(f *casework.File) caseStatsForm {
	form := caseStatsForm{Version: strconv.Itoa(f.Version), caseStatsFields: caseStatsFields{IntakeOn: isoDate(f.IntakeOn),
		BirthYear: strconv.Itoa(f.BirthYear), Gender: f.Gender, Country: f.Country, FirstLanguage: f.FirstLanguage,
		ResidenceStatus: f.ResidenceStatus}}
	if f.ArrivalYear != 0 {
		form.ArrivalYear = strconv.Itoa(f.ArrivalYear)
	}
	return form
}

func readCaseStatsForm(r *http.Request) caseStatsForm {
	return caseStatsForm{Version: r.PostForm.Get("version"), caseStatsFields: readCaseStatsFields(r.PostForm)}
}

// input converts the form, collecting what parsing alone finds.
func (f caseStatsForm) input() (int, casework.FileInput, valid.Errors) {
	var e valid.Errors
	in := f.caseStatsFields.input(&e)
	version, _ := strconv.Atoi(f.Version)
	return version, in, e
}

func (h *Handler) editCaseStatsForm(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.renderCaseStats(w, r, cw, http.StatusOK, nil, nil)
}

// saveCaseStats stores the statistics fields. A file outside the user's
// scope answers 404 either way: Update refuses it, and a refused form is
// shown by renderCaseStats, which reads the file first.
func (h *Handler) saveCaseStats(w http.ResponseWriter, r *http.Request, cw caseWork) {
	form := readCaseStatsForm(r)
	version, in, problems := form.input()
	status := http.StatusUnprocessableEntity
	if len(problems) == 0 {
		_, err := h.Cases.Update(r.Context(), cw.Viewer, r.PathValue("id"), version, in)
		if err == nil {
			h.SetFlash(w, "flash.caseteam_stats_saved")
			h.Redirect(w, r, "/cases/"+r.PathValue("id"))
			return
		}
		var ok bool
		if problems, status, ok = h.caseOutcome(w, r, err); !ok {
			return
		}
	}
	h.renderCaseStats(w, r, cw, status, &form, problems)
}

// renderCaseStats reads the file and renders the form: as stored, or as
// typed (form) with problems. A refused stale save keeps what was typed
// and says so; reloading the page shows the current version.
func (h *Handler) renderCaseStats(w http.ResponseWriter, r *http.Request, cw caseWork, status int, form *caseStatsForm, problems valid.Errors) {
	f, ok := h.fileOf(w, r, cw)
	if !ok {
		return
	}
	b := h.Base(w, r, "caseteam.stats_title")
	b.Title = b.T("caseteam.stats_title_code", "Code", f.Code)
	b.Errors = problems
	p := caseStatsPage{Base: b, FileID: f.ID, Code: f.Code, Open: f.Status == casework.Open, Form: caseStatsFormOf(f),
		Stale: problems.Has("version")}
	if form != nil {
		p.Form = *form
	}
	p.caseStatsChoices = p.Form.choices(p.Base)
	h.Render(w, r, status, "cases_stats", p)
}
