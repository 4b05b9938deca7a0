package staff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The fields of each file-page form, for inSection.
var (
	consentFields     = []string{"purpose", "recipient", "given_on", "form"}
	contactDataFields = []string{"name", "phone", "email", "address"}
	contactFields     = []string{"on", "minutes", "channel", "language", "topics", "note"}
	closeFields       = []string{"on", "reason"}
)

// caseAction is the end of every file-page action: on success a flash and
// a redirect to the file (at the section's anchor); on refusal the file
// page again with the section's problems and the forms as typed.
func (h *Handler) caseAction(w http.ResponseWriter, r *http.Request, cw caseWork, section string, fields []string,
	forms caseForms, parseProblems valid.Errors, act func() error, flash string) {
	problems, status := parseProblems, http.StatusUnprocessableEntity
	if len(problems) == 0 {
		err := act()
		if err == nil {
			h.SetFlash(w, flash)
			h.Redirect(w, r, "/cases/"+r.PathValue("id")+"#"+section)
			return
		}
		var ok bool
		if problems, status, ok = h.caseOutcome(w, r, err); !ok {
			return
		}
	}
	h.renderCaseFile(w, r, status, cw, forms, inSection(section, fields, problems))
}

func (h *Handler) recordConsent(w http.ResponseWriter, r *http.Request, cw caseWork) {
	forms := h.defaultCaseForms()
	v := r.PostForm
	forms.Consent = caseConsentForm{Purpose: v.Get("purpose"), Recipient: v.Get("recipient"), GivenOn: v.Get("given_on"), Form: v.Get("form")}
	var e valid.Errors
	in := casework.ConsentInput{Purpose: forms.Consent.Purpose, Recipient: forms.Consent.Recipient, Form: forms.Consent.Form,
		GivenOn: formDate(&e, "given_on", forms.Consent.GivenOn)}
	h.caseAction(w, r, cw, "consent", consentFields, forms, e, func() error {
		_, err := h.Cases.RecordConsent(r.Context(), cw.Viewer, r.PathValue("id"), in)
		return err
	}, "flash.case_consent_recorded")
}

func (h *Handler) setContactData(w http.ResponseWriter, r *http.Request, cw caseWork) {
	forms := h.defaultCaseForms()
	v := r.PostForm
	forms.ContactData = casework.ContactData{Name: v.Get("name"), Phone: v.Get("phone"), Email: v.Get("email"), Address: v.Get("address")}
	forms.typedContactData = true
	h.caseAction(w, r, cw, "contact_data", contactDataFields, forms, nil, func() error {
		return h.Cases.SetContactData(r.Context(), cw.Viewer, r.PathValue("id"), forms.ContactData)
	}, "flash.case_contact_data_saved")
}

func (h *Handler) addCaseContact(w http.ResponseWriter, r *http.Request, cw caseWork) {
	forms := h.defaultCaseForms()
	v := r.PostForm
	forms.Contact = caseContactForm{On: v.Get("on"), Minutes: v.Get("minutes"), Channel: v.Get("channel"),
		Language: v.Get("language"), Note: v.Get("note"), Interpreter: v.Get("interpreter") != "", Topics: v["topics"]}
	var e valid.Errors
	in := casework.ContactInput{On: formDate(&e, "on", forms.Contact.On), Minutes: formInt(&e, "minutes", forms.Contact.Minutes),
		Channel: forms.Contact.Channel, Language: forms.Contact.Language, Interpreter: forms.Contact.Interpreter,
		Topics: forms.Contact.Topics, Note: strings.ReplaceAll(forms.Contact.Note, "\r\n", "\n")}
	h.caseAction(w, r, cw, "contact", contactFields, forms, e, func() error {
		_, err := h.Cases.AddContact(r.Context(), cw.Viewer, r.PathValue("id"), in)
		return err
	}, "flash.case_contact_added")
}

func (h *Handler) closeCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	forms := h.defaultCaseForms()
	forms.Close = caseCloseForm{On: r.PostFormValue("on"), Reason: r.PostFormValue("reason")}
	var e valid.Errors
	in := casework.CloseInput{On: formDate(&e, "on", forms.Close.On), Reason: forms.Close.Reason}
	h.caseAction(w, r, cw, "close", closeFields, forms, e, func() error {
		_, err := h.Cases.Close(r.Context(), cw.Viewer, r.PathValue("id"), caseVersion(r), in)
		return err
	}, "flash.case_closed")
}

func (h *Handler) reopenCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.caseAction(w, r, cw, "close", nil, h.defaultCaseForms(), nil, func() error {
		_, err := h.Cases.Reopen(r.Context(), cw.Viewer, r.PathValue("id"), caseVersion(r))
		return err
	}, "flash.case_reopened")
}

// caseVersion reads the hidden "version" field: the file version the user
// saw (0, which never matches, when missing).
func caseVersion(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostFormValue("version"))
	return n
}
