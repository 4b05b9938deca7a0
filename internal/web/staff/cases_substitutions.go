package staff

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// substitutionsPage lists the user's substitutions and offers the form
// that names a substitute.
type substitutionsPage struct {
	site.Base
	// Groups: where the user is away, where they stand in, and (only when
	// there are any) the others they see as lead or as the one who
	// recorded them.
	Groups                    []substitutionGroup
	Form                      substitutionForm
	Offices, Absentees, Staff []site.Choice
	MaxDays                   int
}

// substitutionGroup is one table of the substitutions page.
type substitutionGroup struct {
	ID, Title, Empty string
	Rows             []substitutionRow
}

// substitutionRow is one substitution as listed.
type substitutionRow struct {
	ID, Office, AbsentName, SubstituteName, StartsOn, EndsOn string
	// StartsISO and EndsISO go into <time datetime>.
	StartsISO, EndsISO string
	InForce            bool
}

// substitutionForm is the add form as typed.
type substitutionForm struct{ OfficeID, AbsentID, SubstituteID, StartsOn, EndsOn string }

// substitutionEndPage confirms ending a substitution early.
type substitutionEndPage struct {
	site.Base
	Row substitutionRow
}

func (h *Handler) listSubstitutions(w http.ResponseWriter, r *http.Request, cw caseWork) {
	today := isoDate(h.Clock.Today())
	form := substitutionForm{AbsentID: cw.Viewer.UserID(), StartsOn: today, EndsOn: today}
	if len(cw.Offices) == 1 {
		form.OfficeID = cw.Offices[0].ID
	}
	h.renderSubstitutions(w, r, http.StatusOK, cw, form, nil)
}

func (h *Handler) addSubstitution(w http.ResponseWriter, r *http.Request, cw caseWork) {
	v := r.PostForm
	form := substitutionForm{OfficeID: v.Get("office_id"), AbsentID: v.Get("absent_id"), SubstituteID: v.Get("substitute_id"),
		StartsOn: v.Get("starts_on"), EndsOn: v.Get("ends_on")}
	var problems valid.Errors
	in := casework.SubstitutionInput{OfficeID: form.OfficeID, AbsentID: form.AbsentID, SubstituteID: form.SubstituteID,
		StartsOn: formDate(&problems, "starts_on", form.StartsOn), EndsOn: formDate(&problems, "ends_on", form.EndsOn)}
	if !cw.Viewer.WorksIn(form.OfficeID) {
		problems.Add("office_id", "caseteam.office_required")
	}
	if len(problems) == 0 {
		_, err := h.Cases.AddSubstitution(r.Context(), cw.Viewer, in)
		switch {
		case err == nil:
			h.SetFlash(w, "flash.caseteam_substitution_added")
			h.Redirect(w, r, "/substitutions")
			return
		case errors.Is(err, casework.ErrNotAllowed):
			problems.Add("absent_id", "caseteam.substitution_not_allowed")
		case !errors.As(err, &problems):
			h.ServerError(w, r, err)
			return
		}
	}
	h.renderSubstitutions(w, r, http.StatusUnprocessableEntity, cw, form, problems)
}

// renderSubstitutions lists the substitutions and fills the form's
// choices: the user's offices, whom they may name as absent (themselves,
// and everyone of the offices they lead) and everyone of their offices as
// possible substitutes. The store checks office membership again.
func (h *Handler) renderSubstitutions(w http.ResponseWriter, r *http.Request, status int, cw caseWork, form substitutionForm, problems valid.Errors) {
	list, err := h.Cases.Substitutions(r.Context(), cw.Viewer)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := substitutionsPage{Base: h.Base(w, r, "caseteam.substitutions_title"), Form: form, MaxDays: casework.MaxSubstitutionDays}
	p.Errors = problems
	p.Groups = []substitutionGroup{{ID: "absent", Title: p.T("caseteam.list_absent"), Empty: p.T("caseteam.none_absent")},
		{ID: "substitute", Title: p.T("caseteam.list_substitute"), Empty: p.T("caseteam.none_substitute")},
		{ID: "office", Title: p.T("caseteam.list_office")}}
	today := h.Clock.Today()
	for _, x := range list {
		g := 2
		switch {
		case x.AbsentID == cw.Viewer.UserID():
			g = 0
		case x.SubstituteID == cw.Viewer.UserID():
			g = 1
		}
		p.Groups[g].Rows = append(p.Groups[g].Rows, substitutionRowOf(p.Base, cw, x, today))
	}
	if len(p.Groups[2].Rows) == 0 {
		p.Groups = p.Groups[:2]
	}
	if err := h.fillSubstitutionChoices(r, cw, &p); err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, status, "cases_substitutions", p)
}

