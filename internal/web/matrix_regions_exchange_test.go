package web_test

func init() {
	// {region} is no region, {id} a user's id, {folder} no folder: 404
	// for whoever may open the route. Announcements stand outside a
	// space: their list is everybody's who takes part, writing them the
	// coordinators' (an empty form: 422).
	routes := map[string]expect{
		"GET /announcements":                             regionParticipants(200),
		"GET /announcements/new":                         regionCoordinators(200),
		"POST /announcements":                            regionCoordinators(422),
		"GET /announcements/{id}":                        regionParticipants(404),
		"GET /regions/{region}/documents":                regionParticipants(404),
		"POST /regions/{region}/documents":               regionParticipants(404),
		"POST /regions/{region}/folders":                 regionCoordinators(404),
		"POST /regions/{region}/folders/{folder}":        regionCoordinators(404),
		"POST /regions/{region}/folders/{folder}/delete": regionCoordinators(404),
		"GET /documents/{id}":                            regionParticipants(404),
		"POST /documents/{id}/versions":                  regionParticipants(404),
		"GET /documents/{id}/versions/{version}":         regionParticipants(404),
		"GET /documents/{id}/delete":                     regionParticipants(404),
		"POST /documents/{id}/delete":                    regionParticipants(404),
		"GET /regions/{region}/threads":                  regionParticipants(404),
		"GET /regions/{region}/threads/new":              regionParticipants(404),
		"POST /regions/{region}/threads":                 regionParticipants(404),
		"GET /threads/{id}":                              regionParticipants(404),
		"POST /threads/{id}/posts":                       regionParticipants(404),
		"POST /threads/{id}/subscription":                regionParticipants(404),
	}
	for k, v := range routes {
		matrix[k] = v
	}
}
