package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// referralParties: counselors, office leads and partners take part in
// referrals; every other role gets 403.
var referralParties = func(status int) expect {
	return roles(403, map[perm.Role]int{perm.Counselor: status, perm.OfficeLead: status, perm.Partner: status})
}

func init() {
	// The matrix fills {id} with a user's id, which is neither a client
	// file nor a referral: those who may take part get 404, the same as
	// for a referral outside their reach. Refused answers (a decline
	// without a reason) show the referral again, so they are 404 too.
	referrals := map[string]expect{
		"GET /cases/{id}/refer":         caseWorkers(404, 404),
		"POST /cases/{id}/refer":        caseWorkers(404, 404),
		"GET /referrals":                referralParties(200),
		"GET /referrals/{id}":           referralParties(404),
		"POST /referrals/{id}/accept":   referralParties(404),
		"POST /referrals/{id}/decline":  referralParties(404),
		"POST /referrals/{id}/complete": referralParties(404),
		"GET /referrals/{id}/withdraw":  referralParties(404),
		"POST /referrals/{id}/withdraw": referralParties(404),
		"GET /referrals/{id}/letter":    referralParties(404),
		"POST /referrals/{id}/send":     caseWorkers(404, 404),
		"POST /referrals/{id}/discard":  caseWorkers(404, 404),
	}
	for k, v := range referrals {
		matrix[k] = v
	}
}
