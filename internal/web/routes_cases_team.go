package web

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// caseTeamRoutes are the routes for transfer, substitution and statistics
// edits (cases_team.go, cases_substitutions.go, cases_stats.go). As with
// the other case routes, the permission only says the role works with
// cases; which file or substitution a user reaches is the case store's
// scope, and anything outside it answers 404. Substitutions use {id} like
// every other resource (the role matrix fills it).
func (h *Handler) caseTeamRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/cases/{id}/transfer", Perm: perm.CaseRead, Handler: h.transferCaseForm},
		{Method: "POST", Pattern: "/cases/{id}/transfer", Perm: perm.CaseEdit, Handler: h.transferCase},
		{Method: "GET", Pattern: "/cases/{id}/edit", Perm: perm.CaseRead, Handler: h.editCaseStatsForm},
		{Method: "POST", Pattern: "/cases/{id}/edit", Perm: perm.CaseEdit, Handler: h.saveCaseStats},
		{Method: "GET", Pattern: "/substitutions", Perm: perm.CaseRead, Handler: h.listSubstitutions},
		{Method: "POST", Pattern: "/substitutions", Perm: perm.CaseEdit, Handler: h.addSubstitution},
		{Method: "GET", Pattern: "/substitutions/{id}/end", Perm: perm.CaseRead, Handler: h.confirmEndSubstitution},
		{Method: "POST", Pattern: "/substitutions/{id}/end", Perm: perm.CaseEdit, Handler: h.endSubstitution},
	}
}
