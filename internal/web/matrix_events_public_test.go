package web_test

import "github.com/kmn-niedersachsen/kmn/internal/i18n"

func init() {
	// The public event pages answer everybody alike. {id} is a user's id,
	// no event, and {token} no registration's: 404 (the event or link is
	// looked up before anything else, also before a form's input).
	for _, l := range i18n.Public {
		p := "/" + l + "/events"
		matrix["GET "+p] = expect{anon: 200, staff: 200}
		matrix["GET "+p+"/feed.ics"] = expect{anon: 200, staff: 200}
		matrix["GET "+p+"/certificate"] = expect{anon: 200, staff: 200}
		matrix["GET "+p+"/r/{token}/certificate.pdf"] = expect{anon: 404, staff: 404}
		for _, k := range []string{"GET " + p + "/{id}", "GET " + p + "/{id}/{action}", "POST " + p + "/{id}/{action}",
			"GET " + p + "/confirm/{token}", "POST " + p + "/confirm/{token}", "GET " + p + "/r/{token}",
			"POST " + p + "/r/{token}/accept", "POST " + p + "/r/{token}/cancel", "POST " + p + "/r/{token}/feedback"} {
			matrix[k] = expect{anon: 404, staff: 404}
		}
	}
}
