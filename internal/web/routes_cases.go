package web

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// caseRoutes are the pages of case management. The permission only says
// that the role works with cases at all; which files a user reaches is
// decided by the case store's SQL scope (their offices), and every file
// outside it answers 404, the same as a file that does not exist.
// Wildcards carry ids only, never personal data.
func (h *Handler) caseRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/cases", Perm: perm.CaseRead, Handler: h.listCases},
		{Method: "GET", Pattern: "/cases/new", Perm: perm.CaseRead, Handler: h.newCaseForm},
		{Method: "POST", Pattern: "/cases", Perm: perm.CaseEdit, Handler: h.createCase},
		{Method: "GET", Pattern: "/cases/{id}", Perm: perm.CaseRead, Handler: h.showCase},
		{Method: "GET", Pattern: "/cases/{id}/export", Perm: perm.CaseRead, Handler: h.exportCase},
		{Method: "POST", Pattern: "/cases/{id}/consents", Perm: perm.CaseEdit, Handler: h.recordConsent},
		{Method: "GET", Pattern: "/cases/{id}/consents/{consent}/withdraw", Perm: perm.CaseRead, Handler: h.confirmWithdrawConsent},
		{Method: "POST", Pattern: "/cases/{id}/consents/{consent}/withdraw", Perm: perm.CaseEdit, Handler: h.withdrawConsent},
		{Method: "POST", Pattern: "/cases/{id}/contact-data", Perm: perm.CaseEdit, Handler: h.setContactData},
		{Method: "POST", Pattern: "/cases/{id}/contacts", Perm: perm.CaseEdit, Handler: h.addCaseContact},
		{Method: "POST", Pattern: "/cases/{id}/close", Perm: perm.CaseEdit, Handler: h.closeCase},
		{Method: "POST", Pattern: "/cases/{id}/reopen", Perm: perm.CaseEdit, Handler: h.reopenCase},
		{Method: "GET", Pattern: "/cases/{id}/erase", Perm: perm.CaseRead, Handler: h.confirmEraseCase},
		{Method: "POST", Pattern: "/cases/{id}/erase", Perm: perm.CaseEdit, Handler: h.eraseCase},
		{Method: "POST", Pattern: "/cases/{id}/dates", Perm: perm.CaseEdit, Handler: h.setCaseDates},
		{Method: "GET", Pattern: "/cases/{id}/plan", Perm: perm.CaseRead, Handler: h.showPlan},
		{Method: "POST", Pattern: "/cases/{id}/plan", Perm: perm.CaseEdit, MaxBody: 512 << 10, Handler: h.savePlan},
		{Method: "GET", Pattern: "/cases/{id}/plan/print", Perm: perm.CaseRead, Handler: h.printPlan},
		{Method: "GET", Pattern: "/cases/{id}/plan/history", Perm: perm.CaseRead, Handler: h.planHistory},
		{Method: "GET", Pattern: "/deadlines", Perm: perm.CaseRead, Handler: h.deadlines},
	}
}
