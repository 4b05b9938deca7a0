package browser_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// TestBrowserSSOJourney: a counselor of an organisation with its own
// identity provider (a real OpenID provider in the test) signs in there
// from the login page, comes back to the platform, gives the code (the
// provider reports no second factor) and lands on the dashboard; axe on
// the pages of the platform.
func TestBrowserSSOJourney(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	srv := apptest.Start(t, apptest.Options{})
	admin := srv.Principal(t, srv.CreateAccount(t, "admin-sso-journey@example.org", perm.Admin, perm.Statewide, ""))
	cfg := m.Config()
	if _, err := srv.App.Auth.SaveSSOProvider(context.Background(), admin, "", auth.SSOProviderInput{Name: "Stadt Hannover",
		Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Domains: []string{"hannover-stadt.example"}}); err != nil {
		t.Fatal(err)
	}
	acc := srv.CreateAccount(t, "lea@hannover-stadt.example", perm.Counselor, perm.Office, srv.Office(t, "sso-journey"))
	m.QueueUser(&mockoidc.MockUser{Subject: "lea-at-the-city", Email: acc.Email, EmailVerified: true})

	b := newTab(t, srv)
	b.open(t, "/login", "login with the organisation's sign-in")
	b.Click(t, `a[href^="/login/sso/"]`)
	b.waitPath(t, "/login/code")
	b.check(t, "code after the organisation's sign-in")
	b.Fill(t, "#code", srv.Code(t, acc.TOTPSecret))
	b.submit(t, `form[action="/login/code"] button[type=submit]`, http.StatusOK, "/dashboard")
	b.check(t, "dashboard after single sign-on")
}
