package web_test

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// eventOrganisers: everybody but admins organises events for their scope.
var eventOrganisers = func(status int) expect {
	return roles(status, map[perm.Role]int{perm.Admin: 403})
}

func init() {
	// {id} is a user's id, no event: 404 for organisers.
	events := map[string]expect{
		"GET /events":                        eventOrganisers(200),
		"GET /events/new":                    eventOrganisers(200),
		"POST /events":                       eventOrganisers(422),
		"GET /events/{id}":                   eventOrganisers(404),
		"POST /events/{id}/publish":          eventOrganisers(404),
		"GET /events/{id}/cancel":            eventOrganisers(404),
		"POST /events/{id}/cancel":           eventOrganisers(404),
		"POST /events/{id}/capacity":         eventOrganisers(404),
		"GET /events/{id}/attendance":        eventOrganisers(404),
		"GET /events/{id}/registrations":     eventOrganisers(404),
		"POST /events/{id}/waitlist/{reg}":   eventOrganisers(404),
		"POST /events/{id}/requests/{reg}":   eventOrganisers(404),
		"GET /events/{id}/colleague":         roles(404, nil),
		"POST /events/{id}/colleague":        roles(404, nil),
		"POST /events/{id}/attendance/{reg}": eventOrganisers(404),
	}
	for k, v := range events {
		matrix[k] = v
	}
}
