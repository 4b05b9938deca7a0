package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

// eventsOnlineLink is the sample event's link to take part online: only
// confirmed registrants may see it.
const eventsOnlineLink = "https://meet.example.org/kmn-fortbildung-4711"

// eventsCreate stores a hybrid training for school staff in two weeks with
// places places, German only, and publishes it unless draft.
func eventsCreate(t *testing.T, srv *apptest.Server, p auth.Principal, title string, places int, draft bool) string {
	t.Helper()
	ctx := context.Background()
	start := srv.Clock.Now().Add(14 * 24 * time.Hour).Truncate(time.Hour)
	id, err := srv.App.Events.Create(ctx, p, event.Input{Audience: "school", Format: "hybrid", Address: "Hannover, Rathaus",
		OnlineLink: eventsOnlineLink, Lang: "de", Capacity: places, RegistrationCloses: start.Add(-24 * time.Hour),
		Cost: "kostenfrei", Texts: map[string]event.Text{"de": {Title: title, Description: "Ein Tag zum Austausch.\n\nMit Pause."}},
		Dates: []event.Date{{Start: start, End: start.Add(3 * time.Hour)}}}, "hannover")
	if err != nil {
		t.Fatal(err)
	}
	if !draft {
		if err := srv.App.Events.Publish(ctx, p, id); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// eventsKeyRe finds a message id of the event catalogs shown instead of
// its text.
var eventsKeyRe = regexp.MustCompile(`\bevents?\.[a-z_]+\b`)

// wantEventsPage checks a public event page: its language, no raw codes
// or message ids, German text marked as such on other languages' pages.
func wantEventsPage(t *testing.T, path, lang, body string) {
	t.Helper()
	wantPublicPage(t, path, lang, body, true)
	for _, run := range visibleText(body) {
		if k := eventsKeyRe.FindString(run.Text); k != "" {
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

var eventsLinkRe = regexp.MustCompile(`/de/events/confirm/([A-Za-z0-9_-]+)`)

// eventsConfirmLink waits for the confirmation mail to addr and returns
// its token.
func eventsConfirmLink(t *testing.T, smtp *mailtest.Server, addr string) string {
	t.Helper()
	m := waitMailTo(t, smtp, addr)
	match := eventsLinkRe.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no confirmation link in the mail to %s: %q", addr, m.Text)
	}
	if !strings.Contains(m.Subject, "Anmeldung") || !strings.Contains(m.Text, "Fortbildung Vielfalt") {
		t.Errorf("confirmation mail %q: %q", m.Subject, m.Text)
	}
	return match[1]
}

// eventsRegister registers name with addr for the event: 303 to the
// "check your mail" page.
func eventsRegister(t *testing.T, c *apptest.Client, id, name, addr string) {
	t.Helper()
	resp, body := c.Post(t, "/de/events/"+id+"/register", url.Values{"name": {name}, "email": {addr}, "consent": {"yes"},
		"organisation": {"Grundschule Linden"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/de/events/"+id+"/registered" {
		t.Fatalf("register %s: %d → %q\n%s", addr, resp.StatusCode, resp.Header.Get("Location"), excerptOf(body))
	}
}

// eventsPost posts form to path and wants status.
func eventsPost(t *testing.T, c *apptest.Client, path string, form url.Values, want int) string {
	t.Helper()
	resp, body := c.Post(t, path, form)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d\n%s", path, resp.StatusCode, want, excerptOf(body))
	}
	return body
}

// TestEventsPublicCalendarAndPage: the calendar lists a published event
// (in German and Arabic, the German title marked), its filters narrow it,
// the event page offers the form but never the online link, and a draft
// is not public.
func TestEventsPublicCalendarAndPage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	p := srv.Principal(t, srv.CreateAccount(t, "region-evp@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	id := eventsCreate(t, srv, p, "Fortbildung Vielfalt", 3, false)
	draft := eventsCreate(t, srv, p, "Entwurf Geheim", 3, true)
	c := srv.NewClient(t)

	de := publicGet(t, c, "/de/events", http.StatusOK)
	wantEventsPage(t, "/de/events", "de", de)
	if !strings.Contains(de, `href="/de/events/`+id+`"`) || !strings.Contains(de, "Fortbildung Vielfalt") || !strings.Contains(de, "Freie Plätze: 3") {
		t.Errorf("the calendar lacks the event or its places:\n%s", excerptOf(de))
	}
	if strings.Contains(de, "Entwurf Geheim") {
		t.Error("the calendar shows a draft")
	}
	ar := publicGet(t, c, "/ar/events", http.StatusOK)
	wantEventsPage(t, "/ar/events", "ar", ar)
	if !strings.Contains(ar, `<bdi lang="de">Fortbildung Vielfalt</bdi>`) || !strings.Contains(ar, "حضوريًا أو عبر الإنترنت") {
		t.Errorf("the Arabic calendar does not mark the German title or name the format:\n%s", excerptOf(ar))
	}
	if page := publicGet(t, c, "/de/events?audience=administration", http.StatusOK); strings.Contains(page, "Fortbildung Vielfalt") ||
		!strings.Contains(page, "keine Veranstaltungen") {
		t.Error("the audience filter does not narrow the calendar")
	}
	if page := publicGet(t, c, "/de/events?online=1&audience=school", http.StatusOK); !strings.Contains(page, "Fortbildung Vielfalt") {
		t.Error("the online filter drops a hybrid event")
	}
	publicGet(t, c, "/de/events?audience=nonsense", http.StatusOK)

	for _, lang := range []string{"de", "ar", "fa"} {
		path := "/" + lang + "/events/" + id
		page := publicGet(t, c, path, http.StatusOK)
		wantEventsPage(t, path, lang, page)
		if !strings.Contains(page, `name="consent"`) || !strings.Contains(page, "Hannover, Rathaus") || !strings.Contains(page, `name="website"`) {
			t.Errorf("%s: no registration form with consent and honeypot, or no address", path)
		}
		if strings.Contains(page, eventsOnlineLink) {
			t.Errorf("%s shows the online link", path)
		}
	}
	publicGet(t, c, "/de/events/"+draft, http.StatusNotFound)
	publicGet(t, c, "/de/events/"+draft+"/registered", http.StatusNotFound)
	eventsPost(t, c, "/de/events/"+draft+"/register", url.Values{"name": {"A"}, "email": {"a@example.org"}, "consent": {"yes"}}, http.StatusNotFound)
	publicGet(t, c, "/de/events/"+id+"/nonsense", http.StatusNotFound)
}

// TestEventsPublicRegistration walks a registration through the real
// router: refused without consent, taken, refused for the same address,
// confirmed from the mail's link by a button; with one place the second
// person waits, is offered the place when the first cancels, and takes it.
func TestEventsPublicRegistration(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	p := srv.Principal(t, srv.CreateAccount(t, "region-evr@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	id := eventsCreate(t, srv, p, "Fortbildung Vielfalt", 1, false)
	c := srv.NewClient(t)
	register := "/de/events/" + id + "/register"

	page := eventsPost(t, c, register, url.Values{"name": {"Anna Beispiel"}, "email": {"anna@example.org"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, `id="consent-error"`) || !strings.Contains(page, `value="Anna Beispiel"`) || !strings.Contains(page, `href="#consent"`) {
		t.Errorf("no consent: the form does not say so or lost the input\n%s", excerptOf(page))
	}
	eventsPost(t, c, register, url.Values{"name": {"Bot"}, "email": {"bot@example.org"}, "consent": {"yes"}, "website": {"http://spam.example"}}, http.StatusSeeOther)
	eventsRegister(t, c, id, "Anna Beispiel", "anna@example.org")
	wantEventsPage(t, "registered", "de", publicGet(t, c, "/de/events/"+id+"/registered", http.StatusOK))
	page = eventsPost(t, c, register, url.Values{"name": {"Anna"}, "email": {"ANNA@example.org"}, "consent": {"yes"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, `id="email-error"`) || !strings.Contains(page, "schon jemand angemeldet") {
		t.Errorf("the same address again: no message on the e-mail field\n%s", excerptOf(page))
	}

	anna := eventsConfirmLink(t, smtp, "anna@example.org")
	page = publicGet(t, c, "/de/events/confirm/"+anna, http.StatusOK)
	wantEventsPage(t, "confirm", "de", page)
	if !strings.Contains(page, `action="/de/events/confirm/`+anna+`"`) {
		t.Error("the confirmation page has no button")
	}
	if reg, _, err := srv.App.Events.ByToken(context.Background(), anna); err != nil || reg.State != event.Unconfirmed {
		t.Errorf("opening the link changed the registration: %v %v", reg, err)
	}
	resp, _ := c.Post(t, "/de/events/confirm/"+anna, url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/de/events/r/"+anna {
		t.Fatalf("confirm: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	page = publicGet(t, c, "/de/events/r/"+anna, http.StatusOK)
	wantEventsPage(t, "personal", "de", page)
	if !strings.Contains(page, "Ihr Platz ist reserviert") || !strings.Contains(page, eventsOnlineLink) {
		t.Errorf("the confirmed person's page lacks the state or the online link\n%s", excerptOf(page))
	}
	publicGet(t, c, "/de/events/r/no-such-token", http.StatusNotFound)
	publicGet(t, c, "/de/events/confirm/no-such-token", http.StatusNotFound)

	eventsRegister(t, c, id, "Bert Beispiel", "bert@example.org")
	bert := eventsConfirmLink(t, smtp, "bert@example.org")
	eventsPost(t, c, "/de/events/confirm/"+bert, url.Values{}, http.StatusSeeOther)
	page = publicGet(t, c, "/de/events/r/"+bert, http.StatusOK)
	if !strings.Contains(page, "Warteliste") || strings.Contains(page, eventsOnlineLink) {
		t.Errorf("the second person is not on the waitlist, or sees the online link\n%s", excerptOf(page))
	}

	page = eventsPost(t, c, "/de/events/r/"+anna+"/cancel", url.Values{}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, `id="confirm-error"`) {
		t.Error("cancelling without the tick: no message")
	}
	eventsPost(t, c, "/de/events/r/"+anna+"/cancel", url.Values{"confirm": {"yes"}}, http.StatusSeeOther)
	if page = publicGet(t, c, "/de/events/r/"+anna, http.StatusOK); !strings.Contains(page, "abgesagt") || strings.Contains(page, eventsOnlineLink) {
		t.Error("the cancelled registration's page does not say so, or still shows the link")
	}
	page = publicGet(t, c, "/de/events/r/"+bert, http.StatusOK)
	wantEventsPage(t, "offer", "de", page)
	if !strings.Contains(page, "Ein Platz ist für Sie frei") || !strings.Contains(page, `action="/de/events/r/`+bert+`/accept"`) {
		t.Fatalf("the waiting person is not offered the place\n%s", excerptOf(page))
	}
	eventsPost(t, c, "/de/events/r/"+bert+"/accept", url.Values{}, http.StatusSeeOther)
	if page = publicGet(t, c, "/de/events/r/"+bert, http.StatusOK); !strings.Contains(page, "Ihr Platz ist reserviert") || !strings.Contains(page, eventsOnlineLink) {
		t.Error("after accepting, the place is not the second person's")
	}
	eventsPost(t, c, "/de/events/r/"+bert+"/accept", url.Values{}, http.StatusSeeOther) // a second click
	if page = eventsPost(t, c, "/de/events/r/"+anna+"/accept", url.Values{}, http.StatusConflict); !strings.Contains(page, "abgelaufen") {
		t.Error("accepting without an offer: no message that it lapsed")
	}
}
