package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Routes is the route table of the staff surface: every page and action
// with the permission it needs. The role matrix test walks it, with the
// other surfaces' tables, through the real router, and fails on a route it
// does not know.
func (h *Handler) Routes() []site.Route {
	var all []site.Route
	for _, group := range [][]site.Route{h.accountRoutes(), h.networkRoutes(), h.caseRoutes(), h.feedbackRoutes(), h.notifyRoutes(), h.jobRoutes(), h.referralRoutes(), h.onlineRoutes(), h.eventRoutes(), h.regionRoutes(), h.statsRoutes(), h.msoRoutes(), h.volunteerRoutes()} {
		all = append(all, group...)
	}
	return all
}

// accountRoutes are the login steps, the user's own account, the
// dashboard and the administration of accounts and the audit log.
func (h *Handler) accountRoutes() []site.Route {
	return []site.Route{
		{Method: "POST", Pattern: "/language", Perm: perm.Public, Handler: h.setLanguage},

		{Method: "GET", Pattern: "/login", Perm: perm.Public, Handler: h.loginForm},
		{Method: "POST", Pattern: "/login", Perm: perm.Public, Handler: h.login},
		{Method: "GET", Pattern: "/login/code", Perm: perm.SignIn, Handler: h.codeForm},
		{Method: "POST", Pattern: "/login/code", Perm: perm.SignIn, Handler: h.code},
		{Method: "GET", Pattern: "/login/recovery", Perm: perm.SignIn, Handler: h.recoveryForm},
		{Method: "POST", Pattern: "/login/recovery", Perm: perm.SignIn, Handler: h.recovery},
		{Method: "GET", Pattern: "/login/sso/callback", Perm: perm.Public, Handler: h.ssoCallback},
		{Method: "GET", Pattern: "/login/sso/{id}", Perm: perm.Public, Handler: h.ssoStart},
		// The identity provider's server posts here: no browser, no CSRF
		// token; the signed logout token is checked instead.
		{Method: "POST", Pattern: "/login/sso/{id}/logout", Perm: perm.Public, Bare: true, Handler: h.ssoBackChannelLogout},
		{Method: "POST", Pattern: "/login/passkey/options", Perm: perm.Public, Handler: h.loginPasskeyOptions},
		{Method: "POST", Pattern: "/login/passkey", Perm: perm.Public, Handler: h.loginPasskey},
		{Method: "POST", Pattern: "/login/code/passkey/options", Perm: perm.SignIn, Handler: h.codePasskeyOptions},
		{Method: "POST", Pattern: "/login/code/passkey", Perm: perm.SignIn, Handler: h.codePasskey},
		{Method: "GET", Pattern: "/login/enrol", Perm: perm.SignIn, Handler: h.enrolForm},
		{Method: "GET", Pattern: "/login/enrol/qr.png", Perm: perm.SignIn, Handler: h.enrolQR},
		{Method: "POST", Pattern: "/login/enrol", Perm: perm.SignIn, Handler: h.enrol},
		{Method: "POST", Pattern: "/logout", Perm: perm.Public, Handler: h.logout},
		{Method: "GET", Pattern: "/setup/{token}", Perm: perm.Public, Handler: h.setupForm},
		{Method: "POST", Pattern: "/setup/{token}", Perm: perm.Public, Handler: h.setup},

		{Method: "GET", Pattern: "/dashboard", Perm: perm.Staff, Handler: h.dashboard},
		{Method: "GET", Pattern: "/search", Perm: perm.Staff, Handler: h.search},
		{Method: "GET", Pattern: "/account", Perm: perm.Staff, Handler: h.account},
		{Method: "GET", Pattern: "/account/password", Perm: perm.Staff, Handler: h.passwordForm},
		{Method: "POST", Pattern: "/account/password", Perm: perm.Staff, Handler: h.changePassword},
		{Method: "GET", Pattern: "/account/sessions", Perm: perm.Staff, Handler: h.sessions},
		{Method: "POST", Pattern: "/account/sessions/{id}/end", Perm: perm.Staff, Handler: h.endSession},
		{Method: "POST", Pattern: "/account/recovery-codes", Perm: perm.Staff, Handler: h.renewRecoveryCodes},
		{Method: "GET", Pattern: "/account/verify", Perm: perm.Staff, Handler: h.verifyForm},
		{Method: "POST", Pattern: "/account/verify", Perm: perm.Staff, Handler: h.verify},
		{Method: "POST", Pattern: "/account/verify/passkey/options", Perm: perm.Staff, Handler: h.verifyPasskeyOptions},
		{Method: "POST", Pattern: "/account/verify/passkey", Perm: perm.Staff, Handler: h.verifyPasskey},
		// Adding or removing a passkey changes how the account signs in:
		// a fresh second factor first, like the other dangerous actions.
		{Method: "GET", Pattern: "/account/passkeys", Perm: perm.Staff, StepUp: true, Handler: h.passkeysPage},
		{Method: "POST", Pattern: "/account/passkeys/options", Perm: perm.Staff, StepUp: true, Handler: h.passkeyOptions},
		{Method: "POST", Pattern: "/account/passkeys", Perm: perm.Staff, StepUp: true, Handler: h.passkeyAdd},
		{Method: "POST", Pattern: "/account/passkeys/{id}/remove", Perm: perm.Staff, StepUp: true, Handler: h.passkeyRemove},

		{Method: "GET", Pattern: "/admin/users", Perm: perm.UserManage, Handler: h.listUsers},
		{Method: "GET", Pattern: "/admin/users/new", Perm: perm.UserManage, Handler: h.newUserForm},
		{Method: "POST", Pattern: "/admin/users", Perm: perm.UserManage, StepUp: true, Handler: h.createUser},
		{Method: "GET", Pattern: "/admin/users/{id}", Perm: perm.UserManage, Handler: h.showUser},
		{Method: "GET", Pattern: "/admin/users/{id}/confirm/{action}", Perm: perm.UserManage, StepUp: true, Handler: h.confirmUserAction},
		{Method: "POST", Pattern: "/admin/users/{id}/{action}", Perm: perm.UserManage, StepUp: true, Handler: h.userAction},
		{Method: "POST", Pattern: "/admin/users/{id}/memberships", Perm: perm.UserManage, StepUp: true, Handler: h.addMembership},
		{Method: "POST", Pattern: "/admin/users/{id}/memberships/remove", Perm: perm.UserManage, StepUp: true, Handler: h.removeMembership},
		{Method: "GET", Pattern: "/admin/users/{id}/role", Perm: perm.UserManage, StepUp: true, Handler: h.roleForm},
		{Method: "POST", Pattern: "/admin/users/{id}/role", Perm: perm.UserManage, StepUp: true, Handler: h.changeRole},
		{Method: "GET", Pattern: "/admin/audit", Perm: perm.AuditRead, Handler: h.auditLog},
		{Method: "GET", Pattern: "/admin/keys", Perm: perm.KeysManage, Handler: h.showKeys},
		{Method: "GET", Pattern: "/admin/passkeys", Perm: perm.UserManage, Handler: h.passkeyPolicy},
		{Method: "GET", Pattern: "/admin/sso", Perm: perm.UserManage, Handler: h.ssoProviders},
		{Method: "POST", Pattern: "/admin/sso", Perm: perm.UserManage, StepUp: true, Handler: h.saveSSO},
		{Method: "GET", Pattern: "/admin/sso/{id}", Perm: perm.UserManage, Handler: h.ssoProvider},
		{Method: "POST", Pattern: "/admin/sso/{id}", Perm: perm.UserManage, StepUp: true, Handler: h.saveSSO},
		{Method: "POST", Pattern: "/admin/passkeys", Perm: perm.UserManage, StepUp: true, Handler: h.savePasskeyPolicy},
		{Method: "GET", Pattern: "/admin/keys/rotate", Perm: perm.KeysManage, StepUp: true, Handler: h.confirmRotateKey},
		{Method: "POST", Pattern: "/admin/keys/rotate", Perm: perm.KeysManage, StepUp: true, Handler: h.rotateKey},
	}
}

