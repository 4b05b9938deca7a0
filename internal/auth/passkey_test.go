package auth_test

import (
	"testing"
	"time"

	vw "github.com/descope/virtualwebauthn"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// passkeyOrigin is the platform's address in the auth tests: WebAuthn
// needs a domain name, and localhost is one.
const passkeyOrigin = "http://localhost:8080"

// device is a software authenticator holding one passkey of an account.
type device struct {
	rp   vw.RelyingParty
	auth vw.Authenticator
	cred vw.Credential
}

func newDevice(userID string) *device {
	return &device{rp: vw.RelyingParty{ID: "localhost", Name: "KMN Niedersachsen", Origin: passkeyOrigin},
		auth: vw.NewAuthenticatorWithOptions(vw.AuthenticatorOptions{UserHandle: []byte(userID)}), cred: vw.NewCredential(vw.KeyTypeEC2)}
}

// create answers a registration ceremony.
func (d *device) create(t *testing.T, c auth.Ceremony) []byte {
	t.Helper()
	opts, err := vw.ParseAttestationOptions(string(c.Options))
	if err != nil {
		t.Fatal(err)
	}
	resp := vw.CreateAttestationResponse(d.rp, d.auth, d.cred, *opts)
	d.auth.AddCredential(d.cred)
	return []byte(resp)
}

// sign answers a sign-in ceremony.
func (d *device) sign(t *testing.T, c auth.Ceremony) []byte {
	t.Helper()
	opts, err := vw.ParseAssertionOptions(string(c.Options))
	if err != nil {
		t.Fatal(err)
	}
	d.cred.Counter++
	return []byte(vw.CreateAssertionResponse(d.rp, d.auth, d.cred, *opts))
}

// registered signs u in and adds a passkey named name.
func (e *env) registered(u *enrolled, name string) (*device, auth.Principal) {
	e.t.Helper()
	_, p := e.authenticate(e.fullLogin(u))
	d := newDevice(u.ID)
	c, err := e.svc.BeginPasskeyRegistration(e.ctx, p)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, name, d.create(e.t, c)); err != nil {
		e.t.Fatal(err)
	}
	return d, p
}

func TestPasskeyRegistration(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		_, p := e.authenticate(e.fullLogin(u))
		d := newDevice(u.ID)
		c, err := e.svc.BeginPasskeyRegistration(e.ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		answer := d.create(t, c)
		wantProblem(t, e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, string(make([]rune, 61)), answer), "name", "passkey.name_long")
		wantErr(t, e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, "Laptop", []byte(`{"id":"x"}`)), auth.ErrPasskey)
		if err := e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, "Laptop", answer); err != nil {
			t.Fatal(err)
		}
		// A ceremony is used once.
		wantErr(t, e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, "Laptop", answer), auth.ErrPasskey)
		keys, err := e.svc.Passkeys(e.ctx, p)
		if err != nil || len(keys) != 1 || keys[0].Name != "Laptop" {
			t.Fatalf("passkeys: %v %+v", err, keys)
		}
		// Another account's session cannot finish this account's ceremony.
		other := e.enrolledUser("ben@example.org", perm.Counselor)
		_, q := e.authenticate(e.fullLogin(other))
		c2, _ := e.svc.BeginPasskeyRegistration(e.ctx, p)
		wantErr(t, e.svc.FinishPasskeyRegistration(e.ctx, q, c2.ID, "", newDevice(other.ID).create(t, c2)), auth.ErrPasskey)
		wantErr(t, e.svc.RemovePasskey(e.ctx, q, keys[0].ID), db.ErrNotFound)
		if err := e.svc.RemovePasskey(e.ctx, p, keys[0].ID); err != nil {
			t.Fatal(err)
		}
		if e.countAudit("auth.passkey_add", audit.ResultSuccess) != 1 || e.countAudit("auth.passkey_remove", audit.ResultSuccess) != 1 ||
			e.countAudit("auth.passkey_add", audit.ResultFailure) < 2 {
			t.Error("passkey changes not audited")
		}
		e.verifyAudit()
	})
}

func TestPasskeySignIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		d, _ := e.registered(u, "Laptop")

		// As the second factor after the password.
		tok := e.login(u.Email, goodPassword, auth.StageMFA)
		c, err := e.svc.BeginPasskeySecondFactor(e.ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		full, err := e.svc.FinishPasskeySecondFactor(e.ctx, tok, c.ID, d.sign(t, c), actor())
		if err != nil {
			t.Fatal(err)
		}
		if s, p := e.authenticate(full); s.Stage != auth.StageFull || p.UserID() != u.ID {
			t.Fatalf("second factor: stage %s user %s", s.Stage, p.UserID())
		}

		// Alone, without the password.
		c, err = e.svc.BeginPasskeySignIn(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		answer := d.sign(t, c)
		full, err = e.svc.FinishPasskeySignIn(e.ctx, c.ID, answer, actor())
		if err != nil {
			t.Fatal(err)
		}
		if s, p := e.authenticate(full); s.Stage != auth.StageFull || p.UserID() != u.ID || !s.FreshFactor(e.clock.Now()) {
			t.Fatalf("sign-in: stage %s user %s", s.Stage, p.UserID())
		}
		// The same answer again (a replayed challenge) is refused.
		_, err = e.svc.FinishPasskeySignIn(e.ctx, c.ID, answer, actor())
		wantErr(t, err, auth.ErrInvalidCredentials)

		// An answer made for another site is refused.
		c, _ = e.svc.BeginPasskeySignIn(e.ctx)
		phish := *d
		phish.rp.Origin = "https://kmn-login.example"
		_, err = e.svc.FinishPasskeySignIn(e.ctx, c.ID, phish.sign(t, c), actor())
		wantErr(t, err, auth.ErrInvalidCredentials)

		// A disabled account does not sign in.
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		if err := e.svc.SetDisabled(e.ctx, u.ID, true, e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		c, _ = e.svc.BeginPasskeySignIn(e.ctx)
		_, err = e.svc.FinishPasskeySignIn(e.ctx, c.ID, d.sign(t, c), actor())
		wantErr(t, err, auth.ErrInvalidCredentials)
		if e.countAudit("auth.login_passkey", audit.ResultSuccess) != 2 {
			t.Error("passkey logins not audited")
		}
		e.verifyAudit()
	})
}

func TestPasskeyStepUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		d, p := e.registered(u, "")
		e.clock.Advance(auth.StepUpWindow * 2)
		c, err := e.svc.BeginPasskeyStepUp(e.ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		wantErr(t, e.svc.FinishPasskeyStepUp(e.ctx, p, "other-ceremony", d.sign(t, c)), auth.ErrInvalidCode)
		c, _ = e.svc.BeginPasskeyStepUp(e.ctx, p)
		if err := e.svc.FinishPasskeyStepUp(e.ctx, p, c.ID, d.sign(t, c)); err != nil {
			t.Fatal(err)
		}
		if keys, _ := e.svc.Passkeys(e.ctx, p); len(keys) != 1 || keys[0].Name != "Passkey" || keys[0].LastUsed.IsZero() {
			t.Fatalf("passkey after step-up: %+v", keys)
		}
	})
}

func TestPasskeysNeedADomain(t *testing.T) {
	for origin, want := range map[string]bool{"http://127.0.0.1:8080": false, "https://[::1]:443": false, "": false,
		"http://localhost:8080": true, "https://kmn.niedersachsen.example": true} {
		if got := auth.NewService(nil, nil, nil, auth.Options{Origin: origin}).PasskeysOn(); got != want {
			t.Errorf("origin %q: passkeys %v, want %v", origin, got, want)
		}
	}
}

func TestPasskeyRequirement(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		wantProblem(t, e.svc.SetPasskeyRoles(e.ctx, e.as(admin.User), []perm.Role{"king"}), "roles", "validation.choice")
		if err := e.svc.SetPasskeyRoles(e.ctx, e.as(admin.User), []perm.Role{perm.Counselor, perm.OfficeLead, perm.Counselor}); err != nil {
			t.Fatal(err)
		}
		if roles, _ := e.svc.PasskeyRoles(e.ctx); len(roles) != 2 {
			t.Fatalf("roles %v", roles)
		}
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		// Without a passkey: the code signs in, but the session must add one first.
		first := e.fullLogin(u)
		s, p := e.authenticate(first)
		if !s.PasskeyDue {
			t.Fatal("a counselor without a passkey is not asked to add one")
		}
		d := newDevice(u.ID)
		c, _ := e.svc.BeginPasskeyRegistration(e.ctx, p)
		if err := e.svc.FinishPasskeyRegistration(e.ctx, p, c.ID, "", d.create(t, c)); err != nil {
			t.Fatal(err)
		}
		if s, _ = e.authenticate(first); s.PasskeyDue {
			t.Fatal("the session still waits for a passkey after adding one")
		}
		// With one: the code no longer signs in, a recovery code and the passkey do.
		e.clock.Advance(30 * time.Second)
		tok := e.login(u.Email, goodPassword, auth.StageMFA)
		_, err := e.svc.VerifyTOTP(e.ctx, tok, e.code(u.secret, 0), actor())
		wantErr(t, err, auth.ErrPasskeyRequired)
		if _, err := e.svc.UseRecoveryCode(e.ctx, tok, u.codes[0], actor()); err != nil {
			t.Fatal(err)
		}
		tok = e.login(u.Email, goodPassword, auth.StageMFA)
		c, _ = e.svc.BeginPasskeySecondFactor(e.ctx, tok)
		full, err := e.svc.FinishPasskeySecondFactor(e.ctx, tok, c.ID, d.sign(t, c), actor())
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := e.authenticate(full); s.PasskeyDue {
			t.Fatal("a passkey login waits for a passkey")
		}
		// Other roles keep the code.
		e.fullLogin(e.enrolledUser("ministerium@example.org", perm.Ministry))
		if e.countAudit("auth.passkey_policy", audit.ResultSuccess) != 1 {
			t.Error("the requirement is not audited")
		}
	})
}
