package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

// volunteerKeyRe finds a message id of the volunteer catalog shown
// instead of its text.
var volunteerKeyRe = regexp.MustCompile(`\bvolunteer\.[a-z_]+\b`)

// wantVolunteerPage checks a public volunteer page: its language and
// direction, no raw codes or message ids, German (office names) marked.
func wantVolunteerPage(t *testing.T, path, lang, body string) {
	t.Helper()
	wantPublicPage(t, path, lang, body, true)
	for _, run := range visibleText(body) {
		if k := volunteerKeyRe.FindString(run.Text); k != "" {
			t.Errorf("%s: message id %q on the page", path, k)
		}
	}
	if codes := rawCodes(body, nil); len(codes) > 0 {
		t.Errorf("%s: raw codes %v", path, codes)
	}
	if german := unmarkedGermanText(body, lang); len(german) > 0 {
		t.Errorf("%s: German text not marked lang=\"de\": %q", path, german)
	}
}

// wantPersonalHeaders checks that a page reached by a personal link
// keeps its address to itself and out of caches.
func wantPersonalHeaders(t *testing.T, path string, resp *http.Response) {
	t.Helper()
	if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q, want no-referrer", path, got)
	}
	if got := resp.Header.Get("Cache-Control"); !strings.Contains(got, "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", path, got)
	}
}

// volunteerForm is a complete sign-up in Ukrainian: Ukrainian and German,
// every part of every day, Hannover.
func volunteerForm(name, email string) url.Values {
	f := url.Values{"name": {name}, "email": {email}, "phone": {"0511 123456"}, "gender": {"female"}, "postcode": {"30159"},
		"max_km": {"25"}, "remote": {"yes"}, "activities": {"mediation", "accompany"}, "consent": {"yes"},
		"lang_1": {"uk"}, "level_1": {"5"}, "dialects_1": {"Суржик"}, "lang_2": {"de"}, "level_2": {"3"}}
	for d := range 7 {
		for _, part := range []string{"morning", "afternoon", "evening"} {
			f.Add("slots", string(rune('0'+d))+"-"+part)
		}
	}
	return f
}

var volunteerConfirmRe = regexp.MustCompile(`/uk/volunteer/confirm/([A-Za-z0-9_-]+)`)

// volunteerSignUp signs up in Ukrainian and confirms the address from the
// mail's link; it returns the personal token.
func volunteerSignUp(t *testing.T, c *apptest.Client, smtp *mailtest.Server, name, email string) string {
	t.Helper()
	resp, body := c.Post(t, "/uk/volunteer", volunteerForm(name, email))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/thanks" {
		t.Fatalf("sign-up %s: %d → %q\n%s", email, resp.StatusCode, resp.Header.Get("Location"), excerptOf(body))
	}
	m := waitMailTo(t, smtp, email)
	match := volunteerConfirmRe.FindStringSubmatch(m.Text)
	if match == nil || !strings.Contains(m.Subject, "підтвердьте") {
		t.Fatalf("confirmation mail to %s: %q\n%s", email, m.Subject, m.Text)
	}
	resp, _ = c.Post(t, "/uk/volunteer/confirm/"+match[1], url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/me/"+match[1] {
		t.Fatalf("confirm %s: %d → %q", email, resp.StatusCode, resp.Header.Get("Location"))
	}
	return match[1]
}

