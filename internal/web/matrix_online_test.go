package web_test

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// onlineCounselors: counselors and office leads answer online enquiries.
var onlineCounselors = func(status int) expect {
	return roles(403, map[perm.Role]int{perm.Counselor: status, perm.OfficeLead: status})
}

func init() {
	// Client pages are for client sessions, which no matrix visitor has:
	// pages send to the client login (303), JSON answers 401. The open
	// JSON endpoints refuse the matrix's empty body (400). {id} is a
	// user's id, no conversation: 404 for those who may look.
	online := map[string]expect{
		"GET /online":                             onlineCounselors(200),
		"GET /online/keys":                        onlineCounselors(200),
		"GET /online/c/{id}":                      onlineCounselors(404),
		"POST /online/c/{id}/take":                onlineCounselors(404),
		"GET /online/c/{id}/close":                onlineCounselors(404),
		"POST /online/c/{id}/close":               onlineCounselors(404),
		"GET /online/settings":                    roles(403, map[perm.Role]int{perm.OfficeLead: 200}),
		"POST /online/settings":                   roles(403, map[perm.Role]int{perm.OfficeLead: 404}),
		"GET /online/api/key":                     onlineCounselors(404),
		"POST /online/api/key":                    onlineCounselors(400),
		"GET /online/api/c/{id}":                  onlineCounselors(404),
		"POST /online/api/c/{id}/messages":        onlineCounselors(400),
		"GET /online/api/c/{id}/events":           onlineCounselors(404),
		"GET /online/api/c/{id}/handover":         onlineCounselors(404),
		"GET /online/api/c/{id}/files/{seq}":      onlineCounselors(404),
		"GET /online/api/escrow-targets":          onlineCounselors(200),
		"POST /online/api/escrow":                 onlineCounselors(400),
		"GET /online/api/key/reset":               onlineCounselors(404),
		"POST /online/api/key/reset":              onlineCounselors(400),
		"POST /online/api/key/restore":            onlineCounselors(400),
		"POST /online/api/office-key":             roles(403, map[perm.Role]int{perm.OfficeLead: 400}),
		"GET /online/api/office-key/{office}":     roles(403, map[perm.Role]int{perm.OfficeLead: 404}),
		"GET /online/api/resets/{office}":         roles(403, map[perm.Role]int{perm.OfficeLead: 404}),
		"POST /online/api/resets/{office}/{user}": roles(403, map[perm.Role]int{perm.OfficeLead: 400}),
		"POST /online/api/c/{id}/handover":        onlineCounselors(400),
	}
	for _, p := range []string{"/nickname", "/signup", "/salt", "/login", "/recovery-salt", "/recovery-key", "/reset"} {
		online["POST /online-client/api"+p] = expect{anon: 400, staff: 400}
	}
	for _, p := range []string{"POST /online-client/api/route", "POST /online-client/api/conversations",
		"GET /online-client/api/c/{id}", "POST /online-client/api/c/{id}/messages", "GET /online-client/api/c/{id}/events",
		"GET /online-client/api/c/{id}/files/{seq}"} {
		online[p] = expect{anon: 401, staff: 401}
	}
	for _, l := range i18n.Public {
		for _, p := range []string{"/{$}", "/signup", "/login", "/recover"} {
			online["GET /"+l+"/online"+p] = expect{anon: 200, staff: 200}
		}
		for _, p := range []string{"GET /" + l + "/online/home", "GET /" + l + "/online/c/{id}", "GET /" + l + "/online/account",
			"POST /" + l + "/online/account/delete", "POST /" + l + "/online/logout", "POST /" + l + "/online/c/{id}/file-consent",
			"POST /" + l + "/online/account/email", "POST /" + l + "/online/account/email/delete"} {
			online[p] = expect{anon: 303, staff: 303}
		}
	}
	for k, v := range online {
		matrix[k] = v
	}
}
