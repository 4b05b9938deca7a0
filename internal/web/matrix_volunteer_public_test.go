package web_test

import "github.com/kmn-niedersachsen/kmn/internal/i18n"

func init() {
	// The volunteers' public pages answer everybody alike. The sign-up
	// with nothing but the CSRF token is bad input (422); {token} is no
	// volunteer's: the confirmation page and its button are 404, as is
	// every personal page, its calendar and any step on an ask.
	for _, l := range i18n.Public {
		p := "/" + l + "/volunteer"
		matrix["GET "+p] = expect{anon: 200, staff: 200}
		matrix["POST "+p] = expect{anon: 422, staff: 422}
		matrix["GET "+p+"/thanks"] = expect{anon: 200, staff: 200}
		for _, k := range []string{"GET " + p + "/confirm/{token}", "POST " + p + "/confirm/{token}", "GET " + p + "/me/{token}",
			"GET " + p + "/me/{token}/calendar.ics", "POST " + p + "/me/{token}/asks/{id}/{action}",
			"GET " + p + "/me/{token}/offer", "POST " + p + "/me/{token}/offer"} {
			matrix[k] = expect{anon: 404, staff: 404}
		}
		// The account: the sign-in form (an empty address is 422), any
		// link's button page (its use is 404 for no link); the account's
		// own pages send everybody without a volunteer session – staff
		// included – to the sign-in form.
		matrix["GET "+p+"/sign-in"] = expect{anon: 200, staff: 200}
		matrix["POST "+p+"/sign-in"] = expect{anon: 422, staff: 422}
		matrix["GET "+p+"/sign-in/{token}"] = expect{anon: 200, staff: 200}
		matrix["POST "+p+"/sign-in/{token}"] = expect{anon: 404, staff: 404}
		for _, k := range []string{"GET " + p + "/account", "GET " + p + "/account/calendar.ics",
			"POST " + p + "/account/asks/{id}/{action}", "POST " + p + "/sign-out",
			"GET " + p + "/account/offer", "POST " + p + "/account/offer"} {
			matrix[k] = expect{anon: 303, staff: 303}
		}
	}
}
