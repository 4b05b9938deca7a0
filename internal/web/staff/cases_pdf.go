package staff

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/pdfdoc"
)

// pdfLanguages are German plus the client's first language when it is
// another language of the catalog (the same choice as the print view).
func (h *Handler) pdfLanguages(firstLanguage string) pdfdoc.Languages {
	de := h.Catalog.Localizer("de")
	ls := pdfdoc.Languages{De: pdfdoc.Lang{Code: "de", T: de.T}}
	if lang := h.printLanguage(firstLanguage); lang != "" {
		l := h.Catalog.Localizer(lang)
		ls.Other = &pdfdoc.Lang{Code: lang, RTL: l.Dir() == "rtl", T: l.T}
	}
	return ls
}

// planPDF sends the support plan as a PDF for the client, read and
// audited like the print view ("plan.read").
func (h *Handler) planPDF(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	p, ok := h.planOf(w, r, cw, f)
	if !ok {
		return
	}
	var buf bytes.Buffer
	in := pdfdoc.PlanDoc{Code: f.Code, Office: cw.officeName(f.OfficeID), Plan: p, PrintedOn: h.Clock.Local()}
	if err := pdfdoc.WritePlan(&buf, in, h.pdfLanguages(f.FirstLanguage)); err != nil {
		h.ServerError(w, r, err)
		return
	}
	sendPDF(w, "plan-"+f.ID+".pdf", buf.Bytes())
}

// exportPDF sends the data-subject export (Art. 15 GDPR) as a PDF: the
// same export as the JSON download ("case.export" audit), plus the
// support plan and its history ("plan.read", "plan.history").
func (h *Handler) exportPDF(w http.ResponseWriter, r *http.Request, cw caseWork) {
	var err error
	id := r.PathValue("id")
	in := pdfdoc.ExportDoc{PrintedOn: h.Clock.Local()}
	if in.File, err = h.Cases.ExportFile(r.Context(), cw.Viewer, id); err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	if in.Plan, err = h.Cases.Plan(r.Context(), cw.Viewer, id); err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	if in.History, err = h.Cases.PlanHistory(r.Context(), cw.Viewer, id); err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	programs, err := h.programNames(r, "de")
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	in.Office, in.Program = cw.officeName(in.File.Office), choiceLabel(programs, in.File.Program)
	var buf bytes.Buffer
	if err := pdfdoc.WriteExport(&buf, in, h.pdfLanguages(in.File.FirstLanguage)); err != nil {
		h.ServerError(w, r, err)
		return
	}
	sendPDF(w, "case-"+id+".pdf", buf.Bytes())
}

// sendPDF writes a PDF download. The file name carries the file's id,
// never its client's name.
func sendPDF(w http.ResponseWriter, name string, body []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
