package staff

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// referralFormPage refers the client of a file to another member of the
// network (or to a place not on the platform), with the client's consent
// for exactly that recipient and those data.
type referralFormPage struct {
	site.Base
	FileID, Code string
	// Open is false for a closed file: nothing can be referred from it.
	Open bool
	Form referralForm
	// Offices and Organisations are the recipients on the platform (the
	// file's own office left out); External is the choice "not on the
	// platform".
	Offices, Organisations []site.Choice
	External               bool
	Topics, Urgencies      []site.Choice
	ConsentForms           []site.Choice
	Categories             []referralCategory
	// Consents are the file's referral consents in force that a referral
	// may reuse (each for one recipient and its categories).
	Consents []site.Choice
}

// referralCategory is one data category of the form, with what it holds.
type referralCategory struct {
	Value, Label, Hint string
	Selected           bool
}

// referralForm is the form as typed.
type referralForm struct {
	Recipient, ExternalName, Topic, Urgency string
	Question, Message, RespondBy            string
	Categories                              []string
	ConsentID, GivenOn, ConsentForm         string
	// Handover hands a JMD client over to an MBE office at 27: the
	// recipients are the MBE offices nearest to the file's office.
	Handover bool
}

// handoverOffices is how many of the nearest MBE offices a handover offers.
const handoverOffices = 15

// externalRecipient is the recipient choice of a place not on the platform.
const externalRecipient = referral.ToExternal

func (h *Handler) referForm(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	form := referralForm{Urgency: "normal", GivenOn: h.todayISO(), ConsentForm: "written"}
	if r.URL.Query().Get("handover") == "1" && f.ProgramID == "jmd" {
		b := h.Base(w, r, "referral.form_title")
		form.Handover, form.Topic, form.Question = true, "work", b.T("referral.handover_question")
		form.Categories = []string{casework.ShareStatistics, casework.SharePlan}
	}
	h.renderReferForm(w, r, http.StatusOK, f, form, nil)
}

// sendReferral sends the referral and goes to it; a refused form comes
// back as typed with its problems (422), nothing stored.
func (h *Handler) sendReferral(w http.ResponseWriter, r *http.Request, cw caseWork) {
	form := referralFormOf(r)
	in, problems := form.input(r.PathValue("id"))
	status := http.StatusUnprocessableEntity
	draft := r.PostFormValue("draft") == "1"
	if draft {
		problems = withoutConsentProblems(problems)
	}
	if len(problems) == 0 {
		send, flash := h.Referrals.Send, "flash.referral_sent"
		if draft {
			// A draft takes neither consent nor data: only the referral.
			send, flash = h.Referrals.SaveDraft, "flash.referral_draft_saved"
		}
		ref, err := send(r.Context(), site.PrincipalOf(r), in)
		if err == nil {
			h.SetFlash(w, flash)
			h.Redirect(w, r, "/referrals/"+ref.ID)
			return
		}
		var ok bool
		if problems, status, ok = h.referralOutcome(w, r, err); !ok {
			return
		}
	}
	if f, ok := h.fileOf(w, r, cw); ok {
		h.renderReferForm(w, r, status, f, form, problems)
	}
}

// referralFormOf reads the posted form.
func referralFormOf(r *http.Request) referralForm {
	v := r.PostFormValue
	f := referralForm{Recipient: v("recipient"), ExternalName: v("external_name"), Topic: v("topic"), Urgency: v("urgency"),
		Question: v("question"), Message: v("message"), RespondBy: v("respond_by"), Categories: filledValues(r.PostForm["categories"]),
		ConsentID: v("consent_id"), GivenOn: v("given_on"), ConsentForm: v("form"), Handover: v("handover") == "1"}
	if strings.TrimSpace(f.Urgency) == "" {
		f.Urgency = "normal" // the store's default, shown as chosen
	}
	return f
}