// networkRoutes are the pages of the network registry. NetworkEdit routes
// are further limited per row by the store (office leads: their office,
// region coordinators: their region, ministry: all) and answer 404 outside
// that scope.
func (h *Handler) networkRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/network", Perm: perm.NetworkRead, Handler: h.networkOverview},
		{Method: "GET", Pattern: "/network/districts.geojson", Perm: perm.NetworkRead, Handler: site.GeoJSON(h.Geo)},
		{Method: "GET", Pattern: "/network/regions/export", Perm: perm.NetworkRead, Handler: h.exportRegions},

		{Method: "GET", Pattern: "/network/offices", Perm: perm.NetworkRead, Handler: h.listOffices},
		{Method: "GET", Pattern: "/network/offices/export", Perm: perm.NetworkRead, Handler: h.exportOffices},
		{Method: "GET", Pattern: "/network/offices/new", Perm: perm.NetworkManage, Handler: h.newOfficeForm},
		{Method: "POST", Pattern: "/network/offices", Perm: perm.NetworkManage, Handler: h.createOffice},
		{Method: "GET", Pattern: "/network/offices/import", Perm: perm.NetworkManage, Handler: h.importForm},
		{Method: "POST", Pattern: "/network/offices/import", Perm: perm.NetworkManage, MaxBody: maxImportBytes, Handler: h.importOffices},
		{Method: "GET", Pattern: "/network/offices/{id}", Perm: perm.NetworkRead, Handler: h.showOffice},
		{Method: "GET", Pattern: "/network/offices/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editOfficeForm},
		{Method: "POST", Pattern: "/network/offices/{id}", Perm: perm.NetworkEdit, Handler: h.updateOffice},

		{Method: "GET", Pattern: "/network/regions/{id}", Perm: perm.NetworkRead, Handler: h.showRegion},
		{Method: "GET", Pattern: "/network/regions/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editRegionForm},
		{Method: "POST", Pattern: "/network/regions/{id}", Perm: perm.NetworkEdit, Handler: h.updateRegion},
		{Method: "POST", Pattern: "/network/regions/{id}/contacts", Perm: perm.NetworkEdit, Handler: h.addRegionContact},
		{Method: "POST", Pattern: "/network/regions/{id}/contacts/{contact}/delete", Perm: perm.NetworkEdit, Handler: h.removeRegionContact},

		{Method: "GET", Pattern: "/network/organisations", Perm: perm.NetworkRead, Handler: h.listOrganisations},
		{Method: "GET", Pattern: "/network/organisations/export", Perm: perm.NetworkRead, Handler: h.exportOrganisations},
		{Method: "GET", Pattern: "/network/organisations/new", Perm: perm.NetworkManage, Handler: h.newOrganisationForm},
		{Method: "POST", Pattern: "/network/organisations", Perm: perm.NetworkManage, Handler: h.createOrganisation},
		{Method: "GET", Pattern: "/network/organisations/{id}", Perm: perm.NetworkRead, Handler: h.showOrganisation},
		{Method: "GET", Pattern: "/network/organisations/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editOrganisationForm},
		{Method: "POST", Pattern: "/network/organisations/{id}", Perm: perm.NetworkEdit, Handler: h.updateOrganisation},

		{Method: "GET", Pattern: "/network/gaps", Perm: perm.NetworkRead, Handler: h.networkGaps},
		{Method: "GET", Pattern: "/network/programs", Perm: perm.NetworkRead, Handler: h.listPrograms},
		{Method: "GET", Pattern: "/network/programs/export", Perm: perm.NetworkRead, Handler: h.exportPrograms},
		{Method: "GET", Pattern: "/network/programs/new", Perm: perm.NetworkManage, Handler: h.newProgramForm},
		{Method: "GET", Pattern: "/network/programs/{id}/edit", Perm: perm.NetworkManage, Handler: h.editProgramForm},
		{Method: "POST", Pattern: "/network/programs", Perm: perm.NetworkManage, Handler: h.saveProgram},

		{Method: "GET", Pattern: "/network/posts", Perm: perm.NetworkRead, Handler: h.listPosts},
		{Method: "GET", Pattern: "/network/posts/export", Perm: perm.NetworkRead, Handler: h.exportPosts},
		{Method: "GET", Pattern: "/network/posts/new", Perm: perm.NetworkManage, Handler: h.newPostForm},
		{Method: "POST", Pattern: "/network/posts", Perm: perm.NetworkManage, Handler: h.createPost},
		{Method: "GET", Pattern: "/network/posts/{id}/delete", Perm: perm.NetworkManage, Handler: h.confirmDeletePost},
		{Method: "POST", Pattern: "/network/posts/{id}/delete", Perm: perm.NetworkManage, Handler: h.deletePost},
	}
}

// caseRoutes are the pages of case management. The permission only says
// that the role works with cases at all; which files (and substitutions) a
// user reaches is decided by the case store's SQL scope (their offices),
// and every file outside it answers 404, the same as a file that does not
// exist. Wildcards carry ids only, never personal data.
func (h *Handler) caseRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/cases", Perm: perm.CaseRead, Handler: h.cases(h.listCases)},
		{Method: "GET", Pattern: "/cases/new", Perm: perm.CaseRead, Handler: h.cases(h.newCaseForm)},
		{Method: "POST", Pattern: "/cases", Perm: perm.CaseEdit, Handler: h.cases(h.createCase)},
		{Method: "GET", Pattern: "/cases/{id}", Perm: perm.CaseRead, Handler: h.cases(h.showCase)},
		{Method: "GET", Pattern: "/cases/{id}/export", Perm: perm.CaseRead, StepUp: true, Handler: h.cases(h.exportCase)},
		{Method: "POST", Pattern: "/cases/{id}/consents", Perm: perm.CaseEdit, Handler: h.cases(h.recordConsent)},
		{Method: "GET", Pattern: "/cases/{id}/consents/{consent}/withdraw", Perm: perm.CaseRead, Handler: h.caseFile(h.confirmWithdrawConsent)},
		{Method: "POST", Pattern: "/cases/{id}/consents/{consent}/withdraw", Perm: perm.CaseEdit, Handler: h.cases(h.withdrawConsent)},
		{Method: "POST", Pattern: "/cases/{id}/contact-data", Perm: perm.CaseEdit, Handler: h.cases(h.setContactData)},
		{Method: "POST", Pattern: "/cases/{id}/contacts", Perm: perm.CaseEdit, Handler: h.cases(h.addCaseContact)},
		{Method: "POST", Pattern: "/cases/{id}/close", Perm: perm.CaseEdit, Handler: h.cases(h.closeCase)},
		{Method: "POST", Pattern: "/cases/{id}/reopen", Perm: perm.CaseEdit, Handler: h.cases(h.reopenCase)},
		{Method: "GET", Pattern: "/cases/{id}/erase", Perm: perm.CaseRead, StepUp: true, Handler: h.caseFile(h.confirmEraseCase)},
		{Method: "POST", Pattern: "/cases/{id}/erase", Perm: perm.CaseEdit, StepUp: true, Handler: h.cases(h.eraseCase)},
		{Method: "POST", Pattern: "/cases/{id}/dates", Perm: perm.CaseEdit, Handler: h.cases(h.setCaseDates)},
		{Method: "GET", Pattern: "/cases/{id}/plan", Perm: perm.CaseRead, Handler: h.cases(h.showPlan)},
		{Method: "POST", Pattern: "/cases/{id}/plan", Perm: perm.CaseEdit, MaxBody: 512 << 10, Handler: h.cases(h.savePlan)},
		{Method: "GET", Pattern: "/cases/{id}/plan/print", Perm: perm.CaseRead, Handler: h.caseFile(h.printPlan)},
		{Method: "GET", Pattern: "/cases/{id}/plan/history", Perm: perm.CaseRead, Handler: h.caseFile(h.planHistory)},
		// Deadlines gathers every kind of dated work the role has (files,
		// referrals, regional tasks): the page decides which sections.
		{Method: "GET", Pattern: "/deadlines", Perm: perm.Staff, Handler: h.deadlines},

		// Documents and scans of a file (cases_documents.go).
		{Method: "POST", Pattern: "/cases/{id}/documents", Perm: perm.CaseEdit, MaxBody: maxDocumentBody, Handler: h.cases(h.addCaseDocument)},
		{Method: "GET", Pattern: "/cases/{id}/documents/{doc}", Perm: perm.CaseRead, Handler: h.cases(h.downloadCaseDocument)},
		{Method: "GET", Pattern: "/cases/{id}/documents/{doc}/delete", Perm: perm.CaseRead, Handler: h.cases(h.confirmDeleteCaseDocument)},
		{Method: "POST", Pattern: "/cases/{id}/documents/{doc}/delete", Perm: perm.CaseEdit, Handler: h.cases(h.deleteCaseDocument)},

		// Transfer, substitution and statistics edits (cases_team.go,
		// cases_substitutions.go, cases_stats.go).
		{Method: "GET", Pattern: "/cases/{id}/transfer", Perm: perm.CaseRead, StepUp: true, Handler: h.cases(h.transferCaseForm)},
		{Method: "POST", Pattern: "/cases/{id}/transfer", Perm: perm.CaseEdit, StepUp: true, Handler: h.cases(h.transferCase)},
		{Method: "GET", Pattern: "/cases/{id}/edit", Perm: perm.CaseRead, Handler: h.cases(h.editCaseStatsForm)},
		{Method: "POST", Pattern: "/cases/{id}/edit", Perm: perm.CaseEdit, Handler: h.cases(h.saveCaseStats)},
		{Method: "GET", Pattern: "/substitutions", Perm: perm.CaseRead, Handler: h.cases(h.listSubstitutions)},
		{Method: "POST", Pattern: "/substitutions", Perm: perm.CaseEdit, Handler: h.cases(h.addSubstitution)},
		{Method: "GET", Pattern: "/substitutions/{id}/end", Perm: perm.CaseRead, Handler: h.cases(h.confirmEndSubstitution)},
		{Method: "POST", Pattern: "/substitutions/{id}/end", Perm: perm.CaseEdit, Handler: h.cases(h.endSubstitution)},

		// PDF downloads of plans and exports (cases_pdf.go).
		{Method: "GET", Pattern: "/cases/{id}/plan/pdf", Perm: perm.CaseRead, Handler: h.caseFile(h.planPDF)},
		{Method: "GET", Pattern: "/cases/{id}/export/pdf", Perm: perm.CaseRead, StepUp: true, Handler: h.cases(h.exportPDF)},
	}
}

// feedbackRoutes are the admins' inbox of the accessibility statement's
// feedback form (admin_feedback.go); the public form is in
// internal/web/public. Every read and change is audited by the store.
func (h *Handler) feedbackRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/admin/feedback", Perm: perm.FeedbackManage, Handler: h.listFeedback},
		{Method: "GET", Pattern: "/admin/feedback/{id}", Perm: perm.FeedbackManage, Handler: h.showFeedback},
		{Method: "POST", Pattern: "/admin/feedback/{id}/handled", Perm: perm.FeedbackManage, Handler: h.markFeedbackHandled},
		{Method: "GET", Pattern: "/admin/feedback/{id}/delete", Perm: perm.FeedbackManage, Handler: h.confirmDeleteFeedback},
		{Method: "POST", Pattern: "/admin/feedback/{id}/delete", Perm: perm.FeedbackManage, Handler: h.deleteFeedback},
	}
}
