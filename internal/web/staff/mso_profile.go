package staff

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoFormPage is the profile form of one MSO.
type msoFormPage struct {
	site.Base
	M           *mso.MSO
	Version     string
	Form        mso.ProfileInput
	LangChoices []site.Choice
}

// renderMSOForm shows the form with the languages to choose from.
func (h *Handler) renderMSOForm(w http.ResponseWriter, r *http.Request, status int, p msoFormPage) {
	for _, n := range names.Languages(p.L.Lang, names.CaseLanguages) {
		p.LangChoices = append(p.LangChoices, site.Choice{Value: n.Code, Label: n.Name, Selected: slices.Contains(p.Form.Languages, n.Code)})
	}
	h.Render(w, r, status, "mso_form", p)
}

// editableMSO loads the MSO of the path if the user may change it.
func (h *Handler) editableMSO(w http.ResponseWriter, r *http.Request) (*mso.MSO, bool) {
	m, err := h.MSO.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err == nil && !m.CanEdit {
		err = mso.ErrForbidden
	}
	if err != nil {
		h.msoOutcome(w, r, err)
		return nil, false
	}
	return m, true
}

func (h *Handler) editMSOForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editableMSO(w, r)
	if !ok {
		return
	}
	pr := m.Profile
	p := msoFormPage{Base: h.Base(w, r, "msostaff.edit_title"), M: m, Version: strconv.Itoa(pr.Version),
		Form: mso.ProfileInput{Description: pr.Description, Communities: pr.Communities, Activities: pr.Activities,
			Languages: pr.Languages, Email: pr.Email, Phone: pr.Phone, Website: pr.Website}}
	h.renderMSOForm(w, r, http.StatusOK, p)
}

func readMSOForm(r *http.Request) mso.ProfileInput {
	v := r.PostForm
	return mso.ProfileInput{Description: v.Get("description"), Communities: v.Get("communities"), Activities: v.Get("activities"),
		Languages: v["languages"], Email: v.Get("email"), Phone: v.Get("phone"), Website: v.Get("website")}
}

func (h *Handler) saveMSO(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editableMSO(w, r)
	if !ok {
		return
	}
	in := readMSOForm(r)
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 0 {
		h.Fail(w, r, http.StatusBadRequest, "msostaff.bad_version")
		return
	}
	err = h.MSO.SaveProfile(r.Context(), site.PrincipalOf(r), m.ID, version, in)
	if err == nil {
		h.SetFlash(w, "flash.mso_saved")
		h.Redirect(w, r, "/mso/"+m.ID)
		return
	}
	problems, show := h.msoOutcome(w, r, err)
	if !show {
		return
	}
	p := msoFormPage{Base: h.Base(w, r, "msostaff.edit_title"), M: m, Version: r.PostFormValue("version"), Form: in}
	p.Errors = problems
	h.renderMSOForm(w, r, http.StatusUnprocessableEntity, p)
}
