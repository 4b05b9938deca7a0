package web_test

func init() {
	// PDF downloads follow the file's scope: the matrix's {id} is no
	// client file, so counselors and leads get 404, every other role 403.
	for k, v := range map[string]expect{
		"GET /cases/{id}/plan/pdf":   caseWorkers(404, 404),
		"GET /cases/{id}/export/pdf": caseWorkers(404, 404),
	} {
		matrix[k] = v
	}
}
