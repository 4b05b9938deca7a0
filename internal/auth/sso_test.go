package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/auth/ssotest"
)

// idp is a real OpenID provider in the test (discovery, JWKS, PKCE).
type idp struct {
	m  *mockoidc.MockOIDC
	id string // the provider's id at the platform
}

func newIdP(t *testing.T, e *env, mfa bool) *idp {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	// The provider signs with the real time; the service checks with its
	// clock, which must be near it.
	e.clock.Advance(time.Until(e.clock.Now()) * -1)
	cfg := m.Config()
	admin := e.enrolledUser("admin-"+cfg.ClientID[:6]+"@example.org", perm.Admin)
	id, err := e.svc.SaveSSOProvider(e.ctx, e.as(admin.User), "", auth.SSOProviderInput{Name: "Diakonie", Issuer: cfg.Issuer,
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Domains: []string{"Diakonie.example"}, IdPMFA: mfa})
	if err != nil {
		t.Fatal(err)
	}
	return &idp{m: m, id: id}
}

// signIn runs the browser's part: the platform's redirect to the
// provider, which answers at once with a code for the queued user.
func (i *idp) signIn(t *testing.T, e *env, u mockoidc.User) (state, code string) {
	t.Helper()
	i.m.QueueUser(u)
	to, err := e.svc.BeginSSO(e.ctx, i.id, "/cases")
	if err != nil {
		t.Fatal(err)
	}
	back := ssotest.Callback(t, to)
	return back.Query().Get("state"), back.Query().Get("code")
}

func person(sub, email string, amr ...string) ssotest.Person { return ssotest.New(sub, email, amr...) }

func TestSSOSignIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		i := newIdP(t, e, true)
		u := e.enrolledUser("anna@diakonie.example", perm.Counselor)

		// With the provider's MFA claim: a full session, the subject linked.
		state, code := i.signIn(t, e, person("sub-anna", "anna@diakonie.example", "pwd", "mfa"))
		res, err := e.svc.FinishSSO(e.ctx, state, code, actor())
		if err != nil || res.Stage != auth.StageFull || res.Next != "/cases" {
			t.Fatalf("sign-in: %v %+v", err, res)
		}
		if _, p := e.authenticate(res.Token); p.UserID() != u.ID {
			t.Fatal("signed in as somebody else")
		}
		// The same state again (a replayed answer) is refused.
		_, err = e.svc.FinishSSO(e.ctx, state, code, actor())
		wantErr(t, err, auth.ErrSSO)

		// Without it: the code follows. The linked subject is found even
		// with another address.
		state, code = i.signIn(t, e, person("sub-anna", "a.other@elsewhere.example", "pwd"))
		if res, err := e.svc.FinishSSO(e.ctx, state, code, actor()); err != nil || res.Stage != auth.StageMFA {
			t.Fatalf("password only at the provider: %v %+v", err, res)
		}

		cases := []struct {
			name string
			user mockoidc.User
			want error
		}{
			{"unknown person", person("sub-x", "nobody@diakonie.example", "mfa"), auth.ErrSSOUnknown},
			{"address of another domain", person("sub-y", "anna@example.org", "mfa"), auth.ErrSSOUnknown},
			{"unverified address", ssotest.Person{MockUser: &mockoidc.MockUser{Subject: "sub-z", Email: "anna@diakonie.example"}}, auth.ErrSSOUnknown},
			{"token for another client", ssotest.Person{MockUser: person("sub-anna", "anna@diakonie.example").MockUser,
				Tweak: func(c *mockoidc.IDTokenClaims) { c.Audience = jwt.ClaimStrings{"another-client"} }}, auth.ErrSSO},
			{"expired token", ssotest.Person{MockUser: person("sub-anna", "anna@diakonie.example").MockUser,
				Tweak: func(c *mockoidc.IDTokenClaims) { c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour)) }}, auth.ErrSSO},
			{"nonce of another sign-in", ssotest.Person{MockUser: person("sub-anna", "anna@diakonie.example").MockUser,
				Tweak: func(c *mockoidc.IDTokenClaims) { c.Nonce = "replayed" }}, auth.ErrSSO},
		}
		for _, c := range cases {
			state, code := i.signIn(t, e, c.user)
			if _, err := e.svc.FinishSSO(e.ctx, state, code, actor()); !errorsIs(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}

		// A disabled account does not sign in.
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		if err := e.svc.SetDisabled(e.ctx, u.ID, true, e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		state, code = i.signIn(t, e, person("sub-anna", "anna@diakonie.example", "mfa"))
		_, err = e.svc.FinishSSO(e.ctx, state, code, actor())
		wantErr(t, err, auth.ErrSSO)
		if e.countAudit("auth.sso_login", audit.ResultSuccess) != 2 || e.countAudit("auth.sso_login", audit.ResultFailure) < 7 {
			t.Error("sign-ins not audited")
		}
	})
}

func TestSSOProviderInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		ok := auth.SSOProviderInput{Name: "Stadt", Issuer: "https://login.stadt.example", ClientID: "kmn", ClientSecret: "s", Domains: []string{"stadt.example"}}
		for field, edit := range map[string]func(in *auth.SSOProviderInput){
			"name":          func(in *auth.SSOProviderInput) { in.Name = "" },
			"issuer":        func(in *auth.SSOProviderInput) { in.Issuer = "http://login.stadt.example" },
			"client_id":     func(in *auth.SSOProviderInput) { in.ClientID = "" },
			"client_secret": func(in *auth.SSOProviderInput) { in.ClientSecret = "" },
			"domains":       func(in *auth.SSOProviderInput) { in.Domains = []string{"stadt"} },
		} {
			in := ok
			edit(&in)
			_, err := e.svc.SaveSSOProvider(e.ctx, e.as(admin.User), "", in)
			wantProblem(t, err, field, "")
		}
		id, err := e.svc.SaveSSOProvider(e.ctx, e.as(admin.User), "", ok)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SaveSSOProvider(e.ctx, e.as(admin.User), "", ok)
		wantProblem(t, err, "issuer", "sso.issuer_taken")
		ok.ClientSecret, ok.Name = "", "Stadtverwaltung"
		if _, err := e.svc.SaveSSOProvider(e.ctx, e.as(admin.User), id, ok); err != nil {
			t.Fatal(err)
		}
		if ps, _ := e.svc.SSOProviders(e.ctx); len(ps) != 1 || ps[0].Name != "Stadtverwaltung" {
			t.Fatalf("providers %+v", ps)
		}
	})
}

func errorsIs(err, want error) bool { return err != nil && errors.Is(err, want) }

// logoutToken is a back-channel logout token signed by the provider.
func logoutToken(t *testing.T, i *idp, aud, sub, sid string, iat time.Time, event bool) string {
	t.Helper()
	claims := jwt.MapClaims{"iss": i.m.Issuer(), "aud": aud, "iat": iat.Unix(), "jti": sub + sid}
	if sub != "" {
		claims["sub"] = sub
	}
	if sid != "" {
		claims["sid"] = sid
	}
	if event {
		claims["events"] = map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}
	}
	raw, err := i.m.Keypair.SignJWT(claims)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestSSOBackChannelLogout(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		i := newIdP(t, e, true)
		e.enrolledUser("anna@diakonie.example", perm.Counselor)
		state, code := i.signIn(t, e, person("sub-anna", "anna@diakonie.example", "mfa"))
		res, err := e.svc.FinishSSO(e.ctx, state, code, actor())
		if err != nil {
			t.Fatal(err)
		}
		client := i.m.Config().ClientID
		for name, raw := range map[string]string{
			"another audience": logoutToken(t, i, "another-client", "sub-anna", "", time.Now(), true),
			"no logout event":  logoutToken(t, i, client, "sub-anna", "", time.Now(), false),
			"old":              logoutToken(t, i, client, "sub-anna", "", time.Now().Add(-time.Hour), true),
			"nobody named":     logoutToken(t, i, client, "", "", time.Now(), true),
			"not a token":      "x.y.z",
		} {
			if _, err := e.svc.BackChannelLogout(e.ctx, i.id, raw); !errorsIs(err, auth.ErrSSO) {
				t.Errorf("%s: %v", name, err)
			}
		}
		e.authenticate(res.Token)
		n, err := e.svc.BackChannelLogout(e.ctx, i.id, logoutToken(t, i, client, "sub-anna", "", time.Now(), true))
		if err != nil || n != 1 {
			t.Fatalf("logout: %d %v", n, err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, res.Token, auth.Client{}); !errorsIs(err, auth.ErrSessionInvalid) {
			t.Fatalf("session after the provider's logout: %v", err)
		}
	})
}
