package staff

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// ssoPage lists the organisations' identity providers and adds or
// changes one.
type ssoPage struct {
	site.Base
	Providers []auth.SSOProvider
	// Form is the provider being added (ID "") or changed.
	Form     ssoForm
	Callback string
}

// ssoForm is the provider form as typed (the secret is never shown).
type ssoForm struct {
	ID, Name, Issuer, ClientID, Domains string
	IdPMFA                              bool
}

func (h *Handler) ssoProviders(w http.ResponseWriter, r *http.Request) {
	h.renderSSO(w, r, http.StatusOK, ssoForm{}, nil)
}

// ssoProvider shows the form with one provider to change.
func (h *Handler) ssoProvider(w http.ResponseWriter, r *http.Request) {
	providers, err := h.Auth.SSOProviders(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, p := range providers {
		if p.ID == r.PathValue("id") {
			h.renderSSO(w, r, http.StatusOK, ssoForm{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID,
				Domains: strings.Join(p.Domains, ", "), IdPMFA: p.IdPMFA}, nil)
			return
		}
	}
	h.NotFound(w, r)
}

func (h *Handler) renderSSO(w http.ResponseWriter, r *http.Request, status int, f ssoForm, problems valid.Errors) {
	providers, err := h.Auth.SSOProviders(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := ssoPage{Base: h.Base(w, r, "sso.admin_title"), Providers: providers, Form: f, Callback: h.Config.PublicURL() + "/login/sso/callback"}
	p.Errors = problems
	h.Render(w, r, status, "admin_sso", p)
}

// saveSSO adds (POST /admin/sso) or changes (POST /admin/sso/{id}) a
// provider.
func (h *Handler) saveSSO(w http.ResponseWriter, r *http.Request) {
	f := ssoForm{ID: r.PathValue("id"), Name: r.PostFormValue("name"), Issuer: r.PostFormValue("issuer"),
		ClientID: r.PostFormValue("client_id"), Domains: r.PostFormValue("domains"), IdPMFA: r.PostFormValue("idp_mfa") == "yes"}
	_, err := h.Auth.SaveSSOProvider(r.Context(), site.PrincipalOf(r), f.ID, auth.SSOProviderInput{Name: f.Name, Issuer: f.Issuer,
		ClientID: f.ClientID, ClientSecret: r.PostFormValue("client_secret"), Domains: strings.Split(f.Domains, ","), IdPMFA: f.IdPMFA})
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderSSO(w, r, http.StatusUnprocessableEntity, f, problems)
	case errors.Is(err, db.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.sso_saved")
		h.Redirect(w, r, "/admin/sso")
	}
}
