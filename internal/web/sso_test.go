package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/auth/ssotest"
)

// TestSSOLogin: an admin sets up an organisation's identity provider; the
// login page offers it; a counselor of that organisation signs in there –
// with the provider's second factor straight to the page asked for,
// without it on to the code; a callback link from another browser is
// refused (login CSRF), and somebody without an account is told so.
func TestSSOLogin(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	cfg := m.Config()
	srv := apptest.Start(t, apptest.Options{})
	admin := srv.NewClient(t)
	admin.Login(t, srv.CreateAccount(t, "admin-sso@example.org", perm.Admin, perm.Statewide, ""))
	form := url.Values{"name": {"Diakonie"}, "issuer": {cfg.Issuer}, "client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret},
		"domains": {"diakonie.example"}, "idp_mfa": {"yes"}}
	bad := url.Values{"name": {""}, "issuer": {"http://login.example"}, "domains": {"x"}}
	if resp, body := admin.Post(t, "/admin/sso", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="issuer-error"`) {
		t.Fatalf("bad provider: %d", resp.StatusCode)
	}
	if resp, _ := admin.Post(t, "/admin/sso", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("provider: %d", resp.StatusCode)
	}
	srv.CreateAccount(t, "anna@diakonie.example", perm.Counselor, perm.Office, srv.Office(t, "sso-office"))

	c := srv.NewClient(t)
	_, body := c.Get(t, "/login?next=/cases")
	start := ssoButton.FindStringSubmatch(body)
	if start == nil {
		t.Fatalf("no sign-in button on the login page")
	}
	signIn := func(c *apptest.Client, who ssotest.Person) string {
		m.QueueUser(who)
		resp, _ := c.Get(t, strings.ReplaceAll(start[1], "&amp;", "&"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d", resp.StatusCode)
		}
		return ssotest.Callback(t, resp.Header.Get("Location")).RequestURI()
	}
	anna := ssotest.New("anna", "anna@diakonie.example", "pwd", "mfa")
	callback := signIn(c, anna)
	if resp, _ := srv.NewClient(t).Get(t, callback); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("callback from another browser: %d", resp.StatusCode)
	}
	resp, _ := c.Get(t, callback)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/cases" {
		t.Fatalf("sign-in with the provider's second factor: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := c.Get(t, callback); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the same callback again: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/cases"); resp.StatusCode != 200 {
		t.Fatalf("signed in: %d", resp.StatusCode)
	}
	// The provider's back-channel logout ends the session.
	provider := strings.TrimPrefix(start[1], "/login/sso/")
	provider, _, _ = strings.Cut(provider, "?")
	raw, err := m.Keypair.SignJWT(jwt.MapClaims{"iss": m.Issuer(), "aud": cfg.ClientID, "iat": time.Now().Unix(), "sub": "anna", "jti": "l1",
		"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := srv.NewClient(t).PostRaw(t, "/login/sso/"+provider+"/logout", "logout_token=forged"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("forged logout: %d", resp.StatusCode)
	}
	if resp, _ := srv.NewClient(t).PostRaw(t, "/login/sso/"+provider+"/logout", "logout_token="+raw); resp.StatusCode != http.StatusOK {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/cases"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the provider's logout: %d", resp.StatusCode)
	}

	d := srv.NewClient(t)
	anna.AMR = []string{"pwd"}
	if resp, _ := d.Get(t, signIn(d, anna)); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login/code") {
		t.Fatalf("sign-in without the provider's second factor: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	stranger := ssotest.New("x", "x@diakonie.example", "mfa")
	e := srv.NewClient(t)
	if resp, body := e.Get(t, signIn(e, stranger)); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "kein Konto") {
		t.Fatalf("unknown person: %d", resp.StatusCode)
	}
}

var ssoButton = regexp.MustCompile(`href="(/login/sso/[^"]+)"`)
