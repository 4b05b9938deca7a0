package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// TestRoleChange: an admin gives a counselor another role; it applies from
// the counselor's next request, because every request builds its
// principal anew.
func TestRoleChange(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	admin := srv.CreateAccount(t, "admin@role.example", perm.Admin, perm.Statewide, "")
	lea := srv.CreateAccount(t, "lea@role.example", perm.Counselor, perm.Office, fx.officeID)
	a, c := srv.NewClient(t), srv.NewClient(t)
	a.Login(t, admin)
	c.Login(t, lea)
	if resp, _ := c.Get(t, "/cases"); resp.StatusCode != http.StatusOK {
		t.Fatalf("counselor's caseload: %d", resp.StatusCode)
	}
	resp, body := a.Get(t, "/admin/users/"+lea.ID+"/role")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="awo-h-1"`) {
		t.Fatalf("role form: %d, want the office's external id in the form", resp.StatusCode)
	}
	resp, body = a.Post(t, "/admin/users/"+lea.ID+"/role", url.Values{"role": {"partner"}, "scope_kind": {"organisation"}, "scope_id": {"no-such-org"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("unknown organisation: %d", resp.StatusCode)
	}
	resp, _ = a.Post(t, "/admin/users/"+lea.ID+"/role", url.Values{"role": {"partner"}, "scope_kind": {"organisation"}, "scope_id": {fx.orgID}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/users/"+lea.ID {
		t.Fatalf("change role: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/cases"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("former counselor's caseload after the change: %d, want 403", resp.StatusCode)
	}
	if resp, _ := a.Post(t, "/admin/users/"+admin.ID+"/role", url.Values{"role": {"ministry"}, "scope_kind": {"statewide"}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("own role: %d, want 409", resp.StatusCode)
	}
	if n := auditCount(t, srv, "user.role_change", lea.ID); n != 1 {
		t.Errorf("role change audit rows = %d", n)
	}
}
