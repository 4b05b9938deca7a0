package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoConsentPage asks to confirm giving or withdrawing the consent to
// the public directory.
type msoConsentPage struct {
	msoPage
	// Give: the MSO is not listed yet and the form records its consent.
	Give bool
}

func (h *Handler) msoConsentForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editableMSO(w, r)
	if !ok {
		return
	}
	p := msoConsentPage{msoPage: msoPage{Base: h.Base(w, r, "msostaff.consent_title"), M: m}, Give: !m.Profile.Public}
	h.Render(w, r, http.StatusOK, "mso_consent", p)
}

// msoConsent records the answer: "give" or "withdraw" (anything else 400).
// Giving without a saved profile is refused on this page (422).
func (h *Handler) msoConsent(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editableMSO(w, r)
	if !ok {
		return
	}
	give, known := map[string]bool{"give": true, "withdraw": false}[r.PostFormValue("consent")]
	if !known {
		h.Fail(w, r, http.StatusBadRequest, "msostaff.consent_unknown")
		return
	}
	err := h.MSO.SetConsent(r.Context(), site.PrincipalOf(r), m.ID, give)
	if err == nil {
		h.SetFlash(w, map[bool]string{true: "flash.mso_consent_given", false: "flash.mso_consent_withdrawn"}[give])
		h.Redirect(w, r, "/mso/"+m.ID)
		return
	}
	problems, show := h.msoOutcome(w, r, err)
	if !show {
		return
	}
	p := msoConsentPage{msoPage: msoPage{Base: h.Base(w, r, "msostaff.consent_title"), M: m}, Give: give}
	p.Errors = problems
	h.Render(w, r, http.StatusUnprocessableEntity, "mso_consent", p)
}
