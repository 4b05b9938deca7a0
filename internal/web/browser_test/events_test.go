package browser_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

var (
	confirmLinkRe  = regexp.MustCompile(`https?://[^\s]+/de/events/confirm/[A-Za-z0-9_-]+`)
	personalLinkRe = regexp.MustCompile(`https?://[^\s]+/de/events/r/[A-Za-z0-9_-]+`)
)

// TestBrowserEventJourney: a region coordinator publishes a training for
// school staff with two places; three people register in the browser and
// confirm through the link in their mail (read from the SMTP server): the
// third waits; the first cancels through the personal link; the third gets
// the offer by mail and accepts; the organiser checks attendance; after the
// event the participant downloads the certificate and its code verifies.
// Axe on every page.
func TestBrowserEventJourney(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	acc := srv.CreateAccount(t, "region-journey@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	org := newTab(t, srv)
	org.login(t, acc.Email, acc.Password, acc.TOTPSecret)
	org.page(t, "/events/new", "new event")
	org.Fill(t, "#title_de", "Interkulturelle Kompetenz in der Schule")
	org.Select(t, "#audience", "school")
	org.setValue(t, "#capacity", "2")
	org.Fill(t, "#address", "Hannover, Rathaus")
	org.submitUnder(t, `form[action="/events"] button[type=submit]`, "/events/")
	org.check(t, "draft")
	eventPath := strings.TrimPrefix(org.URL(t), srv.URL)
	org.submit(t, `form[action$="/publish"] button`, http.StatusOK, eventPath)
	org.check(t, "published")
	id := strings.TrimPrefix(eventPath, "/events/")

	people := []string{"anna@schule.example", "ben@schule.example", "cem@schule.example"}
	personal := map[string]string{}
	for _, addr := range people {
		personal[addr] = registerInBrowser(t, srv, smtp, id, addr)
	}
	visitor := newTab(t, srv)
	visitor.page(t, personal["cem@schule.example"], "waiting (personal page)")
	visitor.waitText(t, "#registration-state", "Warteliste")

	// Anna cancels; Cem gets the offer by mail and accepts.
	visitor.page(t, personal["anna@schule.example"], "personal page")
	visitor.Click(t, "#confirm")
	visitor.submit(t, `form[action$="/cancel"] button`, http.StatusOK, personal["anna@schule.example"])
	visitor.check(t, "cancelled")
	offer := waitMail(t, smtp, "cem@schule.example", 3)
	link := personalLinkRe.FindString(offer.Text)
	if link == "" {
		t.Fatalf("no personal link in the offer mail: %q", offer.Text)
	}
	visitor.page(t, strings.TrimPrefix(link, srv.URL), "offer")
	visitor.submit(t, `form[action$="/accept"] button`, http.StatusOK, strings.TrimPrefix(link, srv.URL))
	visitor.waitText(t, "#registration-state", "Platz")
	visitor.check(t, "accepted")

	org.page(t, eventPath+"/attendance", "attendance list")
	org.submit(t, `li:first-child form[action*="/attendance/"] button`, http.StatusOK, eventPath+"/attendance")
	org.waitText(t, "main", "1 von 2 anwesend")
	org.check(t, "attendance checked")

	srv.Clock.Advance(30 * 24 * time.Hour)
	first := ""
	for _, addr := range []string{"ben@schule.example", "cem@schule.example"} {
		resp, pdf := srv.NewClient(t).Get(t, personal[addr]+"/certificate.pdf")
		if resp.StatusCode == http.StatusOK && strings.HasPrefix(pdf, "%PDF") {
			first = resp.Header.Get("Content-Disposition")
		}
	}
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}`).FindString(first)
	if code == "" {
		t.Fatalf("no certificate for the one checked in (%q)", first)
	}
	visitor.page(t, "/de/events/certificate", "verification")
	visitor.Fill(t, "#code", code)
	visitor.submit(t, `main form button`, http.StatusOK, "/de/events/certificate")
	visitor.waitText(t, "main", "Echt:")
	visitor.check(t, "certificate verified")
}

// registerInBrowser registers addr on the event page, confirms through
// the link in the mail and returns the personal page's path.
func registerInBrowser(t *testing.T, srv *apptest.Server, smtp *mailtest.Server, id, addr string) string {
	t.Helper()
	b := newTab(t, srv)
	b.page(t, "/de/events/"+id, "event page")
	b.Fill(t, "#name", "Person "+addr)
	b.Fill(t, "#email", addr)
	b.Click(t, "#consent")
	b.submit(t, `#register form button[type=submit]`, http.StatusOK, "/de/events/"+id+"/registered")
	b.check(t, "registered")
	m := waitMail(t, smtp, addr, 1)
	link := confirmLinkRe.FindString(m.Text)
	if link == "" {
		t.Fatalf("no confirmation link in %q", m.Text)
	}
	path := strings.TrimPrefix(link, srv.URL)
	b.page(t, path, "confirm")
	personal := strings.Replace(path, "/confirm/", "/r/", 1)
	b.submit(t, `main form button`, http.StatusOK, personal)
	b.check(t, "confirmed")
	return personal
}

// waitMail waits until addr has n mails and returns the newest.
func waitMail(t *testing.T, smtp *mailtest.Server, addr string, n int) mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var got []mailtest.Received
		for _, m := range smtp.Messages() {
			if len(m.To) == 1 && m.To[0] == addr {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got[len(got)-1]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("fewer than %d mails to %s", n, addr)
	return mailtest.Received{}
}
