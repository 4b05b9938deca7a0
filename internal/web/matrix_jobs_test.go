package web_test

func init() {
	// {id} is a UUID, not a job id: admins get 404, everybody else 403.
	matrix["GET /admin/jobs"] = adminOnly(200)
	matrix["POST /admin/jobs/{id}/retry"] = adminOnly(404)
}
