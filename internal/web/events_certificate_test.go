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
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/event"
)

var codeRe = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}`)

// TestAttendanceAndCertificate: the organiser checks a participant in on
// the attendance list; after the event the participant downloads a
// certificate (PDF) whose code the public page confirms; one who did not
// come gets none, and an invented code is not confirmed.
func TestAttendanceAndCertificate(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	acc := srv.CreateAccount(t, "region-cert@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	p := srv.Principal(t, acc)
	start := srv.Clock.Now().Add(3 * 24 * time.Hour).Truncate(time.Hour)
	id, err := srv.App.Events.Create(ctx, p, event.Input{Audience: "administration", Format: "in_person", Address: "Hannover", Lang: "de",
		Capacity: 5, RegistrationCloses: start.Add(-time.Hour), Texts: map[string]event.Text{"de": {Title: "Arbeiten mit Sprachmittlung"}},
		Dates: []event.Date{{Start: start, End: start.Add(3 * time.Hour)}}}, "hannover")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Events.Publish(ctx, p, id); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, who := range []string{"Amira Haddad", "Jonas Weber"} {
		tok, err := srv.App.Events.Register(ctx, id, event.RegistrationInput{Name: who, Email: strings.ReplaceAll(strings.ToLower(who), " ", ".") + "@example.org", Lang: "de", Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.App.Events.Confirm(ctx, tok); err != nil {
			t.Fatal(err)
		}
		tokens[who] = tok
	}
	org := srv.NewClient(t)
	org.Login(t, acc)
	_, page := org.Get(t, "/events/"+id+"/attendance")
	wantBody(t, "attendance list", page, "Amira Haddad", "Jonas Weber", "0 von 2 anwesend")
	m := regexp.MustCompile(`/events/`+id+`/attendance/([0-9a-f-]{36})`).FindAllStringSubmatch(page, -1)
	if len(m) != 2 {
		t.Fatalf("%d check-in forms", len(m))
	}
	if resp, _ := org.Post(t, m[0][0], url.Values{"attended": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("check-in: %d", resp.StatusCode)
	}
	_, page = org.Get(t, "/events/"+id+"/attendance")
	wantBody(t, "attendance list", page, "1 von 2 anwesend")

	resp, csv := org.Get(t, "/events/"+id+"/registrations?format=csv")
	if resp.StatusCode != http.StatusOK || !strings.Contains(csv, "Amira Haddad") || !strings.Contains(csv, "amira.haddad@example.org") ||
		strings.Count(csv, "Platz sicher") != 2 || strings.Count(csv, ",ja") != 1 {
		t.Errorf("export: %d\n%s", resp.StatusCode, csv)
	}
	c := srv.NewClient(t)
	if resp, _ := c.Get(t, "/de/events/r/"+tokens["Amira Haddad"]+"/certificate.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a certificate before the event is over: %d", resp.StatusCode)
	}
	srv.Clock.Advance(4 * 24 * time.Hour)
	resp, pdf := c.Get(t, "/de/events/r/"+tokens["Amira Haddad"]+"/certificate.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
		t.Fatalf("certificate: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	code := codeRe.FindString(resp.Header.Get("Content-Disposition"))
	if code == "" {
		t.Fatalf("no code in %q", resp.Header.Get("Content-Disposition"))
	}
	if resp, _ := c.Get(t, "/de/events/r/"+tokens["Jonas Weber"]+"/certificate.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a certificate for someone who did not come: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/de/events/r/"+tokens["Amira Haddad"]+"/feedback", url.Values{"rating": {"0"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("feedback without a rating: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/de/events/r/"+tokens["Amira Haddad"]+"/feedback", url.Values{"rating": {"5"}, "comment": {"Sehr praxisnah"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("feedback: %d", resp.StatusCode)
	}
	_, page = c.Get(t, "/de/events/r/"+tokens["Amira Haddad"])
	wantBody(t, "personal page after feedback", page, "Danke für Ihre Rückmeldung")
	later := srv.NewClient(t) // the organiser's session of four days ago has ended
	later.Login(t, acc)
	_, page = later.Get(t, "/events/"+id)
	wantBody(t, "organiser's page", page, "Rückmeldungen: 1 · im Mittel 5.0 von 5", "Sehr praxisnah")
	_, page = c.Get(t, "/de/events/certificate?code="+strings.ToLower(code))
	wantBody(t, "verification", page, "Echt: Amira Haddad", "Arbeiten mit Sprachmittlung")
	_, page = c.Get(t, "/de/events/certificate?code=AAAA-BBBB-CC")
	wantBody(t, "an invented code", page, "Diesen Prüfcode gibt es nicht")
}
