package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseFilePage is a client file: an overview on top (status, next
// deadlines, consents at a glance, the plan's progress), then a section
// per part of the file whose forms open on demand, and the actions with
// consequences last, apart from the everyday ones.
type caseFilePage struct {
	site.Base
	File                            *casework.File
	Office, Program, Counselor      string
	Gender, Residence, CloseReason  string
	Country, FirstLanguage          string
	IntakeOn, ClosedOn, DeleteAfter string
	Open, CanReopen, ContactDataOK  bool
	// NextDeadlines are the file's first deadlines (the overview).
	NextDeadlines []deadlineRow
	// ActivePurposes names the purposes of the consents in force.
	ActivePurposes []string
	// PlanReview is the plan's review date ("" without a plan),
	// PlanMeasures its number of measures not cancelled.
	PlanReview   string
	PlanMeasures int
	// OpenForm says which section's form shows open: the one whose
	// submission was refused (its problems are in it).
	OpenForm                         map[string]bool
	Consents                         []consentView
	Contacts                         []contactView
	Forms                            caseForms
	Purposes, ConsentForms, Channels []site.Choice
	Topics, CloseReasons             []site.Choice
	// ContactLanguages offers the language of a contact by name.
	ContactLanguages []site.Choice
	// Dates is the residence-permit and birth-month section (case_dates.go).
	Dates caseDatesView
	// Documents is the documents and scans section (cases_documents.go).
	Documents caseDocumentsView
	// Referrals is the referrals section (referrals_file.go).
	Referrals caseReferralsView
}

// consentView is one consent as listed.
type consentView struct {
	ID, Purpose, Form, Recipient, GivenOn, WithdrawnOn string
	Active                                             bool
}

// contactView is one counseling contact as listed (a timeline entry).
type contactView struct {
	On, OnISO, Channel, Language, Topics string
	Minutes                              int
	Interpreter                          bool
	NoteLines                            []string
}

// caseForms hold the file page's forms as typed (or their defaults).
type caseForms struct {
	Consent     caseConsentForm
	ContactData casework.ContactData
	Contact     caseContactForm
	Close       caseCloseForm
	// typedContactData keeps a refused contact-data form as typed instead
	// of showing the stored data.
	typedContactData bool
}

type caseConsentForm struct{ Purpose, Recipient, GivenOn, Form string }

type caseContactForm struct {
	On, Minutes, Channel, Language, Note string
	Interpreter                          bool
	Topics                               []string
}

type caseCloseForm struct{ On, Reason string }

// defaultCaseForms are the empty forms of a file page.
func (h *Handler) defaultCaseForms() caseForms {
	today := h.todayISO()
	return caseForms{Consent: caseConsentForm{GivenOn: today, Form: "written"},
		Contact: caseContactForm{On: today, Channel: "in_person"}, Close: caseCloseForm{On: today}}
}

func (h *Handler) showCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.renderCaseFile(w, r, http.StatusOK, cw, h.defaultCaseForms(), nil)
}

