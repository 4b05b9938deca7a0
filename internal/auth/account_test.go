package auth_test

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/password"
)

func TestChangePassword(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna.schmidt@example.org", perm.Counselor)
		current := e.fullLogin(u)
		_, me := e.authenticate(current)

		refused := []struct {
			name, current, next, confirm, field, key string
		}{
			{"wrong current password", otherPassword, otherPassword, otherPassword, "current", "auth.wrong_password"},
			{"empty current password", "", otherPassword, otherPassword, "current", ""},
			{"too short", goodPassword, "kurz", "kurz", "password", string(password.TooShort)},
			{"common", goodPassword, "123qweasdzxc", "123qweasdzxc", "password", string(password.Common)},
			{"equal to e-mail", goodPassword, "anna.schmidt@example.org", "anna.schmidt@example.org", "password", string(password.Contextual)},
			{"name with digits", goodPassword, "Schmidt123456", "Schmidt123456", "password", string(password.Contextual)},
			{"mismatch", goodPassword, otherPassword, otherPassword + "x", "confirm", "validation.password_mismatch"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				before := e.passwordHash(u.ID)
				err := e.svc.ChangePassword(e.ctx, me, tt.current, tt.next, tt.confirm)
				wantProblem(t, err, tt.field, tt.key)
				if e.passwordHash(u.ID) != before {
					t.Fatal("password changed although refused")
				}
			})
		}
		if n := e.countAudit("auth.password_change", audit.ResultFailure); n != 2 {
			t.Errorf("auth.password_change failure rows = %d, want 2 (wrong current passwords)", n)
		}

		t.Run("success ends the other sessions only", func(t *testing.T) {
			other := e.fullLogin(u)
			pending := e.login(u.Email, goodPassword, auth.StageMFA)
			bystander := e.enrolledUser("ben@example.org", perm.Counselor)
			benTok := e.fullLogin(bystander)

			if err := e.svc.ChangePassword(e.ctx, me, goodPassword, otherPassword, otherPassword); err != nil {
				t.Fatal(err)
			}
			e.authenticate(current)
			e.authenticate(benTok)
			for _, tok := range []string{other, pending} {
				if e.sessionRows(tok) != 0 {
					t.Error("another session of the user survived the password change")
				}
			}
			_, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, actor())
			wantErr(t, err, auth.ErrInvalidCredentials)
			e.login(u.Email, otherPassword, auth.StageMFA)
			rec := e.lastAudit("auth.password_change")
			if rec.Result != audit.ResultSuccess || rec.ActorID != u.ID {
				t.Errorf("audit row = %+v", rec)
			}
		})
		e.verifyAudit()
	})
}

func TestSetLanguage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.userWithPassword("anna@example.org", perm.Counselor)
		for _, lang := range []string{"fr", "", "EN"} {
			wantProblem(t, e.svc.SetLanguage(e.ctx, e.as(u), lang), "language", "validation.choice")
		}
		if got := e.user(u.ID).Language; got != "de" {
			t.Fatalf("language = %q after refused changes", got)
		}
		if err := e.svc.SetLanguage(e.ctx, e.as(u), "en"); err != nil {
			t.Fatal(err)
		}
		if got := e.user(u.ID).Language; got != "en" {
			t.Fatalf("language = %q, want en", got)
		}
		rec := e.lastAudit("user.language")
		if rec.Detail["before"] != "de" || rec.Detail["after"] != "en" || rec.ActorID != u.ID {
			t.Errorf("audit row = %+v", rec)
		}
	})
}

func TestSeedUser(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		n := auth.NewUser{Email: "Demo@Example.org", Name: "Demo", Role: perm.Counselor, ScopeID: "office-1"}
		u, err := e.svc.SeedUser(e.ctx, n, goodPassword, totpSecret)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.user(u.ID); got.Email != "demo@example.org" || !got.HasPassword || !got.TOTPEnabled {
			t.Fatalf("stored seeded user = %+v", got)
		}
		t.Run("returned user is the stored one", func(t *testing.T) {
			if !u.HasPassword || !u.TOTPEnabled {
				t.Errorf("SeedUser returned HasPassword=%v TOTPEnabled=%v; the stored account has both", u.HasPassword, u.TOTPEnabled)
			}
		})
		again, err := e.svc.SeedUser(e.ctx, n, otherPassword, totpSecret)
		if err != nil || again.ID != u.ID {
			t.Fatalf("second SeedUser = %+v, %v; want the existing user", again, err)
		}
		tok := e.login(u.Email, goodPassword, auth.StageMFA)
		if _, err := e.svc.VerifyTOTP(e.ctx, tok, e.code(totpSecret, 0), actor()); err != nil {
			t.Fatalf("VerifyTOTP with the seeded secret: %v", err)
		}
		if n, _ := auth.RecoveryCodesLeft(e.ctx, e.d, u.ID); n != auth.RecoveryCodeCount {
			t.Errorf("recovery codes = %d", n)
		}
		_, err = e.svc.SeedUser(e.ctx, auth.NewUser{Email: "bad"}, goodPassword, totpSecret)
		wantProblem(t, err, "email", "")
	})
}