func (h *Handler) fillSubstitutionChoices(r *http.Request, cw caseWork, p *substitutionsPage) error {
	seenAbsent, seenStaff := map[string]bool{}, map[string]bool{}
	p.Absentees = append(p.Absentees, site.Choice{Value: cw.Viewer.UserID(), Label: p.T("caseteam.myself"),
		Selected: p.Form.AbsentID == cw.Viewer.UserID()})
	seenAbsent[cw.Viewer.UserID()] = true
	for _, o := range cw.Offices {
		p.Offices = append(p.Offices, site.Choice{Value: o.ID, Label: o.Name, Selected: o.ID == p.Form.OfficeID})
		staff, err := h.Cases.Colleagues(r.Context(), cw.Viewer, o.ID)
		if err != nil {
			return err
		}
		lead := slices.ContainsFunc(staff, func(c casework.Colleague) bool { return c.UserID == cw.Viewer.UserID() && c.Lead })
		for _, c := range staff {
			if lead && !seenAbsent[c.UserID] {
				seenAbsent[c.UserID] = true
				p.Absentees = append(p.Absentees, site.Choice{Value: c.UserID, Label: c.Name, Selected: c.UserID == p.Form.AbsentID})
			}
			if c.UserID != cw.Viewer.UserID() && !seenStaff[c.UserID] {
				seenStaff[c.UserID] = true
				p.Staff = append(p.Staff, site.Choice{Value: c.UserID, Label: c.Name, Selected: c.UserID == p.Form.SubstituteID})
			}
		}
	}
	return nil
}

// substitutionRowOf shows x with its office's name and whether it applies today.
func substitutionRowOf(b site.Base, cw caseWork, x casework.Substitution, today time.Time) substitutionRow {
	return substitutionRow{ID: x.ID, Office: cw.officeName(x.OfficeID), AbsentName: x.AbsentName,
		SubstituteName: x.SubstituteName, StartsOn: b.L.Date(x.StartsOn), EndsOn: b.L.Date(x.EndsOn),
		StartsISO: isoDate(x.StartsOn), EndsISO: isoDate(x.EndsOn), InForce: x.InForce(today)}
}

func (h *Handler) confirmEndSubstitution(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.renderEndSubstitution(w, r, cw, http.StatusOK, nil)
}

func (h *Handler) endSubstitution(w http.ResponseWriter, r *http.Request, cw caseWork) {
	err := h.Cases.EndSubstitution(r.Context(), cw.Viewer, r.PathValue("id"))
	if err == nil {
		h.SetFlash(w, "flash.caseteam_substitution_ended")
		h.Redirect(w, r, "/substitutions")
		return
	}
	if problems, status, ok := h.caseOutcome(w, r, err); ok {
		h.renderEndSubstitution(w, r, cw, status, problems)
	}
}

func (h *Handler) renderEndSubstitution(w http.ResponseWriter, r *http.Request, cw caseWork, status int, problems valid.Errors) {
	x, err := h.Cases.Substitution(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	b := h.Base(w, r, "caseteam.end_title")
	p := substitutionEndPage{Base: b, Row: substitutionRowOf(b, cw, *x, h.Clock.Today())}
	p.Errors = problems
	h.Render(w, r, status, "cases_substitution_end", p)
}
