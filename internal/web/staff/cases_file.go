package staff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseFilePage is a client file with the forms that work on it.
type caseFilePage struct {
	site.Base
	File                             *casework.File
	Office, Program                  string
	Gender, Residence, CloseReason   string
	IntakeOn, ClosedOn, DeleteAfter  string
	Open, CanReopen, ContactDataOK   bool
	Consents                         []consentView
	Contacts                         []contactView
	Forms                            caseForms
	Purposes, ConsentForms, Channels []site.Choice
	Topics, CloseReasons             []site.Choice
	// Dates is the residence-permit and birth-month section (case_dates.go).
	Dates caseDatesView
	// Documents is the documents and scans section (cases_documents.go).
	Documents caseDocumentsView
}

// consentView is one consent as listed.
type consentView struct {
	ID, Purpose, Form, Recipient, GivenOn, WithdrawnOn string
	Active                                             bool
}

// contactView is one counseling contact as listed.
type contactView struct {
	On, Channel, Language, Topics string
	Minutes                       int
	Interpreter                   bool
	NoteLines                     []string
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
		Open: f.Status == casework.Open, Forms: forms, IntakeOn: isoDate(f.IntakeOn), ClosedOn: isoDate(f.ClosedOn),
		DeleteAfter: isoDate(f.DeleteAfter)}
	p.CanReopen = f.Status == casework.Closed && h.todayISO() < isoDate(f.DeleteAfter)
	if f.CloseReason != "" {
		p.CloseReason = b.T("case.close_reason." + f.CloseReason)
	}
	p.fillLists(f, topics)
	p.Dates = caseDatesOf(b, f)
	p.Documents = caseDocumentsOf(r, b, f)
	h.Render(w, r, status, "cases_file", p)
}

// fillLists builds the consent and contact lists and the form choices.
func (p *caseFilePage) fillLists(f *casework.File, topics []string) {
	for _, c := range f.Consents {
		p.Consents = append(p.Consents, consentView{ID: c.ID, Purpose: p.T("case.purpose." + c.Purpose),
			Form: p.T("case.form." + c.Form), Recipient: c.Recipient, GivenOn: isoDate(c.GivenOn),
			WithdrawnOn: isoDate(c.WithdrawnOn), Active: c.Active()})
		p.ContactDataOK = p.ContactDataOK || (c.Active() && c.Purpose == casework.PurposeContactData)
	}
	for _, c := range f.Contacts {
		names := make([]string, len(c.Topics))
		for i, t := range c.Topics {
			names[i] = p.T("topic." + t)
		}
		v := contactView{On: isoDate(c.On), Channel: p.T("case.channel." + c.Channel), Language: c.Language,
			Topics: strings.Join(names, ", "), Minutes: c.Minutes, Interpreter: c.Interpreter}
		if c.Note != "" {
			v.NoteLines = strings.Split(c.Note, "\n")
		}
		p.Contacts = append(p.Contacts, v)
	}
	p.Purposes = caseChoices(p.Base, "purpose", casework.Purposes, p.Forms.Consent.Purpose)
	p.ConsentForms = caseChoices(p.Base, "form", casework.Forms, p.Forms.Consent.Form)
	p.Channels = caseChoices(p.Base, "channel", casework.Channels, p.Forms.Contact.Channel)
	p.CloseReasons = caseChoices(p.Base, "close_reason", casework.CloseReasons, p.Forms.Close.Reason)
	for _, t := range topics {
		selected := false
		for _, s := range p.Forms.Contact.Topics {
			selected = selected || s == t
		}
		p.Topics = append(p.Topics, site.Choice{Value: t, Label: p.T("topic." + t), Selected: selected})
	}
}

// Version is the file's version for the hidden field of close and reopen.
func (p caseFilePage) Version() string { return strconv.Itoa(p.File.Version) }
