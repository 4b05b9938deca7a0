package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// The regional search is open to everybody taking part in a network
// (which items it finds the store decides); the statewide view and its
// export are the ministry's.
func init() {
	ministryOnly := roles(403, map[perm.Role]int{perm.Ministry: 200})
	routes := map[string]expect{
		"GET /regions/search":            regionParticipants(200),
		"GET /regions/overview":          ministryOnly,
		"GET /regions/overview/activity": ministryOnly,
	}
	for k, v := range routes {
		matrix[k] = v
	}
}
