package staff

import (
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoRequestPage is one support request: what it is about, its timeline,
// and the form to change the status and add a note.
type msoRequestPage struct {
	site.Base
	R        *mso.Request
	Kind     string
	Status   string
	Opened   string
	Timeline []msoNoteView
	Statuses []site.Choice
	Note     string
}

// msoNoteView is a timeline entry as shown.
type msoNoteView struct {
	At, Author, Status, Body string
}

func (h *Handler) showMSORequest(w http.ResponseWriter, r *http.Request) {
	h.renderMSORequest(w, r, http.StatusOK, "", "", nil)
}

// renderMSORequest shows the request; status and note keep what was
// typed when the form comes back with problems.
func (h *Handler) renderMSORequest(w http.ResponseWriter, r *http.Request, code int, status, note string, problems valid.Errors) {
	req, err := h.MSO.Request(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil {
		h.msoOutcome(w, r, err)
		return
	}
	p := msoRequestPage{Base: h.Base(w, r, "msostaff.request_title"), R: req, Note: note}
	p.Errors = problems
	p.Title = req.Subject
	p.Kind, p.Status = p.T("msostaff.kind_"+req.Kind), p.T("msostaff.status_"+req.Status)
	p.Opened = p.L.DateTime(req.CreatedAt.In(clock.Berlin()))
	if status == "" {
		status = req.Status
	}
	for _, s := range mso.Statuses {
		p.Statuses = append(p.Statuses, site.Choice{Value: s, Label: p.T("msostaff.status_" + s), Selected: s == status})
	}
	for _, n := range req.Timeline {
		v := msoNoteView{At: p.L.DateTime(n.At.In(clock.Berlin())), Author: n.Author, Body: n.Body}
		if n.Status != "" {
			v.Status = p.T("msostaff.status_" + n.Status)
		}
		p.Timeline = append(p.Timeline, v)
	}
	h.Render(w, r, code, "mso_request", p)
}

func (h *Handler) updateMSORequest(w http.ResponseWriter, r *http.Request) {
	status, note := r.PostFormValue("status"), r.PostFormValue("note")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		// The request is looked up first, so an unknown one stays 404.
		if _, err := h.MSO.Request(r.Context(), site.PrincipalOf(r), r.PathValue("id")); err != nil {
			h.msoOutcome(w, r, err)
			return
		}
		h.Fail(w, r, http.StatusBadRequest, "msostaff.bad_version")
		return
	}
	err = h.MSO.UpdateRequest(r.Context(), site.PrincipalOf(r), r.PathValue("id"), version, status, note)
	if err == nil {
		h.SetFlash(w, "flash.mso_request_saved")
		h.Redirect(w, r, "/mso-requests/"+r.PathValue("id"))
		return
	}
	if problems, show := h.msoOutcome(w, r, err); show {
		h.renderMSORequest(w, r, http.StatusUnprocessableEntity, status, note, problems)
	}
}
