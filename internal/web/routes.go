package web

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Perm    perm.Permission
	// Bare routes skip the session lookup (assets, probes, metrics).
	Bare bool
	// MaxBody overrides the request body limit (maxFormBytes) for uploads.
	MaxBody int64
	// Lang is the language of a public page route; handlers read it as the
	// "lang" path value.
	Lang    string
	Handler http.HandlerFunc
}

// Routes is the route table of the staff site: every page and action with
// the permission it needs. The role matrix test walks this table.
func (h *Handler) Routes() []Route {
	var all []Route
	for _, group := range [][]Route{h.coreRoutes(), h.networkRoutes(), h.caseRoutes(), h.caseDocumentRoutes(),
		h.caseTeamRoutes(), h.casePDFRoutes(), h.publicRoutes()} {
		all = append(all, group...)
	}
	return all
}

func (h *Handler) coreRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Perm: perm.Public, Handler: h.home},
		{Method: "GET", Pattern: "/", Perm: perm.Public, Handler: h.notFound},
		{Method: "GET", Pattern: "/static/{file}", Perm: perm.Public, Bare: true, Handler: h.static},
		{Method: "GET", Pattern: "/healthz", Perm: perm.Public, Bare: true, Handler: h.healthz},
		{Method: "GET", Pattern: "/readyz", Perm: perm.Public, Bare: true, Handler: h.readyz},
		{Method: "GET", Pattern: "/metrics", Perm: perm.Public, Bare: true, Handler: h.metrics},
		{Method: "POST", Pattern: "/language", Perm: perm.Public, Handler: h.setLanguage},

		{Method: "GET", Pattern: "/login", Perm: perm.Public, Handler: h.loginForm},
		{Method: "POST", Pattern: "/login", Perm: perm.Public, Handler: h.login},
		{Method: "GET", Pattern: "/login/code", Perm: perm.SignIn, Handler: h.codeForm},
		{Method: "POST", Pattern: "/login/code", Perm: perm.SignIn, Handler: h.code},
		{Method: "GET", Pattern: "/login/recovery", Perm: perm.SignIn, Handler: h.recoveryForm},
		{Method: "POST", Pattern: "/login/recovery", Perm: perm.SignIn, Handler: h.recovery},
		{Method: "GET", Pattern: "/login/enrol", Perm: perm.SignIn, Handler: h.enrolForm},
		{Method: "GET", Pattern: "/login/enrol/qr.png", Perm: perm.SignIn, Handler: h.enrolQR},
		{Method: "POST", Pattern: "/login/enrol", Perm: perm.SignIn, Handler: h.enrol},
		{Method: "POST", Pattern: "/logout", Perm: perm.Public, Handler: h.logout},
		{Method: "GET", Pattern: "/setup/{token}", Perm: perm.Public, Handler: h.setupForm},
		{Method: "POST", Pattern: "/setup/{token}", Perm: perm.Public, Handler: h.setup},

		{Method: "GET", Pattern: "/dashboard", Perm: perm.Staff, Handler: h.dashboard},
		{Method: "GET", Pattern: "/account", Perm: perm.Staff, Handler: h.account},
		{Method: "GET", Pattern: "/account/password", Perm: perm.Staff, Handler: h.passwordForm},
		{Method: "POST", Pattern: "/account/password", Perm: perm.Staff, Handler: h.changePassword},
		{Method: "GET", Pattern: "/account/sessions", Perm: perm.Staff, Handler: h.sessions},
		{Method: "POST", Pattern: "/account/sessions/{id}/end", Perm: perm.Staff, Handler: h.endSession},
		{Method: "POST", Pattern: "/account/recovery-codes", Perm: perm.Staff, Handler: h.renewRecoveryCodes},

		{Method: "GET", Pattern: "/admin/users", Perm: perm.UserManage, Handler: h.listUsers},
		{Method: "GET", Pattern: "/admin/users/new", Perm: perm.UserManage, Handler: h.newUserForm},
		{Method: "POST", Pattern: "/admin/users", Perm: perm.UserManage, Handler: h.createUser},
		{Method: "GET", Pattern: "/admin/users/{id}", Perm: perm.UserManage, Handler: h.showUser},
		{Method: "GET", Pattern: "/admin/users/{id}/confirm/{action}", Perm: perm.UserManage, Handler: h.confirmUserAction},
		{Method: "POST", Pattern: "/admin/users/{id}/{action}", Perm: perm.UserManage, Handler: h.userAction},
		{Method: "POST", Pattern: "/admin/users/{id}/memberships", Perm: perm.UserManage, Handler: h.addMembership},
		{Method: "POST", Pattern: "/admin/users/{id}/memberships/remove", Perm: perm.UserManage, Handler: h.removeMembership},
		{Method: "GET", Pattern: "/admin/audit", Perm: perm.AuditRead, Handler: h.auditLog},
	}
}
