package web_test

func init() {
	// {region} is no region and {id} a user's id, no meeting: 404 for
	// whoever may open the route (the store checks the row, so a
	// coordinator of another region gets 404 the same way).
	routes := map[string]expect{
		"GET /regions/{region}/meetings":           regionParticipants(404),
		"GET /regions/{region}/meetings/new":       regionCoordinators(404),
		"POST /regions/{region}/meetings":          regionCoordinators(404),
		"GET /meetings/{id}":                       regionParticipants(404),
		"GET /meetings/{id}/meeting.ics":           regionParticipants(404),
		"POST /meetings/{id}/rsvp":                 regionParticipants(404),
		"GET /meetings/{id}/edit":                  regionCoordinators(404),
		"POST /meetings/{id}":                      regionCoordinators(404),
		"POST /meetings/{id}/agenda":               regionCoordinators(404),
		"POST /meetings/{id}/agenda/{item}":        regionCoordinators(404),
		"POST /meetings/{id}/agenda/{item}/delete": regionCoordinators(404),
		"POST /meetings/{id}/agenda/{item}/move":   regionCoordinators(404),
		"POST /meetings/{id}/invite":               regionCoordinators(404),
		"POST /meetings/{id}/attendance":           regionCoordinators(404),
		"GET /meetings/{id}/cancel":                regionCoordinators(404),
		"POST /meetings/{id}/cancel":               regionCoordinators(404),
	}
	for k, v := range routes {
		matrix[k] = v
	}
}
