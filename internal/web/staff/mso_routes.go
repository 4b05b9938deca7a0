package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoRoutes are the pages of migrant self-organisations: the list of
// those in the user's reach, an MSO's page with its profile, the profile
// form, the public consent, and its support requests. The permission
// says only that the role works with MSOs; which ones is the MSO store's
// view (404 outside it, 403 for a profile one sees but may not change).
//
// A request's pages live under /mso-requests/{id}: /mso/requests/{id}
// would overlap /mso/{id}/edit in the router.
func (h *Handler) msoRoutes() []site.Route {
	if h.MSO == nil {
		return nil
	}
	return []site.Route{
		{Method: "GET", Pattern: "/mso", Perm: perm.MSOSupport, Handler: h.listMSOs},
		{Method: "GET", Pattern: "/mso/{id}", Perm: perm.MSOSupport, Handler: h.showMSO},
		{Method: "GET", Pattern: "/mso/{id}/edit", Perm: perm.MSOSupport, Handler: h.editMSOForm},
		{Method: "POST", Pattern: "/mso/{id}", Perm: perm.MSOSupport, Handler: h.saveMSO},
		{Method: "GET", Pattern: "/mso/{id}/consent", Perm: perm.MSOSupport, Handler: h.msoConsentForm},
		{Method: "POST", Pattern: "/mso/{id}/consent", Perm: perm.MSOSupport, Handler: h.msoConsent},
		{Method: "GET", Pattern: "/mso/{id}/requests/new", Perm: perm.MSOSupport, Handler: h.newMSORequestForm},
		{Method: "POST", Pattern: "/mso/{id}/requests", Perm: perm.MSOSupport, Handler: h.createMSORequest},
		{Method: "GET", Pattern: "/mso-requests/{id}", Perm: perm.MSOSupport, Handler: h.showMSORequest},
		{Method: "POST", Pattern: "/mso-requests/{id}", Perm: perm.MSOSupport, Handler: h.updateMSORequest},
	}
}

// msoOutcome answers a store error: problems go back to the form (true),
// anything else is answered here (404 outside the view, 403 for a
// profile one may not change, 409 when it changed meanwhile).
func (h *Handler) msoOutcome(w http.ResponseWriter, r *http.Request, err error) (valid.Errors, bool) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		return problems, true
	case errors.Is(err, mso.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, mso.ErrForbidden):
		h.Fail(w, r, http.StatusForbidden, "msostaff.forbidden")
	case errors.Is(err, mso.ErrStale):
		h.Fail(w, r, http.StatusConflict, "msostaff.changed")
	default:
		h.ServerError(w, r, err)
	}
	return nil, false
}
