package web_test

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// msoSupporters: the ministry, region coordinators, office leads and
// counselors work with MSOs; admins and partners get 403.
var msoSupporters = func(status int) expect {
	return roles(status, map[perm.Role]int{perm.Admin: 403, perm.Partner: 403})
}

func init() {
	// {id} is a user's id, no MSO or request: 404 for those who may.
	for k, v := range map[string]expect{
		"GET /mso":                   msoSupporters(200),
		"GET /mso/{id}":              msoSupporters(404),
		"GET /mso/{id}/edit":         msoSupporters(404),
		"POST /mso/{id}":             msoSupporters(404),
		"GET /mso/{id}/consent":      msoSupporters(404),
		"POST /mso/{id}/consent":     msoSupporters(404),
		"GET /mso/{id}/requests/new": msoSupporters(404),
		"POST /mso/{id}/requests":    msoSupporters(404),
		"GET /mso-requests/{id}":     msoSupporters(404),
		"POST /mso-requests/{id}":    msoSupporters(404),
	} {
		matrix[k] = v
	}
	// The public directory answers everybody alike.
	for _, l := range i18n.Public {
		matrix["GET /"+l+"/mso"] = expect{anon: 200, staff: 200}
		matrix["GET /"+l+"/mso/{id}"] = expect{anon: 404, staff: 404}
	}
}
