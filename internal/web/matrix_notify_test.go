package web_test

func init() {
	// {id} names no notification of the person asking: 404. {token} is
	// not a signed unsubscribe link: 404 whoever asks.
	for k, v := range map[string]expect{
		"GET /notifications":          roles(200, nil),
		"POST /notifications/read":    roles(303, nil),
		"GET /notifications/{id}":     roles(404, nil),
		"GET /account/notifications":  roles(200, nil),
		"POST /account/notifications": roles(303, nil),
		"GET /unsubscribe/{token}":    {anon: 404, staff: 404},
		"POST /unsubscribe/{token}":   {anon: 404, staff: 404},
	} {
		matrix[k] = v
	}
}
