package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

var volunteerSignInRe = regexp.MustCompile(`/uk/volunteer/sign-in/([A-Za-z0-9_-]+)`)

// waitSignInLink waits for the n-th sign-in mail to addr and returns its
// link's token.
func waitSignInLink(t *testing.T, smtp *mailtest.Server, addr string, n int) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var links []string
		for _, m := range mailsTo(smtp, addr) {
			if match := volunteerSignInRe.FindStringSubmatch(m.Text); match != nil {
				links = append(links, match[1])
			}
		}
		if len(links) >= n {
			return links[n-1]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no sign-in mail %d to %s", n, addr)
	return ""
}

// TestVolunteerAccount: a volunteer signs in with the link mailed to
// their address (the form answers the same for an unknown address), sees
// and answers their asks on /account like on the personal link's page,
// cannot use the link twice, and signs out; without a session /account
// sends to the sign-in form, and a staff session does not count.
func TestVolunteerAccount(t *testing.T) {
	m := newVolunteerMediation(t)
	m.request(t, m.olenaID)
	m.request(t, m.ivanID)
	c := m.srv.NewClient(t)
	if resp, _ := c.Get(t, "/uk/volunteer/account"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/sign-in" {
		t.Fatalf("account without a session: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := c.Post(t, "/uk/volunteer/sign-in", url.Values{"email": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty address: %d", resp.StatusCode)
	}
	for _, addr := range []string{"nobody@example.org", "olena@example.org"} {
		resp, _ := c.Post(t, "/uk/volunteer/sign-in", url.Values{"email": {addr}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/sign-in?sent=1" {
			t.Fatalf("sign-in form for %s: %d → %q", addr, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	link := waitSignInLink(t, m.smtp, "olena@example.org", 1)
	if resp, body := c.Get(t, "/uk/volunteer/sign-in/"+link); resp.StatusCode != 200 || !strings.Contains(body, `id="signin-link-submit"`) {
		t.Fatalf("link page: %d", resp.StatusCode)
	}
	resp, _ := c.Post(t, "/uk/volunteer/sign-in/"+link, url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/uk/volunteer/account" {
		t.Fatalf("sign in: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := m.srv.NewClient(t).Post(t, "/uk/volunteer/sign-in/"+link, url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("link used twice: %d", resp.StatusCode)
	}
	resp, body := c.Get(t, "/uk/volunteer/account")
	if resp.StatusCode != 200 || !strings.Contains(body, "Олена Коваль") || strings.Contains(body, "Іван") || !strings.Contains(body, `id="sign-out"`) {
		t.Fatalf("account page: %d", resp.StatusCode)
	}
	wantPersonalHeaders(t, "/uk/volunteer/account", resp)
	ask := m.askIDs(t, m.olena)[0]
	resp, _ = c.Post(t, "/uk/volunteer/account/asks/"+ask+"/accept", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/uk/volunteer/account?done=accepted") {
		t.Fatalf("accept on the account: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := c.Post(t, "/uk/volunteer/account/asks/"+m.askIDs(t, m.ivan)[0]+"/accept", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another volunteer's ask on the account: %d", resp.StatusCode)
	}
	if resp, body := c.Get(t, "/uk/volunteer/account/calendar.ics"); resp.StatusCode != 200 || !strings.Contains(body, "BEGIN:VEVENT") {
		t.Fatalf("account calendar: %d", resp.StatusCode)
	}
	// The volunteer changes what they offer (name and address stay).
	if resp, body := c.Get(t, "/uk/volunteer/account/offer"); resp.StatusCode != 200 || !strings.Contains(body, `id="offer-submit"`) ||
		!strings.Contains(body, `id="slot-mon-morning" name="slots" value="1-morning" checked`) {
		t.Fatalf("offer form: %d", resp.StatusCode)
	}
	offer := volunteerForm("Jemand anders", "other@example.org")
	offer.Del("activities")
	if resp, body := c.Post(t, "/uk/volunteer/account/offer", offer); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="activities-error"`) {
		t.Fatalf("offer without activities: %d", resp.StatusCode)
	}
	offer.Set("activities", "homework")
	if resp, _ := c.Post(t, "/uk/volunteer/account/offer", offer); resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != "/uk/volunteer/account?done=offer#notice" {
		t.Fatalf("offer: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := c.Get(t, "/uk/volunteer/account"); !strings.Contains(body, "Олена Коваль") || strings.Contains(body, "Jemand anders") {
		t.Fatal("the offer form changed the name")
	}
	if resp, _ := c.Post(t, "/uk/volunteer/sign-out", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/uk/volunteer/account"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("account after signing out: %d", resp.StatusCode)
	}
}
