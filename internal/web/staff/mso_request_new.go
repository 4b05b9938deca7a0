package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoRequestFormPage is the new support request form of one MSO.
type msoRequestFormPage struct {
	site.Base
	M     *mso.MSO
	Form  mso.RequestInput
	Kinds []site.Choice
}

func (h *Handler) renderMSORequestForm(w http.ResponseWriter, r *http.Request, status int, p msoRequestFormPage) {
	p.Kinds = []site.Choice{{Value: "", Label: p.T("msostaff.kind_choose")}}
	for _, k := range mso.Kinds {
		p.Kinds = append(p.Kinds, site.Choice{Value: k, Label: p.T("msostaff.kind_" + k), Selected: k == p.Form.Kind})
	}
	h.Render(w, r, status, "mso_request_form", p)
}

func (h *Handler) newMSORequestForm(w http.ResponseWriter, r *http.Request) {
	m, err := h.MSO.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil {
		h.msoOutcome(w, r, err)
		return
	}
	h.renderMSORequestForm(w, r, http.StatusOK, msoRequestFormPage{Base: h.Base(w, r, "msostaff.request_new_title"), M: m})
}

func (h *Handler) createMSORequest(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	m, err := h.MSO.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.msoOutcome(w, r, err)
		return
	}
	in := mso.RequestInput{Kind: r.PostFormValue("kind"), Subject: r.PostFormValue("subject"), Note: r.PostFormValue("note")}
	id, err := h.MSO.OpenRequest(r.Context(), p, m.ID, in)
	if err == nil {
		h.SetFlash(w, "flash.mso_request_opened")
		h.Redirect(w, r, "/mso-requests/"+id)
		return
	}
	problems, show := h.msoOutcome(w, r, err)
	if !show {
		return
	}
	page := msoRequestFormPage{Base: h.Base(w, r, "msostaff.request_new_title"), M: m, Form: in}
	page.Errors = problems
	h.renderMSORequestForm(w, r, http.StatusUnprocessableEntity, page)
}