// filledValues drops empty values (an empty checkbox value is no choice).
func filledValues(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// input turns the form into the store's input; dates that cannot be read
// are problems of their own (the store never sees a guessed date).
func (f referralForm) input(fileID string) (referral.Input, valid.Errors) {
	var e valid.Errors
	in := referral.Input{FileID: fileID, ExternalName: f.ExternalName, Topic: f.Topic, Urgency: f.Urgency,
		Question: f.Question, Message: f.Message, RespondBy: formDate(&e, "respond_by", f.RespondBy), Handover: f.Handover}
	in.To.Kind, in.To.ID = splitRecipient(f.Recipient)
	in.To.Categories = f.Categories
	in.Consent.ID = strings.TrimSpace(f.ConsentID)
	if in.Consent.ID == "" {
		in.Consent.Input = casework.ConsentInput{GivenOn: formDate(&e, "given_on", f.GivenOn), Form: f.ConsentForm}
	}
	return in, e
}

// splitRecipient reads a recipient choice: "office:<id>",
// "organisation:<id>" or "external". Anything else is no recipient.
func splitRecipient(v string) (kind, id string) {
	if v == externalRecipient {
		return referral.ToExternal, ""
	}
	kind, id, ok := strings.Cut(v, ":")
	if !ok || (kind != referral.ToOffice && kind != referral.ToOrganisation) {
		return "", ""
	}
	return kind, id
}

// renderReferForm shows the form for file f with the values and problems.
func (h *Handler) renderReferForm(w http.ResponseWriter, r *http.Request, status int, f *casework.File, form referralForm, problems valid.Errors) {
	b := h.Base(w, r, "referral.form_title")
	b.Title = b.T("referral.form_title_code", "Code", f.Code)
	b.Errors = problems
	p := referralFormPage{Base: b, FileID: f.ID, Code: f.Code, Open: f.Status == casework.Open, Form: form,
		External: form.Recipient == externalRecipient}
	var recipients []network.Recipient
	var err error
	if form.Handover {
		b.Title = b.T("referral.handover_title_code", "Code", f.Code)
		recipients, err = h.Network.OfficesNear(r.Context(), "mbe", f.OfficeID, handoverOffices)
	} else {
		recipients, err = h.Network.ReferralRecipients(r.Context())
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	topics, err := h.Network.Topics(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.fillRecipients(recipients, f.OfficeID)
	for _, t := range topics {
		p.Topics = append(p.Topics, site.Choice{Value: t, Label: b.T("topic." + t), Selected: t == form.Topic})
	}
	p.Urgencies = referralChoices(b, "urgency", referral.Urgencies, form.Urgency)
	p.ConsentForms = caseChoices(b, "form", casework.Forms, form.ConsentForm)
	for _, c := range casework.ShareCategories {
		p.Categories = append(p.Categories, referralCategory{Value: c, Label: b.T("referral.category." + c),
			Hint: b.T("referral.category_hint." + c), Selected: slices.Contains(form.Categories, c)})
	}
	p.fillConsents(f)
	h.Render(w, r, status, "referral_form", p)
}

// fillRecipients offers the open offices (but the file's own) and the
// organisations, each with its place or kind to tell namesakes apart.
func (p *referralFormPage) fillRecipients(all []network.Recipient, ownOffice string) {
	for _, rc := range all {
		value := rc.Kind + ":" + rc.ID
		c := site.Choice{Value: value, Selected: value == p.Form.Recipient}
		switch rc.Kind {
		case referral.ToOffice:
			if rc.ID == ownOffice || !rc.Open {
				continue
			}
			c.Label = recipientPlaced(rc.Name, rc.Place)
			p.Offices = append(p.Offices, c)
		case referral.ToOrganisation:
			c.Label = recipientPlaced(rc.Name, p.T("kind."+rc.Place))
			p.Organisations = append(p.Organisations, c)
		}
	}
}

// recipientPlaced names a recipient with its place ("MBE Hannover – Hannover").
func recipientPlaced(name, place string) string {
	if place == "" || place == name {
		return name
	}
	return name + " – " + place
}

// fillConsents offers the file's referral consents in force that were
// given for a recipient and categories (those recorded with a referral).
func (p *referralFormPage) fillConsents(f *casework.File) {
	for _, c := range f.Consents {
		if !c.Active() || c.Purpose != casework.PurposeReferral || c.For.Kind == "" {
			continue
		}
		cats := make([]string, len(c.For.Categories))
		for i, x := range c.For.Categories {
			cats[i] = p.T("referral.category." + x)
		}
		p.Consents = append(p.Consents, site.Choice{Value: c.ID, Selected: c.ID == p.Form.ConsentID,
			Label: p.T("referral.consent_existing", "Recipient", c.Recipient, "Categories", p.L.List(cats), "Date", p.L.Date(c.GivenOn))})
	}
}

// withoutConsentProblems drops the consent fields' problems: a draft is
// saved without a consent.
func withoutConsentProblems(problems valid.Errors) valid.Errors {
	var out valid.Errors
	for _, p := range problems {
		if p.Field != "given_on" {
			out = append(out, p)
		}
	}
	return out
}
