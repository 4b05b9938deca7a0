package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// TestMembershipGivesScopedRole: a counselor of one office who also leads
// another office (a membership) may edit that office only, and appears in
// its staff list; removing the membership takes the right away again.
func TestMembershipGivesScopedRole(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	person := srv.CreateAccount(t, "zwei-stellen@example.org", perm.Counselor, perm.Office, "elsewhere")
	admin := srv.CreateAccount(t, "admin@example.org", perm.Admin, perm.Statewide, "")
	a := srv.NewClient(t)
	a.Login(t, admin)
	c := srv.NewClient(t)
	c.Login(t, person)
	edit := "/network/offices/" + fx.officeID + "/edit"
	if resp, _ := c.Get(t, edit); resp.StatusCode != 403 {
		t.Fatalf("counselor without membership: %d, want 403", resp.StatusCode)
	}
	resp, body := a.Post(t, "/admin/users/"+person.ID+"/memberships", url.Values{"role": {"office_lead"}, "scope_kind": {"office"}, "scope_id": {"no-such-office"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "gibt es nicht") {
		t.Fatalf("unknown office: %d", resp.StatusCode)
	}
	membership := url.Values{"role": {"office_lead"}, "scope_kind": {"office"}, "scope_id": {"awo-h-1"}}
	if resp, _ := a.Post(t, "/admin/users/"+person.ID+"/memberships", membership); resp.StatusCode != 303 {
		t.Fatalf("add membership: %d", resp.StatusCode)
	}
	if resp, body := a.Post(t, "/admin/users/"+person.ID+"/memberships", membership); resp.StatusCode != 422 || !strings.Contains(body, "schon") {
		t.Fatalf("duplicate membership: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, edit); resp.StatusCode != 200 {
		t.Fatalf("office lead by membership: %d, want 200", resp.StatusCode)
	}
	if _, page := c.Get(t, "/network/offices/"+fx.officeID); !strings.Contains(page, person.Name) {
		t.Error("the office's staff list lacks the member")
	}
	remove := url.Values{"role": {"office_lead"}, "scope_kind": {"office"}, "scope_id": {fx.officeID}}
	if resp, _ := a.Post(t, "/admin/users/"+person.ID+"/memberships/remove", remove); resp.StatusCode != 303 {
		t.Fatalf("remove membership: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, edit); resp.StatusCode != 403 {
		t.Fatalf("after removal: %d, want 403", resp.StatusCode)
	}
}
