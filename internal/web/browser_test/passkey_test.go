package browser_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// virtualAuthenticator gives the tab Chromium's virtual authenticator
// (DevTools' WebAuthn domain): a platform authenticator that holds
// discoverable credentials and verifies the user at once, as a laptop's
// fingerprint reader would.
func (b *tab) virtualAuthenticator(t *testing.T) {
	t.Helper()
	b.Run(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
			Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21,
				Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
				IsUserVerified: true, AutomaticPresenceSimulation: true}})
		return err
	}))
}

// TestBrowserPasskeyJourney: a counselor adds a passkey on the account
// page with the browser's (virtual) authenticator, signs out, signs in
// with the passkey alone, then after the password with the passkey as the
// second step, and confirms a dangerous page with it; axe on every page.
func TestBrowserPasskeyJourney(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Localhost: true})
	acc := srv.CreateAccount(t, "passkey-journey@example.org", perm.Counselor, perm.Office, srv.Office(t, "passkey-office"))
	b := newTab(t, srv)
	b.virtualAuthenticator(t)
	b.login(t, acc.Email, acc.Password, acc.TOTPSecret)
	b.open(t, "/account/passkeys", "passkeys (none yet)")
	b.Fill(t, "#passkey-name", "Dienstlaptop")
	b.Click(t, "#passkey-add")
	b.waitText(t, ".passkeys", "Dienstlaptop")
	b.check(t, "passkeys (one added)")

	b.submit(t, `form[action="/logout"] button`, http.StatusOK, "/login")
	b.check(t, "login with passkey button")
	b.Click(t, "#passkey-sign-in")
	b.waitPath(t, "/dashboard")
	b.check(t, "dashboard after passkey sign-in")

	b.submit(t, `form[action="/logout"] button`, http.StatusOK, "/login")
	b.Fill(t, "#email", acc.Email)
	b.Fill(t, "#password", acc.Password)
	b.submit(t, `form[action="/login"] button[type=submit]`, http.StatusOK, "/login/code")
	b.check(t, "second step with passkey button")
	b.Click(t, "#passkey-second")
	b.waitPath(t, "/dashboard")

	// A dangerous page after the step-up window asks again: the passkey
	// confirms it.
	srv.Clock.Advance(auth.StepUpWindow + time.Minute)
	if status := b.Navigate(t, srv.URL+"/account/passkeys"); status != http.StatusOK {
		t.Fatalf("passkeys page: %d", status)
	}
	b.wantPath(t, "/account/verify")
	b.check(t, "step-up with passkey button")
	b.Click(t, "#passkey-verify")
	b.waitPath(t, "/account/passkeys")
}
