package web_test

func init() {
	// {id} is a user's id, no client file: counselors and leads get 404,
	// the same as for a file outside their offices; every other role 403.
	// {doc} names no document.
	documents := map[string]expect{
		"POST /cases/{id}/documents":              caseWorkers(404, 404),
		"GET /cases/{id}/documents/{doc}":         caseWorkers(404, 404),
		"GET /cases/{id}/documents/{doc}/delete":  caseWorkers(404, 404),
		"POST /cases/{id}/documents/{doc}/delete": caseWorkers(404, 404),
	}
	for k, v := range documents {
		matrix[k] = v
	}
}
