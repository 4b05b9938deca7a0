package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

var memberRowRe = regexp.MustCompile(`action="/regions/hannover/members/([0-9a-f-]+)"`)

// TestRegionMembers: a coordinator adds an organisation to the network
// (its staff then see the network), names who represents it, refuses a
// stranger as deputy, invites a guest, and removes the organisation after
// a confirmation; members read the page but change nothing; a member of
// another region gets 404.
func TestRegionMembers(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	coord := srv.CreateAccount(t, "koordination-m@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	member := srv.CreateAccount(t, "mitglied-m@example.org", perm.Partner, perm.Organisation, "rv-members-org")
	stranger := srv.CreateAccount(t, "fremd-m@example.org", perm.Partner, perm.Organisation, "rv-members-other")
	other := srv.CreateAccount(t, "koordination-bs-m@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	c := srv.NewClient(t)
	c.Login(t, coord)
	m := srv.NewClient(t)
	m.Login(t, member)
	if resp, _ := m.Get(t, "/regions/hannover"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before joining: %d, want 404", resp.StatusCode)
	}
	if resp, body := c.Post(t, "/regions/hannover/members", url.Values{"organisation": {member.ScopeID}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add member: %d %s", resp.StatusCode, apptest.Text(body))
	}
	if resp, body := c.Post(t, "/regions/hannover/members", url.Values{"organisation": {member.ScopeID}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "schon Mitglied") {
		t.Errorf("add twice: %d", resp.StatusCode)
	}
	_, page := c.Get(t, "/regions/hannover/members")
	rows := memberRowRe.FindStringSubmatch(page)
	if rows == nil {
		t.Fatal("the members page has no form for the new member")
	}
	path := "/regions/hannover/members/" + rows[1]
	if resp, body := c.Post(t, path, url.Values{"representative": {member.ID}, "deputy": {stranger.ID}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "arbeitet nicht für die Organisation") {
		t.Errorf("stranger as deputy: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path, url.Values{"representative": {member.ID}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("representative: %d", resp.StatusCode)
	}
	resp, body := m.Get(t, "/regions/hannover/members")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Test partner") || strings.Contains(body, "/remove\"") {
		t.Errorf("member's view: %d, names the representative and offers no removal: %s", resp.StatusCode, apptest.Text(body))
	}
	if resp, _ := m.Post(t, path, url.Values{"representative": {""}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("member changes the representative: %d, want 403", resp.StatusCode)
	}
	if resp, body := c.Post(t, "/regions/hannover/guests", url.Values{"email": {"niemand@example.org"}, "until": {"gestern"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="until-error"`) {
		t.Errorf("bad guest: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/regions/hannover/guests", url.Values{"email": {stranger.Email}, "note": {"Fachberatung Wohnen"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("guest: %d", resp.StatusCode)
	}
	s := srv.NewClient(t)
	s.Login(t, stranger)
	if resp, body := s.Get(t, "/regions"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/regions/hannover"`) {
		t.Errorf("the guest's list of networks: %d", resp.StatusCode)
	}
	o := srv.NewClient(t)
	o.Login(t, other)
	for _, p := range []string{"/regions/hannover", "/regions/hannover/members", path + "/remove"} {
		if resp, _ := o.Get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("other region's coordinator GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	if resp, body := c.Get(t, path+"/remove"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "aus dem Netzwerk genommen werden?") {
		t.Errorf("confirmation: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path+"/remove", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("remove: %d", resp.StatusCode)
	}
	if resp, _ := m.Get(t, "/regions/hannover"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after removal the former member gets %d, want 404", resp.StatusCode)
	}
}
