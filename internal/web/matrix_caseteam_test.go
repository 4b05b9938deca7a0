package web_test

func init() {
	// {id} is a user's id in the matrix: no client file and no
	// substitution, so counselors and leads get 404 (the store's scope).
	// POST /substitutions with an empty form names no office: 422.
	team := map[string]expect{
		"GET /cases/{id}/transfer":     caseWorkers(404, 404),
		"POST /cases/{id}/transfer":    caseWorkers(404, 404),
		"GET /cases/{id}/edit":         caseWorkers(404, 404),
		"POST /cases/{id}/edit":        caseWorkers(404, 404),
		"GET /substitutions":           caseWorkers(200, 200),
		"POST /substitutions":          caseWorkers(422, 422),
		"GET /substitutions/{id}/end":  caseWorkers(404, 404),
		"POST /substitutions/{id}/end": caseWorkers(404, 404),
	}
	for k, v := range team {
		matrix[k] = v
	}
}
