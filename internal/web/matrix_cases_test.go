package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// caseWorkers: only counselors and office leads work with client files;
// every other role gets 403, whatever its scope.
var caseWorkers = func(counselor, lead int) expect {
	return roles(403, map[perm.Role]int{perm.Counselor: counselor, perm.OfficeLead: lead})
}

func init() {
	// The matrix fills {id} with a user's id, which is no client file:
	// counselors and leads get 404 there, the same as for a file outside
	// their offices (the store's scope). POST /cases with an empty form is
	// refused by validation (422).
	cases := map[string]expect{
		"GET /cases":                                   caseWorkers(200, 200),
		"GET /cases/new":                               caseWorkers(200, 200),
		"POST /cases":                                  caseWorkers(422, 422),
		"GET /cases/{id}":                              caseWorkers(404, 404),
		"GET /cases/{id}/export":                       caseWorkers(404, 404),
		"POST /cases/{id}/consents":                    caseWorkers(404, 404),
		"POST /cases/{id}/contact-data":                caseWorkers(404, 404),
		"POST /cases/{id}/contacts":                    caseWorkers(404, 404),
		"POST /cases/{id}/close":                       caseWorkers(404, 404),
		"POST /cases/{id}/reopen":                      caseWorkers(404, 404),
		"GET /cases/{id}/erase":                        caseWorkers(404, 404),
		"POST /cases/{id}/erase":                       caseWorkers(404, 404),
		"GET /cases/{id}/consents/{consent}/withdraw":  caseWorkers(404, 404),
		"POST /cases/{id}/consents/{consent}/withdraw": caseWorkers(404, 404),
		"POST /cases/{id}/dates":                       caseWorkers(404, 404),
		"GET /cases/{id}/plan":                         caseWorkers(404, 404),
		"POST /cases/{id}/plan":                        caseWorkers(404, 404),
		"GET /cases/{id}/plan/print":                   caseWorkers(404, 404),
		"GET /cases/{id}/plan/history":                 caseWorkers(404, 404),
	}
	// Deadlines gathers files, referrals and regional tasks: every staff
	// member opens it (an admin's says there are none).
	cases["GET /deadlines"] = expect{anon: 303, staff: 200}
	for k, v := range cases {
		matrix[k] = v
	}
}
