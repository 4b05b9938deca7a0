package web_test

import "github.com/kmn-niedersachsen/kmn/internal/i18n"

func init() {
	// {id} names no feedback message: admins get 404, everybody else 403.
	// The public form posted without a message answers 422.
	feedback := map[string]expect{
		"GET /admin/feedback":               adminOnly(200),
		"GET /admin/feedback/{id}":          adminOnly(404),
		"POST /admin/feedback/{id}/handled": adminOnly(404),
		"GET /admin/feedback/{id}/delete":   adminOnly(404),
		"POST /admin/feedback/{id}/delete":  adminOnly(404),
		"GET /de/leichte-sprache":           {anon: 200, staff: 200},
	}
	for _, l := range i18n.Public {
		feedback["GET /"+l+"/accessibility"] = expect{anon: 200, staff: 200}
		feedback["POST /"+l+"/accessibility/feedback"] = expect{anon: 422, staff: 422}
		feedback["GET /"+l+"/accessibility/thanks"] = expect{anon: 200, staff: 200}
	}
	for k, v := range feedback {
		matrix[k] = v
	}
}
