package staff

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// mediationForm is what the request form was filled with.
type mediationForm struct {
	Office, Language, Dialect, Day, Time, Minutes string
	Mode, Place, Sensitivity, Gender              string
}

// mediationFormPage asks for a language mediator: the appointment, never
// the client.
type mediationFormPage struct {
	site.Base
	Form                                                    mediationForm
	Offices, LanguageChoices, Modes, Sensitivities, Genders []site.Choice
}

func (h *Handler) newMediationForm(w http.ResponseWriter, r *http.Request) {
	h.renderMediationForm(w, r, http.StatusOK, mediationForm{Minutes: "60", Mode: "in_person", Time: "10:00"}, nil)
}

func (h *Handler) renderMediationForm(w http.ResponseWriter, r *http.Request, status int, f mediationForm, problems valid.Errors) {
	p := site.PrincipalOf(r)
	ids := p.Offices(perm.OfficeLead, perm.Counselor)
	offices, err := h.Network.OfficeNames(r.Context(), ids)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := mediationFormPage{Base: h.Base(w, r, "volunteerstaff.new_request_title"), Form: f}
	page.Errors = problems
	for _, id := range ids {
		page.Offices = append(page.Offices, site.Choice{Value: id, Label: offices[id], Selected: id == f.Office})
	}
	page.LanguageChoices = languageFilter(page.Base, f.Language, page.T("volunteerstaff.choose_language"))
	page.Modes = keyChoices(page.Base, "volunteerstaff.mode_", volunteer.Modes, f.Mode, "")
	page.Sensitivities = keyChoices(page.Base, "volunteerstaff.sensitivity_", volunteer.Sensitivities, f.Sensitivity, "volunteerstaff.sensitivity_none")
	page.Genders = keyChoices(page.Base, "volunteerstaff.gender_pref_", volunteer.Genders, f.Gender, "volunteerstaff.gender_pref_none")
	h.Render(w, r, status, "mediation_form", page)
}

// keyChoices offers values labelled by prefix+value, after an empty
// choice labelled none (none "" for no empty choice).
func keyChoices(b site.Base, prefix string, values []string, selected, none string) []site.Choice {
	var out []site.Choice
	if none != "" {
		out = append(out, site.Choice{Value: "", Label: b.T(none)})
	}
	for _, v := range values {
		out = append(out, site.Choice{Value: v, Label: b.T(prefix + v), Selected: v == selected})
	}
	return out
}

func (h *Handler) createMediation(w http.ResponseWriter, r *http.Request) {
	f := mediationForm{Office: r.PostFormValue("office"), Language: r.PostFormValue("language"), Dialect: r.PostFormValue("dialect"),
		Day: r.PostFormValue("day"), Time: r.PostFormValue("time"), Minutes: r.PostFormValue("minutes"), Mode: r.PostFormValue("mode"),
		Place: r.PostFormValue("place"), Sensitivity: r.PostFormValue("sensitivity"), Gender: r.PostFormValue("gender")}
	var problems valid.Errors
	start, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Day)+" "+strings.TrimSpace(f.Time), clock.Berlin())
	if err != nil {
		problems.Add("day", "volunteer.start_range")
	}
	minutes := formInt(&problems, "minutes", f.Minutes)
	if len(problems) > 0 {
		h.renderMediationForm(w, r, http.StatusUnprocessableEntity, f, problems)
		return
	}
	id, err := h.Volunteers.CreateRequest(r.Context(), site.PrincipalOf(r), volunteer.RequestInput{OfficeID: f.Office, Language: f.Language,
		Dialect: f.Dialect, Start: start, Minutes: minutes, Mode: f.Mode, Place: f.Place, Sensitivity: f.Sensitivity, Gender: f.Gender})
	switch {
	case errors.As(err, &problems):
		h.renderMediationForm(w, r, http.StatusUnprocessableEntity, f, dayField(problems))
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.mediation_requested")
		h.Redirect(w, r, "/mediation/"+id)
	}
}

// dayField shows the store's problem with the start at the day field,
// the form's first field of the time.
func dayField(e valid.Errors) valid.Errors {
	for i := range e {
		if e[i].Field == "start" {
			e[i].Field = "day"
		}
	}
	return e
}
