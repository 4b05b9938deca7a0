package web_test

func init() {
	// The staff search answers every signed-in role; what each finds is
	// decided per kind of result (search_test.go).
	matrix["GET /search"] = roles(200, nil)
}
