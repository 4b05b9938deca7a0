package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// volunteerCoordinators confirm volunteers; mediationRequesters ask for
// language mediators; everybody else gets 403.
var (
	volunteerCoordinators = func(status int) expect {
		return roles(403, map[perm.Role]int{perm.Ministry: status, perm.RegionCoordinator: status, perm.OfficeLead: status})
	}
	mediationRequesters = func(status int) expect {
		return roles(403, map[perm.Role]int{perm.RegionCoordinator: status, perm.OfficeLead: status, perm.Counselor: status})
	}
)

func init() {
	// {id} is a user's id, no volunteer or request: 404 for those allowed.
	for k, v := range map[string]expect{
		"GET /volunteers":                  volunteerCoordinators(200),
		"GET /volunteers/figures":          volunteerCoordinators(200),
		"GET /volunteers/{id}":             volunteerCoordinators(404),
		"POST /volunteers/{id}/confirm":    volunteerCoordinators(404),
		"POST /volunteers/{id}/documents":  volunteerCoordinators(404),
		"GET /volunteers/{id}/deactivate":  volunteerCoordinators(404),
		"POST /volunteers/{id}/deactivate": volunteerCoordinators(404),
		"GET /mediation":                   mediationRequesters(200),
		"GET /mediation/new":               mediationRequesters(200),
		"POST /mediation":                  mediationRequesters(422),
		"GET /mediation/calendar.ics":      mediationRequesters(200),
		"GET /mediation/{id}":              mediationRequesters(404),
		"POST /mediation/{id}/ask":         mediationRequesters(404),
		"POST /mediation/{id}/conflict":    mediationRequesters(404),
		"GET /mediation/{id}/cancel":       mediationRequesters(404),
		"POST /mediation/{id}/cancel":      mediationRequesters(404),
	} {
		matrix[k] = v
	}
}
