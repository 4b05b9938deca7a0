package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseConfirmPage asks before a withdrawal or an erasure.
type caseConfirmPage struct {
	site.Base
	FileID, Code string
	// Consent is set when withdrawing a consent.
	Consent     *consentView
	WithdrawnOn string
}

// exportCase sends the whole file as JSON for the data subject (Art. 15 GDPR).
func (h *Handler) exportCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	body, err := h.Cases.Export(r.Context(), cw.Viewer, r.PathValue("id"))
	if err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// The file name carries the file's id, never its client's name.
	w.Header().Set("Content-Disposition", `attachment; filename="case-`+r.PathValue("id")+`.json"`)
	_, _ = w.Write(body)
}

func (h *Handler) confirmWithdrawConsent(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	h.renderWithdraw(w, r, f, http.StatusOK, h.todayISO(), nil)
}

// renderWithdraw shows the withdrawal question for the consent of the path
// (404 when the file is out of scope or has no such consent).
func (h *Handler) renderWithdraw(w http.ResponseWriter, r *http.Request, f *casework.File, status int, on string, problems valid.Errors) {
	p := caseConfirmPage{Base: h.Base(w, r, "case_withdraw.title"), FileID: f.ID, Code: f.Code, WithdrawnOn: on}
	p.Errors = problems
	p.findConsent(f, r.PathValue("consent"))
	if p.Consent == nil {
		h.NotFound(w, r)
		return
	}
	h.Render(w, r, status, "cases_withdraw", p)
}

// findConsent sets Consent to the file's consent with id, if it has one.
func (p *caseConfirmPage) findConsent(f *casework.File, id string) {
	fp := caseFilePage{Base: p.Base}
	fp.fillLists(f, nil)
	for i := range fp.Consents {
		if fp.Consents[i].ID == id {
			p.Consent = &fp.Consents[i]
		}
	}
}

func (h *Handler) withdrawConsent(w http.ResponseWriter, r *http.Request, cw caseWork) {
	on := r.PostFormValue("withdrawn_on")
	var e valid.Errors
	day := formDate(&e, "withdrawn_on", on)
	status := http.StatusUnprocessableEntity
	if len(e) == 0 {
		err := h.Cases.WithdrawConsent(r.Context(), cw.Viewer, r.PathValue("id"), r.PathValue("consent"), day)
		if err == nil {
			h.SetFlash(w, "flash.case_consent_withdrawn")
			h.Redirect(w, r, "/cases/"+r.PathValue("id")+"#consent")
			return
		}
		var ok bool
		if e, status, ok = h.caseOutcome(w, r, err); !ok {
			return
		}
	}
	if f, ok := h.fileOf(w, r, cw); ok {
		h.renderWithdraw(w, r, f, status, on, e)
	}
}

func (h *Handler) confirmEraseCase(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	h.Render(w, r, http.StatusOK, "cases_erase", caseConfirmPage{Base: h.Base(w, r, "case_erase.title"), FileID: f.ID, Code: f.Code})
}

// eraseCase deletes the file at the client's request (Art. 17 GDPR).
func (h *Handler) eraseCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	if err := h.Cases.Erase(r.Context(), cw.Viewer, r.PathValue("id")); err != nil {
		h.caseOutcome(w, r, err)
		return
	}
	h.SetFlash(w, "flash.case_erased")
	h.Redirect(w, r, "/cases")
}