// TestVolunteerPublicPagesInEveryLanguage: the sign-up page in each public
// language, right to left for Arabic and Farsi, with the form's parts.
func TestVolunteerPublicPagesInEveryLanguage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	for _, lang := range i18n.Public {
		path := "/" + lang + "/volunteer"
		page := publicGet(t, c, path, http.StatusOK)
		wantVolunteerPage(t, path, lang, page)
		for _, want := range []string{`name="consent"`, `name="website"`, `id="lang_3"`, `id="slot-sun-evening"`, `value="0-evening"`,
			`id="activity-homework"`, `name="max_km"`, `href="/` + lang + `/volunteer"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		wantVolunteerPage(t, path+"/thanks", lang, publicGet(t, c, path+"/thanks", http.StatusOK))
	}
}

// TestVolunteerPublicSignUp walks a Ukrainian sign-up through the real
// router: bad and garbage input refused (422, translated, the input
// kept), the honeypot stores nothing, the address is taken once,
// confirmed from the mail's link by a button, and the personal page says
// the coordinator's conversation is still to come.
func TestVolunteerPublicSignUp(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	c := srv.NewClient(t)
	set := func(k string, v ...string) func(url.Values) { return func(f url.Values) { f[k] = v } }
	cases := []struct {
		name  string
		edit  func(url.Values)
		field string
	}{
		{"no name", set("name", " "), "name"},
		{"bad address", set("email", "olena@"), "email"},
		{"long phone", set("phone", strings.Repeat("1", 41)), "phone"},
		{"unknown gender", set("gender", "robot"), "gender"},
		{"postcode in Berlin", set("postcode", "10115"), "postcode"},
		{"postcode garbage", set("postcode", "abc'; DROP"), "postcode"},
		{"distance not a number", set("max_km", "weit"), "max_km"},
		{"distance huge", set("max_km", "99999999999999999999999999"), "max_km"},
		{"distance negative", set("max_km", "-3"), "max_km"},
		{"no activity", set("activities"), "activities"},
		{"unknown activity", set("activities", "driving"), "activities"},
		{"no language", func(f url.Values) { f.Del("lang_1"); f.Del("lang_2") }, "languages"},
		{"language not offered", set("lang_1", "xx"), "languages"},
		{"level garbage", set("level_1", "abc"), "languages"},
		{"level huge", set("level_1", "99999999999999999999"), "languages"},
		{"level missing", set("level_2", ""), "languages"},
		{"language twice", set("lang_2", "uk"), "languages"},
		{"no time", set("slots"), "slots"},
		{"time garbage", set("slots", "9-night"), "slots"},
		{"no consent", set("consent"), "consent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := volunteerForm("Олена Коваль", "olena@example.org")
			tc.edit(f)
			page := eventsPost(t, c, "/uk/volunteer", f, http.StatusUnprocessableEntity)
			if !strings.Contains(page, `id="`+tc.field+`-error"`) || !strings.Contains(page, `href="#`+tc.field+`"`) {
				t.Errorf("no error on %s\n%s", tc.field, excerptOf(page))
			}
			if !strings.Contains(page, "Будь ласка, перевірте ваші дані") || !strings.Contains(page, `value="Олена Коваль"`) && tc.field != "name" {
				t.Errorf("the summary is not Ukrainian or the input was lost\n%s", excerptOf(page))
			}
			wantVolunteerPage(t, tc.name, "uk", page)
		})
	}
	if page := eventsPost(t, c, "/uk/volunteer", volunteerForm("Олена", "olena@"), http.StatusUnprocessableEntity); !strings.Contains(page, "правильну адресу") {
		t.Error("the e-mail problem is not in Ukrainian")
	}

	bot := volunteerForm("Bot", "olena@example.org")
	bot.Set("website", "http://spam.example")
	eventsPost(t, c, "/uk/volunteer", bot, http.StatusSeeOther)
	token := volunteerSignUp(t, c, smtp, "Олена Коваль", "olena@example.org") // the honeypot stored nothing
	page := eventsPost(t, c, "/uk/volunteer", volunteerForm("Олена", "OLENA@example.org"), http.StatusUnprocessableEntity)
	if !strings.Contains(page, `id="email-error"`) || !strings.Contains(page, "вже хтось зареєструвався") {
		t.Errorf("the same address again: no message on the e-mail field\n%s", excerptOf(page))
	}

	resp, page := c.Get(t, "/uk/volunteer/confirm/"+token)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/me/"+token {
		t.Errorf("a confirmed link's button page: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	eventsPost(t, c, "/uk/volunteer/confirm/"+token, url.Values{}, http.StatusSeeOther) // a second press
	eventsPost(t, c, "/uk/volunteer/confirm/no-such-token", url.Values{}, http.StatusNotFound)
	publicGet(t, c, "/uk/volunteer/me/no-such-token", http.StatusNotFound)

	resp, page = c.Get(t, "/uk/volunteer/me/"+token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("personal page: %d", resp.StatusCode)
	}
	wantPersonalHeaders(t, "personal", resp)
	wantVolunteerPage(t, "personal", "uk", page)
	for _, want := range []string{"Олена Коваль", "ми скоро запросимо вас на розмову", "українська – 5 – рідна мова (Суржик)",
		"Понеділок: 08:00–12:00, 12:00–17:00, 17:00–20:00", "до 25 км"} {
		if !strings.Contains(page, want) {
			t.Errorf("the personal page lacks %q\n%s", want, excerptOf(page))
		}
	}
	if strings.Contains(page, "olena@example.org") || strings.Contains(page, "/accept") {
		t.Error("the waiting volunteer's page shows the address or an ask")
	}
}

// TestVolunteerPublicConfirmPage: the first mail's link shows a button
// and opening it changes nothing (mail scanners open links).
func TestVolunteerPublicConfirmPage(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	c := srv.NewClient(t)
	f := volunteerForm("Ivan", "ivan@example.org")
	f.Add("slots", "1-morning") // a cell posted twice is one time
	eventsPost(t, c, "/uk/volunteer", f, http.StatusSeeOther)
	token := volunteerConfirmRe.FindStringSubmatch(waitMailTo(t, smtp, "ivan@example.org").Text)[1]
	resp, page := c.Get(t, "/uk/volunteer/confirm/"+token)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `action="/uk/volunteer/confirm/`+token+`"`) {
		t.Fatalf("confirmation page: %d\n%s", resp.StatusCode, excerptOf(page))
	}
	wantPersonalHeaders(t, "confirm", resp)
	wantVolunteerPage(t, "confirm", "uk", page)
	publicGet(t, c, "/uk/volunteer/me/"+token, http.StatusNotFound)
}
