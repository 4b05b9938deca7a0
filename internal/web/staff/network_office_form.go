package staff

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type officeFormPage struct {
	site.Base
	// ID is empty when creating.
	ID              string
	Version         string
	Form            officeForm
	Organisations   []network.Organisation
	CanChangeOrg    bool
	Programs        []site.Choice
	Topics          []site.Choice
	LanguageChoices []site.Choice
	// MoreLanguages are the other languages by name, folded unless one of
	// them is chosen (MoreLanguagesOpen).
	MoreLanguages     []site.Choice
	MoreLanguagesOpen bool
	Statuses          []site.Choice
	TextFields        []textField
	Translated        []string
}

// officeForm holds the form's text as typed, so a refused form comes back
// exactly as the editor left it.
type officeForm struct {
	ExternalID, OrganisationID, OrganisationName, Name, Street, Postcode, City string
	Lat, Lon, Phone, Email, Website, AppointmentInfo                           string
	Days                                                                       [7]DayField
	Exceptions                                                                 string
	ByAppointment, OpenOnHolidays                                              bool
	StepFree, AccessibleToilet, HearingLoop, OnlineCounseling                  bool
	Status                                                                     string
	Languages, Programs, Topics                                                []string
	Texts                                                                      map[string]string
}

// DayField is one weekday's hours input.
type DayField struct {
	Field, ID, Label, Value string
}

var dayFields = []string{"hours.mon", "hours.tue", "hours.wed", "hours.thu", "hours.fri", "hours.sat", "hours.sun"}

func formOfOffice(o *network.Office) officeForm {
	f := officeForm{ExternalID: o.ExternalID, OrganisationID: o.OrganisationID, OrganisationName: o.OrganisationName, Name: o.Name,
		Street: o.Street, Postcode: o.Postcode, City: o.City, Lat: strconv.FormatFloat(o.Lat, 'f', 5, 64),
		Lon: strconv.FormatFloat(o.Lon, 'f', 5, 64), Phone: o.Phone, Email: o.Email, Website: o.Website,
		AppointmentInfo: o.AppointmentInfo, ByAppointment: o.Hours.ByAppointment, OpenOnHolidays: o.Hours.OpenOnHolidays,
		StepFree: o.StepFree, AccessibleToilet: o.AccessibleToilet, HearingLoop: o.HearingLoop, OnlineCounseling: o.OnlineCounseling,
		Status: string(o.Status), Languages: o.Languages, Programs: o.Programs, Topics: o.Topics, Texts: textsOfOffice(o)}
	for i := range f.Days {
		f.Days[i].Value = hours.FormatDay(o.Hours.Weekly[i])
	}
	var ex []string
	for _, e := range o.Hours.Exceptions {
		line := e.Date + " " + map[bool]string{true: "geschlossen", false: hours.FormatDay(e.Intervals)}[e.Closed || len(e.Intervals) == 0]
		if e.Note != "" {
			line += " # " + e.Note
		}
		ex = append(ex, line)
	}
	f.Exceptions = strings.Join(ex, "\n")
	return f
}

func readOfficeForm(r *http.Request) officeForm {
	v := r.PostForm
	f := officeForm{ExternalID: v.Get("external_id"), OrganisationID: v.Get("organisation_id"), Name: v.Get("name"),
		Street: v.Get("street"), Postcode: v.Get("postcode"), City: v.Get("city"), Lat: v.Get("lat"), Lon: v.Get("lon"),
		Phone: v.Get("phone"), Email: v.Get("email"), Website: v.Get("website"), AppointmentInfo: v.Get("appointment_info"),
		Exceptions: v.Get("exceptions"), ByAppointment: v.Get("by_appointment") != "", OpenOnHolidays: v.Get("open_on_holidays") != "",
		StepFree: v.Get("step_free") != "", AccessibleToilet: v.Get("accessible_toilet") != "", HearingLoop: v.Get("hearing_loop") != "",
		OnlineCounseling: v.Get("online_counseling") != "", Status: v.Get("status"), Languages: v["languages"],
		Programs: v["programs"], Topics: v["topics"], Texts: readTexts(v)}
	for i, field := range dayFields {
		f.Days[i].Value = v.Get(field)
	}
	return f
}

