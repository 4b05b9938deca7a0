package web

// caseTeamRoutes are the routes for transfer, substitution and statistics edits (cases_team.go).
func (h *Handler) caseTeamRoutes() []Route {
	return []Route{}
}
