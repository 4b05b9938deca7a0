package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// TestPasskeyRequirementPages: an admin makes counselors sign in with a
// passkey (a role that does not exist is refused); a counselor without one
// then reaches nothing but the passkey page (and signing out), while an
// office lead works on.
func TestPasskeyRequirementPages(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	admin := srv.NewClient(t)
	admin.Login(t, srv.CreateAccount(t, "admin-pk@example.org", perm.Admin, perm.Statewide, ""))
	if resp, _ := admin.Post(t, "/admin/passkeys", url.Values{"roles": {"king"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown role: %d", resp.StatusCode)
	}
	if resp, _ := admin.Post(t, "/admin/passkeys", url.Values{"roles": {"counselor"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if _, body := admin.Get(t, "/admin/passkeys"); !strings.Contains(body, `id="role-counselor" name="roles" value="counselor" checked`) {
		t.Fatal("the saved requirement is not shown")
	}
	office := srv.Office(t, "pk-office")
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "berater-pk@example.org", perm.Counselor, perm.Office, office))
	for _, path := range []string{"/dashboard", "/cases", "/mediation"} {
		if resp, _ := c.Get(t, path); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/passkeys?required=1" {
			t.Errorf("%s before adding a passkey: %d → %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, body := c.Get(t, "/account/passkeys?required=1"); resp.StatusCode != 200 || !strings.Contains(body, `id="passkey-required"`) {
		t.Fatalf("passkey page: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/de/search"); resp.StatusCode != 200 {
		t.Errorf("public finder while a passkey is due: %d", resp.StatusCode)
	}
	lead := srv.NewClient(t)
	lead.Login(t, srv.CreateAccount(t, "leitung-pk@example.org", perm.OfficeLead, perm.Office, office))
	if resp, _ := lead.Get(t, "/dashboard"); resp.StatusCode != 200 {
		t.Fatalf("office lead: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out while a passkey is due: %d", resp.StatusCode)
	}
}
