package web_test

func init() {
	// {id} is a user's id, no meeting: 404 for whoever may open the route,
	// the same as a meeting of a region the reader does not take part in.
	// {version}, {item} and {task} name nothing; {region} is no region.
	routes := map[string]expect{
		"GET /meetings/{id}/minutes":                  regionParticipants(404),
		"POST /meetings/{id}/minutes":                 regionCoordinators(404),
		"GET /meetings/{id}/minutes/{version}":        regionParticipants(404),
		"POST /meetings/{id}/minutes/circulate":       regionCoordinators(404),
		"GET /meetings/{id}/minutes/approve":          regionCoordinators(404),
		"POST /meetings/{id}/minutes/approve":         regionCoordinators(404),
		"POST /meetings/{id}/minutes/correct":         regionCoordinators(404),
		"POST /meetings/{id}/decisions":               regionCoordinators(404),
		"POST /meetings/{id}/decisions/{item}/delete": regionCoordinators(404),
		"POST /meetings/{id}/tasks":                   regionCoordinators(404),
		"POST /meetings/{id}/tasks/{task}/delete":     regionCoordinators(404),
		"GET /regions/{region}/tasks":                 regionParticipants(404),
		"GET /regions/{region}/decisions":             regionParticipants(404),
		"POST /tasks/{task}/state":                    regionParticipants(404),
	}
	for k, v := range routes {
		matrix[k] = v
	}
}