// renderCaseFile reads the file of the path (404 outside the viewer's
// scope) and renders it with forms and problems.
func (h *Handler) renderCaseFile(w http.ResponseWriter, r *http.Request, status int, cw caseWork, forms caseForms, problems valid.Errors) {
	f, err := h.Cases.Get(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	b := h.Base(w, r, "case_file.title")
	b.Title = b.T("case_file.title_code", "Code", f.Code)
	b.Errors = problems
	programs, err := h.programNames(r, b.L.Lang)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	topics, err := h.Network.Topics(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if f.ContactData != nil && !forms.typedContactData {
		forms.ContactData = *f.ContactData
	}
	p := caseFilePage{Base: b, File: f, Office: cw.officeName(f.OfficeID), Program: choiceLabel(programs, f.ProgramID),
		Gender: b.T("case.gender." + f.Gender), Residence: b.T("case.residence." + f.ResidenceStatus),
		Open: f.Status == casework.Open, Forms: forms, IntakeOn: b.L.Date(f.IntakeOn), ClosedOn: b.L.Date(f.ClosedOn),
		DeleteAfter: b.L.Date(f.DeleteAfter), OpenForm: openForms(problems)}
	if f.Country != "" {
		p.Country = names.Country(b.L.Lang, f.Country)
	}
	if f.FirstLanguage != "" {
		p.FirstLanguage = names.Language(b.L.Lang, f.FirstLanguage)
	}
	p.CanReopen = f.Status == casework.Closed && h.Clock.Today().Before(f.DeleteAfter)
	p.Counselor = h.counselorName(r, f.CounselorID)
	p.NextDeadlines = deadlineRows(b, f.NextDeadlines)
	for i, d := range f.NextDeadlines {
		p.NextDeadlines[i].Overdue = d.Due.Before(h.Clock.Today())
	}
	if f.Plan.Exists {
		p.PlanReview, p.PlanMeasures = b.L.Date(f.Plan.ReviewOn), f.Plan.Open+f.Plan.Done
	}
	if f.CloseReason != "" {
		p.CloseReason = b.T("case.close_reason." + f.CloseReason)
	}
	p.fillLists(f, topics)
	p.Dates = caseDatesOf(b, f)
	p.Documents = caseDocumentsOf(r, b, f)
	if p.Referrals, err = h.caseReferralsOf(r, b, f); err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, status, "cases_file", p)
}

// fillLists builds the consent and contact lists and the form choices.
func (p *caseFilePage) fillLists(f *casework.File, topics []string) {
	for _, c := range f.Consents {
		p.Consents = append(p.Consents, consentView{ID: c.ID, Purpose: p.T("case.purpose." + c.Purpose),
			Form: p.T("case.form." + c.Form), Recipient: c.Recipient, GivenOn: p.L.Date(c.GivenOn),
			WithdrawnOn: p.L.Date(c.WithdrawnOn), Active: c.Active()})
		if c.Active() {
			p.ActivePurposes = append(p.ActivePurposes, p.T("case.purpose."+c.Purpose))
		}
		p.ContactDataOK = p.ContactDataOK || (c.Active() && c.Purpose == casework.PurposeContactData)
	}
	for _, c := range f.Contacts {
		topics := make([]string, len(c.Topics))
		for i, t := range c.Topics {
			topics[i] = p.T("topic." + t)
		}
		v := contactView{On: p.L.Date(c.On), OnISO: isoDate(c.On), Channel: p.T("case.channel." + c.Channel),
			Topics: p.L.List(topics), Minutes: c.Minutes, Interpreter: c.Interpreter}
		if c.Language != "" {
			v.Language = names.Language(p.L.Lang, c.Language)
		}
		if c.Note != "" {
			v.NoteLines = strings.Split(c.Note, "\n")
		}
		p.Contacts = append(p.Contacts, v)
	}
	slices.Reverse(p.Contacts) // the timeline starts with the latest contact
	p.Purposes = caseChoices(p.Base, "purpose", casework.Purposes, p.Forms.Consent.Purpose)
	p.ConsentForms = caseChoices(p.Base, "form", casework.Forms, p.Forms.Consent.Form)
	p.Channels = caseChoices(p.Base, "channel", casework.Channels, p.Forms.Contact.Channel)
	p.CloseReasons = caseChoices(p.Base, "close_reason", casework.CloseReasons, p.Forms.Close.Reason)
	p.ContactLanguages = caseLanguageChoices(p.L.Lang, p.Forms.Contact.Language)
	for _, t := range topics {
		selected := false
		for _, s := range p.Forms.Contact.Topics {
			selected = selected || s == t
		}
		p.Topics = append(p.Topics, site.Choice{Value: t, Label: p.T("topic." + t), Selected: selected})
	}
}

// caseFileSections are the sections of the file page with a form; a
// refused form's problems are keyed by its section ("consent.purpose").
var caseFileSections = []string{"consent", "contact_data", "contact", "dates", "close", "documents"}

// openForms marks the sections whose form was refused, so that form
// shows open with its problems; every other form stays folded.
func openForms(problems valid.Errors) map[string]bool {
	open := map[string]bool{}
	for _, sec := range caseFileSections {
		for _, p := range problems {
			open[sec] = open[sec] || p.Field == sec || strings.HasPrefix(p.Field, sec+".")
		}
	}
	return open
}

// counselorName names the file's counselor ("" when the name cannot be
// read: the page still shows).
func (h *Handler) counselorName(r *http.Request, id string) string {
	names, err := h.Auth.Names(r.Context(), []string{id})
	if err != nil {
		h.Log.Error("counselor name", "err", err)
	}
	return names[id]
}

// Version is the file's version for the hidden field of close and reopen.
func (p caseFilePage) Version() string { return strconv.Itoa(p.File.Version) }
