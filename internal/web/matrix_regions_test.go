package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// regionParticipants: everybody but admins takes part in regional
// networks (which ones the store decides); regionCoordinators: the
// ministry and region coordinators run them.
var (
	regionParticipants = func(status int) expect {
		return roles(status, map[perm.Role]int{perm.Admin: 403})
	}
	regionCoordinators = func(status int) expect {
		return roles(403, map[perm.Role]int{perm.Ministry: status, perm.RegionCoordinator: status})
	}
)

func init() {
	// {region} is no region: 404 for whoever may open the route.
	routes := map[string]expect{
		"GET /regions":                                   regionParticipants(200),
		"GET /regions/{region}":                          regionParticipants(404),
		"GET /regions/{region}/members":                  regionParticipants(404),
		"POST /regions/{region}/members":                 regionCoordinators(404),
		"POST /regions/{region}/members/{member}":        regionCoordinators(404),
		"GET /regions/{region}/members/{member}/remove":  regionCoordinators(404),
		"POST /regions/{region}/members/{member}/remove": regionCoordinators(404),
		"POST /regions/{region}/guests":                  regionCoordinators(404),
		"POST /regions/{region}/guests/{guest}/remove":   regionCoordinators(404),
	}
	for k, v := range routes {
		matrix[k] = v
	}
}

// regionParams fills the wildcards of the regional networks' routes:
// region as {region}, items that do not exist for the rest.
func regionParams(region string) map[string]string {
	return map[string]string{"{region}": region, "{member}": "no-such-member", "{guest}": "no-such-guest", "{item}": "no-such-item",
		"{task}": "no-such-task", "{folder}": "no-such-folder", "{version}": "1"}
}
