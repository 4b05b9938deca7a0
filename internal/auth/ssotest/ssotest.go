// Package ssotest helps tests sign in at a real OpenID provider started
// in the test (oauth2-proxy/mockoidc): a person whose ID token carries the
// authentication methods (amr) and can be bent (another audience, an old
// expiry, another nonce), and the browser's trip to the provider and back.
// Only tests import it.
package ssotest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Person is somebody at the provider.
type Person struct {
	*mockoidc.MockUser
	// AMR are the methods of authentication the provider reports.
	AMR []string
	// Tweak changes the ID token before the provider signs it.
	Tweak func(c *mockoidc.IDTokenClaims)
}

// New is a person with a verified address.
func New(subject, email string, amr ...string) Person {
	return Person{MockUser: &mockoidc.MockUser{Subject: subject, Email: email, EmailVerified: true}, AMR: amr}
}

type claims struct {
	*mockoidc.IDTokenClaims
	AMR           []string `json:"amr,omitempty"`
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"email_verified,omitempty"`
}

// Claims are the ID token's claims (mockoidc.User).
func (p Person) Claims(_ []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if p.Tweak != nil {
		p.Tweak(c)
	}
	return claims{IDTokenClaims: c, AMR: p.AMR, Email: p.Email, EmailVerified: p.EmailVerified}, nil
}

// Callback follows the platform's redirect to the provider, which answers
// at once for the queued person, and returns the platform's callback
// address it sends the browser back to.
func Callback(t testing.TB, to string) *url.URL {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Path != "/login/sso/callback" {
		t.Fatalf("provider answered %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back
}