// input converts the typed form into an OfficeInput, collecting the
// problems that parsing alone can find (hours, coordinates).
func (f officeForm) input() (network.OfficeInput, valid.Errors) {
	var e valid.Errors
	in := network.OfficeInput{ExternalID: f.ExternalID, OrganisationID: f.OrganisationID, Name: f.Name, Street: f.Street,
		Postcode: f.Postcode, City: f.City, Phone: f.Phone, Email: f.Email, Website: f.Website, AppointmentInfo: f.AppointmentInfo,
		StepFree: f.StepFree, AccessibleToilet: f.AccessibleToilet, HearingLoop: f.HearingLoop, OnlineCounseling: f.OnlineCounseling,
		Status: network.OfficeStatus(f.Status), Programs: f.Programs, Topics: f.Topics, Translations: textsInput(f.Texts),
		Languages: f.Languages}
	in.Hours.ByAppointment, in.Hours.OpenOnHolidays = f.ByAppointment, f.OpenOnHolidays
	for i, d := range f.Days {
		ivs, err := hours.ParseDay(d.Value)
		if err != nil {
			addParseProblem(&e, dayFields[i], err)
			continue
		}
		in.Hours.Weekly[i] = ivs
	}
	in.Hours.Exceptions = parseExceptions(&e, f.Exceptions)
	if f.Lat != "" || f.Lon != "" {
		lat, err1 := strconv.ParseFloat(strings.Replace(f.Lat, ",", ".", 1), 64)
		lon, err2 := strconv.ParseFloat(strings.Replace(f.Lon, ",", ".", 1), 64)
		if err1 != nil || err2 != nil {
			e.Add("lat", "validation.number")
		} else {
			in.Lat, in.Lon = &lat, &lon
		}
	}
	return in, e
}

func addParseProblem(e *valid.Errors, field string, err error) {
	var pe *hours.ParseError
	if errors.As(err, &pe) {
		e.Add(field, pe.Key, pe.Args...)
		return
	}
	e.Add(field, "hours.parse_interval")
}

// parseExceptions reads lines like "2026-12-24 geschlossen" or
// "2026-12-31 09:00-12:00 # Silvester".
func parseExceptions(e *valid.Errors, text string) []hours.Exception {
	var out []hours.Exception
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		body, note, _ := strings.Cut(line, "#")
		date, rest, _ := strings.Cut(strings.TrimSpace(body), " ")
		if _, err := hours.ParseDate(date); err != nil {
			e.Add("exceptions", "hours.exception_date")
			continue
		}
		ivs, err := hours.ParseDay(strings.TrimSpace(rest))
		if err != nil {
			addParseProblem(e, "exceptions", err)
			continue
		}
		out = append(out, hours.Exception{Date: date, Closed: len(ivs) == 0, Intervals: ivs, Note: strings.TrimSpace(note)})
	}
	return out
}

func (h *Handler) newOfficeForm(w http.ResponseWriter, r *http.Request) {
	p := officeFormPage{Base: h.Base(w, r, "office_new.title"), Form: officeForm{Status: "active", Languages: []string{"de"},
		OrganisationID: r.URL.Query().Get("organisation")}, CanChangeOrg: true}
	h.renderOfficeForm(w, r, http.StatusOK, p)
}

func (h *Handler) createOffice(w http.ResponseWriter, r *http.Request) {
	f := readOfficeForm(r)
	in, problems := f.input()
	p := officeFormPage{Base: h.Base(w, r, "office_new.title"), Form: f, CanChangeOrg: true}
	if len(problems) == 0 {
		o, err := h.Network.CreateOffice(r.Context(), network.EditorOf(site.PrincipalOf(r)), in, h.Geo)
		if err == nil {
			h.SetFlash(w, "flash.office_saved")
			h.Redirect(w, r, "/network/offices/"+o.ID)
			return
		}
		var ok bool
		if problems, ok = h.storeOutcome(w, r, err); !ok {
			return
		}
	}
	p.Errors = problems
	h.renderOfficeForm(w, r, http.StatusUnprocessableEntity, p)
}

