package pdfdoc

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// ExportDoc is the data-subject export as a PDF: the export the JSON
// download is written from, the names it only has ids for, and the support
// plan with its history, which the export does not carry.
type ExportDoc struct {
	File            *casework.ExportFile
	Office, Program string
	Plan            *casework.Plan
	History         []casework.PlanVersion
	PrintedOn       time.Time
}

// WriteExport writes the data-subject export as an A4 PDF.
func WriteExport(w io.Writer, in ExportDoc, langs Languages) error {
	x := in.File
	if x == nil {
		return errors.New("pdfdoc: export without a file")
	}
	d := newDoc(langs, langs.De.T("pdf.export_title"), "KMN · "+x.Code+" · "+date(in.PrintedOn), in.PrintedOn)
	d.title("pdf.export_title")
	d.para("pdf.export_intro")
	d.row("pdf.exported_at", d.text(x.ExportedAt.UTC().Format("2006-01-02 15:04 UTC")))
	d.fileSection(x, in)
	d.consentSection(x)
	d.contactDataSection(x)
	d.contactSection(x)
	d.documentSection(x)
	d.section("planprint.title")
	plan := in.Plan
	if plan == nil {
		plan = &casework.Plan{}
	}
	d.planFacts(x.Code, in.Office, plan)
	for i, g := range plan.Goals {
		d.goal(i, g)
	}
	if len(plan.Goals) == 0 {
		d.para("planprint.no_goals")
	}
	d.historySection(in.History)
	return d.finish(w)
}

// fileSection prints the file's own fields.
func (d *doc) fileSection(x *casework.ExportFile, in ExportDoc) {
	d.section("pdf.section_file")
	d.row("pdf.file_code", d.text(x.Code))
	d.row("pdf.office", d.text(in.Office))
	d.row("pdf.program", d.text(in.Program))
	d.row("pdf.intake_on", d.text(x.IntakeOn))
	d.row("pdf.birth_year", d.text(year(x.BirthYear)))
	d.row("pdf.gender", d.term("pdf.gender."+x.Gender))
	d.row("pdf.country", d.text(x.Country))
	d.row("pdf.first_language", d.text(x.FirstLanguage))
	d.row("pdf.residence_status", d.term("pdf.residence."+x.ResidenceStatus))
	d.row("pdf.arrival_year", d.text(year(x.ArrivalYear)))
	d.row("pdf.status", d.term("pdf.status."+string(x.Status)))
	if x.ClosedOn != "" {
		d.row("pdf.closed_on", d.text(x.ClosedOn))
		if x.CloseReason != "" {
			d.row("pdf.close_reason", d.term("pdf.close_reason."+x.CloseReason))
		}
		d.row("pdf.delete_after", d.text(x.DeleteAfter))
	}
}

func (d *doc) consentSection(x *casework.ExportFile) {
	d.section("pdf.section_consents")
	if len(x.Consents) == 0 {
		d.para("pdf.no_consents")
	}
	for i, c := range x.Consents {
		d.subheading("pdf.consent_n", "n", strconv.Itoa(i+1))
		d.row("pdf.purpose", d.term("pdf.purpose."+c.Purpose))
		if c.Recipient != "" {
			d.row("pdf.recipient", d.text(c.Recipient))
		}
		d.row("pdf.given_on", d.text(c.GivenOn))
		d.row("pdf.form", d.term("pdf.form."+c.Form))
		if c.WithdrawnOn != "" {
			d.row("pdf.withdrawn_on", d.text(c.WithdrawnOn))
		}
	}
}

func (d *doc) contactDataSection(x *casework.ExportFile) {
	d.section("pdf.section_contact_data")
	c := x.ContactData
	if c == nil {
		d.para("pdf.no_contact_data")
		return
	}
	d.row("pdf.name", d.text(c.Name))
	d.row("pdf.phone", d.text(c.Phone))
	d.row("pdf.email", d.text(c.Email))
	d.row("pdf.address", d.text(c.Address))
}

func (d *doc) contactSection(x *casework.ExportFile) {
	d.section("pdf.section_contacts")
	if len(x.Contacts) == 0 {
		d.para("pdf.no_contacts")
	}
	for i, c := range x.Contacts {
		d.subheading("pdf.contact_n", "n", strconv.Itoa(i+1))
		d.row("pdf.date", d.text(c.On))
		d.row("pdf.minutes", d.text(strconv.Itoa(c.Minutes)))
		d.row("pdf.channel", d.term("pdf.channel."+c.Channel))
		d.row("pdf.language", d.text(c.Language))
		d.row("pdf.interpreter", d.term(yesNo(c.Interpreter)))
		d.row("pdf.topics", d.topics(c.Topics))
		d.row("pdf.note", d.text(c.Note))
	}
}

// topics names the registry topics in German and the other language.
func (d *doc) topics(ids []string) []line {
	if len(ids) == 0 {
		return d.text("")
	}
	names := func(l Lang) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = l.T("topic." + id)
		}
		return strings.Join(out, ", ")
	}
	w := d.width - labelWidth
	lines := d.wrap(names(d.langs.De), w, ltrDir)
	if o := d.langs.Other; o != nil {
		lines = append(lines, d.wrap(names(*o), w, dirOf(o))...)
	}
	return lines
}

func (d *doc) documentSection(x *casework.ExportFile) {
	d.section("pdf.section_documents")
	if len(x.Documents) == 0 {
		d.para("pdf.no_documents")
		return
	}
	d.para("pdf.documents_note")
	for i, doc := range x.Documents {
		d.subheading("pdf.document_n", "n", strconv.Itoa(i+1))
		d.row("pdf.doc_title", d.text(doc.Title))
		d.row("pdf.doc_type", d.text(doc.ContentType))
		d.row("pdf.doc_size", d.text(strconv.Itoa((doc.SizeBytes+1023)/1024)))
		d.row("pdf.doc_uploaded_at", d.text(date(doc.UploadedAt)))
		if doc.ConsentPurpose != "" {
			d.row("pdf.doc_consent", append(d.term("pdf.purpose."+doc.ConsentPurpose), d.text(doc.ConsentGivenOn)...))
		}
	}
}

// historySection lists the saved versions of the plan: when and how many
// changes (the history holds no content).
func (d *doc) historySection(h []casework.PlanVersion) {
	d.section("pdf.section_history")
	if len(h) == 0 {
		d.para("pdf.no_history")
	}
	for _, v := range h {
		d.subheading("planprint.version")
		d.row("planprint.version", d.text(strconv.Itoa(v.Version)))
		d.row("pdf.saved_at", d.text(v.SavedAt.UTC().Format("2006-01-02 15:04 UTC")))
		d.row("pdf.changes", d.text(strconv.Itoa(len(v.Changes))))
	}
}

// subheading prints a small bold heading in both languages.
func (d *doc) subheading(key string, kv ...any) {
	d.pdf.SetFont(fontFamily, "B", bodySize+0.5)
	d.heading(key, lineHeight, 1, kv...)
}

func yesNo(b bool) string {
	if b {
		return "pdf.yes"
	}
	return "pdf.no"
}

func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
