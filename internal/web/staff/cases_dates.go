package staff

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// datesFields are the fields of the file page's dates form, for inSection.
var datesFields = []string{"residence_expires_on", "birth_month"}

// Plausible residence-permit years (the store checks the same).
const (
	minDatesYear = 2000
	maxDatesYear = 2100
)

// caseDatesForm is the dates form as typed (or as stored).
type caseDatesForm struct {
	ResidenceExpiresOn, BirthMonth string
}

// caseDatesView is the dates section of the file page: the stored values
// for display and the form.
type caseDatesView struct {
	Residence, BirthMonth string // shown; "" when not recorded
	Form                  caseDatesForm
	Months                []site.Choice
}

// caseDatesPage shows the dates form again with its problems (422) or a
// conflict (409).
type caseDatesPage struct {
	site.Base
	File  *casework.File
	Dates caseDatesView
}

// Version is the file's version for the hidden field.
func (p caseDatesPage) Version() string { return strconv.Itoa(p.File.Version) }

// datesView builds the dates section from the stored fields and the form.
func datesView(b site.Base, stored casework.DeadlineFields, form caseDatesForm) caseDatesView {
	v := caseDatesView{Form: form}
	if !stored.ResidenceExpiresOn.IsZero() {
		v.Residence = b.L.Date(stored.ResidenceExpiresOn)
	}
	if stored.BirthMonth != 0 {
		v.BirthMonth = b.T("dl.month." + strconv.Itoa(stored.BirthMonth))
	}
	for m := 1; m <= 12; m++ {
		s := strconv.Itoa(m)
		v.Months = append(v.Months, site.Choice{Value: s, Label: b.T("dl.month." + s), Selected: form.BirthMonth == s})
	}
	return v
}

// storedDatesForm fills the form with the stored values.
func storedDatesForm(stored casework.DeadlineFields) caseDatesForm {
	f := caseDatesForm{ResidenceExpiresOn: isoDate(stored.ResidenceExpiresOn)}
	if stored.BirthMonth != 0 {
		f.BirthMonth = strconv.Itoa(stored.BirthMonth)
	}
	return f
}

// parseCaseDates reads and checks the form before anything is written, so
// a refused form changes neither field.
func parseCaseDates(form caseDatesForm) (expiry *time.Time, month int, e valid.Errors) {
	if d := formDate(&e, "residence_expires_on", form.ResidenceExpiresOn); !d.IsZero() {
		if d.Year() < minDatesYear || d.Year() > maxDatesYear {
			e.Add("residence_expires_on", "case_dates.date_implausible")
		}
		expiry = &d
	}
	if s := strings.TrimSpace(form.BirthMonth); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 12 {
			e.Add("birth_month", "case_dates.birth_month_invalid")
		} else {
			month = n
		}
	}
	return expiry, month, e
}

// setCaseDates records the residence-permit expiry and the birth month of a
// file. Only changed fields are written; each write checks the version the
// user saw. Refusals show a small page with the form and the problems.
func (h *Handler) setCaseDates(w http.ResponseWriter, r *http.Request, cw caseWork) {
	id := r.PathValue("id")
	form := caseDatesForm{ResidenceExpiresOn: strings.TrimSpace(r.PostFormValue("residence_expires_on")),
		BirthMonth: strings.TrimSpace(r.PostFormValue("birth_month"))}
	expiry, month, problems := parseCaseDates(form)
	status := http.StatusUnprocessableEntity
	if len(problems) == 0 {
		err := h.saveCaseDates(r, cw.Viewer, id, caseVersion(r), expiry, month)
		if err == nil {
			h.SetFlash(w, "flash.case_dates_saved")
			h.Redirect(w, r, "/cases/"+id+"#dates")
			return
		}
		var ok bool
		if problems, status, ok = h.caseOutcome(w, r, err); !ok {
			return
		}
	}
	h.renderCaseDates(w, r, status, cw, form, inSection("dates", datesFields, problems))
}

// saveCaseDates writes the fields that differ from the stored ones, passing
// the version on from the first write to the second.
func (h *Handler) saveCaseDates(r *http.Request, v casework.Viewer, id string, version int, expiry *time.Time, month int) error {
	stored, err := h.Cases.DeadlineFieldsOf(r.Context(), v, id)
	if err != nil {
		return err
	}
	same := (expiry == nil && stored.ResidenceExpiresOn.IsZero()) ||
		(expiry != nil && isoDate(*expiry) == isoDate(stored.ResidenceExpiresOn))
	if !same {
		f, err := h.Cases.SetResidenceExpiry(r.Context(), v, id, version, expiry)
		if err != nil {
			return err
		}
		version = f.Version
	}
	if month != stored.BirthMonth {
		if _, err := h.Cases.SetBirthMonth(r.Context(), v, id, version, month); err != nil {
			return err
		}
	}
	return nil
}

// renderCaseDates shows the refused dates form with the file's current
// version, so that a conflict can be resolved by saving again.
func (h *Handler) renderCaseDates(w http.ResponseWriter, r *http.Request, status int, cw caseWork, form caseDatesForm, problems valid.Errors) {
	f, err := h.Cases.Get(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	stored := f.Dates
	b := h.Base(w, r, "case_dates.title")
	b.Title = b.T("case_dates.title_code", "Code", f.Code)
	b.Errors = problems
	h.Render(w, r, status, "cases_dates", caseDatesPage{Base: b, File: f, Dates: datesView(b, stored, form)})
}

// caseDatesOf is the dates section of the file page with the stored values.
func caseDatesOf(b site.Base, f *casework.File) caseDatesView {
	return datesView(b, f.Dates, storedDatesForm(f.Dates))
}