func (h *Handler) editOfficeForm(w http.ResponseWriter, r *http.Request) {
	o, ok := h.editableOffice(w, r)
	if !ok {
		return
	}
	p := officeFormPage{Base: h.Base(w, r, "office_edit.title"), ID: o.ID, Version: versionString(o.UpdatedAt), Form: formOfOffice(o),
		CanChangeOrg: site.PrincipalOf(r).Can(perm.NetworkManage)}
	h.renderOfficeForm(w, r, http.StatusOK, p)
}

// editableOffice loads the office of the path if the user may edit it;
// otherwise it answers 404 (the same as a missing office).
func (h *Handler) editableOffice(w http.ResponseWriter, r *http.Request) (*network.Office, bool) {
	o, err := h.Network.Office(r.Context(), r.PathValue("id"))
	if err == nil && !network.CanEditOffice(network.EditorOf(site.PrincipalOf(r)), o) {
		err = network.ErrNotFound
	}
	if err != nil {
		h.storeOutcome(w, r, err)
		return nil, false
	}
	return o, true
}

func (h *Handler) updateOffice(w http.ResponseWriter, r *http.Request) {
	o, ok := h.editableOffice(w, r)
	if !ok {
		return
	}
	f := readOfficeForm(r)
	canOrg := site.PrincipalOf(r).Can(perm.NetworkManage)
	if !canOrg {
		f.OrganisationID = o.OrganisationID // only the ministry moves offices between organisations
	}
	in, problems := f.input()
	p := officeFormPage{Base: h.Base(w, r, "office_edit.title"), ID: o.ID, Version: r.PostFormValue("version"), Form: f, CanChangeOrg: canOrg}
	status := http.StatusUnprocessableEntity
	if len(problems) == 0 {
		_, err := h.Network.UpdateOffice(r.Context(), network.EditorOf(site.PrincipalOf(r)), o.ID, version(r), in, h.Geo)
		if err == nil {
			h.SetFlash(w, "flash.office_saved")
			h.Redirect(w, r, "/network/offices/"+o.ID)
			return
		}
		if errors.Is(err, network.ErrStale) {
			status = http.StatusConflict
		}
		if problems, ok = h.storeOutcome(w, r, err); !ok {
			return
		}
	}
	p.Errors = problems
	p.Form.OrganisationName = o.OrganisationName
	h.renderOfficeForm(w, r, status, p)
}

// renderOfficeForm fills the choices and renders the form.
func (h *Handler) renderOfficeForm(w http.ResponseWriter, r *http.Request, status int, p officeFormPage) {
	ctx := r.Context()
	programs, err := h.Network.Programs(ctx)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	topics, err := h.Network.Topics(ctx)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if p.CanChangeOrg {
		if p.Organisations, _, err = h.Network.ListOrganisations(ctx, network.OrgFilter{}, network.Page{Limit: 5000}); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	for _, pr := range programs {
		p.Programs = append(p.Programs, site.Choice{Value: pr.ID, Label: pr.Name(p.L.Lang), Selected: slices.Contains(p.Form.Programs, pr.ID)})
	}
	for _, t := range topics {
		p.Topics = append(p.Topics, site.Choice{Value: t, Label: p.T("topic." + t), Selected: slices.Contains(p.Form.Topics, t)})
	}
	p.LanguageChoices = languageChoices(p.L.Lang, p.Form.Languages)
	p.MoreLanguages = moreLanguageChoices(p.L.Lang, p.Form.Languages)
	for _, c := range p.MoreLanguages {
		p.MoreLanguagesOpen = p.MoreLanguagesOpen || c.Selected
	}
	for _, s := range []network.OfficeStatus{network.Active, network.TemporarilyClosed, network.Closed} {
		p.Statuses = append(p.Statuses, site.Choice{Value: string(s), Label: p.T("status." + string(s)), Selected: string(s) == p.Form.Status})
	}
	for i := range p.Form.Days {
		p.Form.Days[i].Field, p.Form.Days[i].ID, p.Form.Days[i].Label = dayFields[i], site.FieldID(dayFields[i]), p.T(site.DayKeys[i])
	}
	p.Errors = nameTextProblems(p.Base, p.Errors)
	p.TextFields, p.Translated = textFields(p.Base, h.Catalog, p.Form.Texts)
	h.Render(w, r, status, "network_office_form", p)
}
