package staff

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseTransferPage hands a file over to a colleague of its office.
type caseTransferPage struct {
	site.Base
	FileID, Code, Office, Counselor string
	Version                         int
	// CanTransfer: the user holds the file or leads its office (the store
	// checks the same again on POST).
	CanTransfer bool
	Colleagues  []site.Choice
}

func (h *Handler) transferCaseForm(w http.ResponseWriter, r *http.Request, cw caseWork) {
	h.renderTransfer(w, r, cw, http.StatusOK, "", nil)
}

// transferCase hands the file over. Afterwards the user may no longer see
// it (office with case_visibility "own"), so the answer goes to the list.
func (h *Handler) transferCase(w http.ResponseWriter, r *http.Request, cw caseWork) {
	to := r.PostFormValue("to")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := h.Cases.Transfer(r.Context(), cw.Viewer, r.PathValue("id"), version, to)
	if err == nil {
		h.SetFlash(w, "flash.caseteam_transferred")
		h.Redirect(w, r, "/cases")
		return
	}
	if errors.Is(err, casework.ErrNotAllowed) {
		h.Fail(w, r, http.StatusForbidden, "caseteam.transfer_not_allowed")
		return
	}
	problems, status, ok := h.caseOutcome(w, r, err)
	if ok {
		h.renderTransfer(w, r, cw, status, to, problems)
	}
}

// renderTransfer reads the file (404 outside the scope) and the office's
// staff and renders the form with the choice and problems.
func (h *Handler) renderTransfer(w http.ResponseWriter, r *http.Request, cw caseWork, status int, to string, problems valid.Errors) {
	f, ok := h.fileOf(w, r, cw)
	if !ok {
		return
	}
	staff, err := h.Cases.Colleagues(r.Context(), cw.Viewer, f.OfficeID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	b := h.Base(w, r, "caseteam.transfer_title")
	b.Title = b.T("caseteam.transfer_title_code", "Code", f.Code)
	b.Errors = problems
	p := caseTransferPage{Base: b, FileID: f.ID, Code: f.Code, Office: cw.officeName(f.OfficeID), Version: f.Version,
		Counselor: b.T("caseteam.unknown_person"), CanTransfer: f.CounselorID == cw.Viewer.UserID()}
	for _, c := range staff {
		switch {
		case c.UserID == f.CounselorID:
			p.Counselor = c.Name
		default:
			label := c.Name
			if c.Lead {
				label = b.T("caseteam.lead_suffix", "Name", c.Name)
			}
			p.Colleagues = append(p.Colleagues, site.Choice{Value: c.UserID, Label: label, Selected: c.UserID == to})
		}
		p.CanTransfer = p.CanTransfer || (c.UserID == cw.Viewer.UserID() && c.Lead)
	}
	h.Render(w, r, status, "cases_transfer", p)
}
