package auth_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

func TestCreateUserValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		e.createUser("anna@example.org", perm.Counselor)
		ok := auth.NewUser{Email: "new@example.org", Name: "Neu", Role: perm.Counselor, ScopeID: "office-1"}
		with := func(f func(n *auth.NewUser)) auth.NewUser { n := ok; f(&n); return n }
		tests := []struct {
			name, field, key string
			in               auth.NewUser
		}{
			{"bad e-mail", "email", "validation.email", with(func(n *auth.NewUser) { n.Email = "not-an-email" })},
			{"e-mail with display name", "email", "validation.email", with(func(n *auth.NewUser) { n.Email = "Neu <new@example.org>" })},
			{"missing e-mail", "email", "validation.email", with(func(n *auth.NewUser) { n.Email = " " })},
			{"missing name", "name", "validation.required", with(func(n *auth.NewUser) { n.Name = "   " })},
			{"bad role", "role", "validation.choice", with(func(n *auth.NewUser) { n.Role = "boss" })},
			{"office role without office", "scope_id", "validation.scope_required", with(func(n *auth.NewUser) { n.ScopeID = "" })},
			{"region role without region", "scope_id", "validation.scope_required", with(func(n *auth.NewUser) {
				n.Role, n.ScopeID = perm.RegionCoordinator, ""
			})},
			{"bad scope kind", "scope_kind", "validation.choice", with(func(n *auth.NewUser) { n.ScopeKind = "planet" })},
			{"bad language", "language", "validation.choice", with(func(n *auth.NewUser) { n.Language = "fr" })},
			{"duplicate e-mail", "email", "validation.email_taken", with(func(n *auth.NewUser) { n.Email = "anna@example.org" })},
			{"duplicate e-mail, other case", "email", "validation.email_taken", with(func(n *auth.NewUser) { n.Email = " ANNA@Example.org" })},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				users, links, rows := e.count("users", ""), e.count("setup_tokens", ""), e.count("audit_log", "")
				u, token, err := e.svc.CreateUser(e.ctx, tt.in, e.as(admin.User))
				wantProblem(t, err, tt.field, tt.key)
				if u != nil || token != "" {
					t.Errorf("CreateUser returned %+v, %q with an error", u, token)
				}
				if e.count("users", "") != users || e.count("setup_tokens", "") != links || e.count("audit_log", "") != rows {
					t.Error("a refused CreateUser wrote something")
				}
			})
		}

		t.Run("statewide role drops the scope id", func(t *testing.T) {
			u, _, err := e.svc.CreateUser(e.ctx, auth.NewUser{Email: "min@example.org", Name: "Min", Role: perm.Ministry, ScopeID: "office-1"}, e.as(admin.User))
			if err != nil {
				t.Fatal(err)
			}
			if u.ScopeKind != perm.Statewide || u.ScopeID != "" || u.Language != "de" {
				t.Fatalf("user = %+v", u)
			}
		})
	})
}

func TestSetupLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)

		t.Run("works once", func(t *testing.T) {
			n := auth.NewUser{Email: "Anna@Example.org", Name: "Anna", Role: perm.Counselor, ScopeID: "office-1", Language: "en"}
			u, token, err := e.svc.CreateUser(e.ctx, n, e.as(admin.User))
			if err != nil {
				t.Fatal(err)
			}
			if u.Email != "anna@example.org" || u.HasPassword || u.TOTPEnabled || u.Disabled || u.Role != perm.Counselor ||
				u.ScopeKind != perm.Office || u.ScopeID != "office-1" || u.Language != "en" || token == "" {
				t.Fatalf("created %+v, token %q", u, token)
			}
			if n := e.count("setup_tokens", "token_hash = ?", sha256Hex(token)); n != 1 {
				t.Fatal("setup link not stored by its hash")
			}
			rec := e.lastAudit("user.create")
			if rec.ActorID != admin.ID || rec.Actor != admin.Email || rec.ObjectID != u.ID || rec.Detail["role"] != "counselor" {
				t.Errorf("audit row = %+v", rec)
			}
			got, err := e.svc.SetupLinkUser(e.ctx, token)
			if err != nil || got.ID != u.ID {
				t.Fatalf("SetupLinkUser = %+v, %v", got, err)
			}
			_, err = e.svc.CompleteSetup(e.ctx, token, "anna@example.org", "anna@example.org", actor())
			wantProblem(t, err, "password", "")
			_, err = e.svc.CompleteSetup(e.ctx, token, goodPassword, otherPassword, actor())
			wantProblem(t, err, "confirm", "")
			if e.user(u.ID).HasPassword {
				t.Fatal("refused setup set a password")
			}
			done, err := e.svc.CompleteSetup(e.ctx, token, goodPassword, goodPassword, actor())
			if err != nil || done.ID != u.ID {
				t.Fatalf("CompleteSetup = %+v, %v", done, err)
			}
			if rec := e.lastAudit("user.setup_complete"); rec.ActorID != u.ID {
				t.Errorf("audit row = %+v", rec)
			}
			_, err = e.svc.CompleteSetup(e.ctx, token, otherPassword, otherPassword, actor())
			wantErr(t, err, auth.ErrLinkInvalid)
			_, err = e.svc.SetupLinkUser(e.ctx, token)
			wantErr(t, err, auth.ErrLinkInvalid)
			e.login(u.Email, goodPassword, auth.StageEnroll)
		})

		t.Run("expires after 72 hours", func(t *testing.T) {
			u, token := e.createUser("late@example.org", perm.Counselor)
			e.clock.Advance(71 * time.Hour)
			if _, err := e.svc.SetupLinkUser(e.ctx, token); err != nil {
				t.Fatalf("link after 71 h: %v", err)
			}
			e.clock.Advance(2 * time.Hour)
			_, err := e.svc.SetupLinkUser(e.ctx, token)
			wantErr(t, err, auth.ErrLinkInvalid)
			_, err = e.svc.CompleteSetup(e.ctx, token, goodPassword, goodPassword, actor())
			wantErr(t, err, auth.ErrLinkInvalid)
			if e.user(u.ID).HasPassword {
				t.Fatal("expired link set a password")
			}
		})

		t.Run("unknown link", func(t *testing.T) {
			for _, tok := range []string{"", "nonsense"} {
				_, err := e.svc.SetupLinkUser(e.ctx, tok)
				wantErr(t, err, auth.ErrLinkInvalid)
			}
		})
	})
}

func TestResetPassword(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		tok := e.fullLogin(u)

		first, err := e.svc.ResetPassword(e.ctx, u.ID, e.as(admin.User))
		if err != nil {
			t.Fatal(err)
		}
		if got := e.user(u.ID); got.HasPassword || !got.TOTPEnabled {
			t.Fatalf("after reset: %+v", got)
		}
		if n := e.count("sessions", "user_id = ?", u.ID); n != 0 {
			t.Fatalf("%d sessions left", n)
		}
		_, _, err = e.svc.Authenticate(e.ctx, tok, auth.Client{})
		wantErr(t, err, auth.ErrSessionInvalid)
		_, _, err = e.svc.Login(e.ctx, u.Email, goodPassword, actor())
		wantErr(t, err, auth.ErrInvalidCredentials)

		second, err := e.svc.ResetPassword(e.ctx, u.ID, e.as(admin.User))
		if err != nil {
			t.Fatal(err)
		}
		if second == first {
			t.Fatal("same link twice")
		}
		_, err = e.svc.SetupLinkUser(e.ctx, first)
		wantErr(t, err, auth.ErrLinkInvalid)
		if _, err := e.svc.CompleteSetup(e.ctx, second, otherPassword, otherPassword, actor()); err != nil {
			t.Fatal(err)
		}
		e.login(u.Email, otherPassword, auth.StageMFA) // TOTP kept

		rec := e.lastAudit("user.password_reset")
		if rec.ActorID != admin.ID || rec.Actor != admin.Email || rec.ObjectID != u.ID || rec.IP != clientIP {
			t.Errorf("audit row = %+v", rec)
		}
		_, err = e.svc.ResetPassword(e.ctx, "no-such-user", e.as(admin.User))
		wantErr(t, err, db.ErrNotFound)
	})
}

func TestResetTwoFactor(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		tok := e.fullLogin(u)

		if err := e.svc.ResetTwoFactor(e.ctx, u.ID, e.as(admin.User)); err != nil {
			t.Fatal(err)
		}
		if got := e.user(u.ID); got.TOTPEnabled || !got.HasPassword {
			t.Fatalf("after reset: %+v", got)
		}
		if e.sessionRows(tok) != 0 {
			t.Fatal("session survived the 2FA reset")
		}
		if n, _ := auth.RecoveryCodesLeft(e.ctx, e.d, u.ID); n != 0 {
			t.Fatalf("%d recovery codes left", n)
		}
		enroll := e.login(u.Email, goodPassword, auth.StageEnroll)
		key, err := e.svc.EnrollmentKey(e.ctx, enroll)
		if err != nil {
			t.Fatal(err)
		}
		if key.Secret() == u.secret {
			t.Fatal("old TOTP secret reused")
		}
		if _, _, err := e.svc.ConfirmEnrollment(e.ctx, enroll, e.code(u.secret, 0), actor()); err == nil {
			t.Fatal("old authenticator still accepted")
		}
		if _, _, err := e.svc.ConfirmEnrollment(e.ctx, enroll, e.code(key.Secret(), 0), actor()); err != nil {
			t.Fatal(err)
		}
		rec := e.lastAudit("user.two_factor_reset")
		if rec.ActorID != admin.ID || rec.ObjectID != u.ID {
			t.Errorf("audit row = %+v", rec)
		}
	})
}

func TestSetDisabled(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.enrolledUser("a@example.org", perm.Admin)
		b := e.enrolledUser("b@example.org", perm.Admin)
		c := e.enrolledUser("c@example.org", perm.Counselor)
		cli := auth.SystemPrincipal("cli")

		t.Run("self-disable refused", func(t *testing.T) {
			wantErr(t, e.svc.SetDisabled(e.ctx, a.ID, true, e.as(a.User)), auth.ErrSelfLockout)
			if e.user(a.ID).Disabled {
				t.Fatal("disabled anyway")
			}
		})

		t.Run("disable and enable", func(t *testing.T) {
			bTok := e.fullLogin(b)
			if err := e.svc.SetDisabled(e.ctx, b.ID, true, e.as(a.User)); err != nil {
				t.Fatal(err)
			}
			if !e.user(b.ID).Disabled || e.sessionRows(bTok) != 0 {
				t.Fatal("b not disabled or session kept")
			}
			rec := e.lastAudit("user.disable")
			if rec.ActorID != a.ID || rec.Actor != a.Email || rec.ObjectID != b.ID ||
				rec.Detail["before"] != "false" || rec.Detail["after"] != "true" {
				t.Errorf("audit row = %+v", rec)
			}
			_, _, err := e.svc.Login(e.ctx, b.Email, goodPassword, actor())
			wantErr(t, err, auth.ErrInvalidCredentials)
		})

		t.Run("last active admin cannot be disabled", func(t *testing.T) {
			rows := e.count("audit_log", "")
			wantErr(t, e.svc.SetDisabled(e.ctx, a.ID, true, cli), auth.ErrLastAdmin)
			if e.user(a.ID).Disabled || e.count("audit_log", "") != rows {
				t.Fatal("refused change written")
			}
			// Non-admins are never the last admin.
			if err := e.svc.SetDisabled(e.ctx, c.ID, true, e.as(a.User)); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("re-enable", func(t *testing.T) {
			for _, u := range []*enrolled{b, c} {
				if err := e.svc.SetDisabled(e.ctx, u.ID, false, e.as(a.User)); err != nil {
					t.Fatal(err)
				}
				e.login(u.Email, goodPassword, auth.StageMFA)
			}
			rec := e.lastAudit("user.enable")
			if rec.ActorID != a.ID || rec.ObjectID != c.ID || rec.Detail["after"] != "false" {
				t.Errorf("audit row = %+v", rec)
			}
			if err := e.svc.SetDisabled(e.ctx, a.ID, true, e.as(b.User)); err != nil {
				t.Fatalf("disabling one of two admins: %v", err)
			}
			wantErr(t, e.svc.SetDisabled(e.ctx, b.ID, true, cli), auth.ErrLastAdmin)
		})

		t.Run("unknown user", func(t *testing.T) {
			wantErr(t, e.svc.SetDisabled(e.ctx, "no-such-user", true, cli), db.ErrNotFound)
		})
		e.verifyAudit()
	})
}

// An admin still waiting for their setup link cannot log in, so they must
// not count as the active admin that keeps the platform manageable
// (CountActiveAdmins: "enabled admin accounts with a password").
func TestLastAdminIgnoresAdminsWithoutPassword(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.enrolledUser("a@example.org", perm.Admin)
		e.createUser("pending@example.org", perm.Admin)
		if n, err := auth.CountActiveAdmins(e.ctx, e.d); err != nil || n != 1 {
			t.Errorf("CountActiveAdmins = %d, %v; want 1 (the pending admin has no password)", n, err)
		}
		err := e.svc.SetDisabled(e.ctx, a.ID, true, auth.SystemPrincipal("cli"))
		wantErr(t, err, auth.ErrLastAdmin)
	})
}

func TestAdminChangesAudited(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		admin := e.enrolledUser("admin@example.org", perm.Admin)
		act, err := e.svc.PrincipalOf(e.ctx, admin.ID, auth.Client{IP: "192.0.2.99", UserAgent: "admin-agent"})
		if err != nil {
			t.Fatal(err)
		}
		u, _, err := e.svc.CreateUser(e.ctx, auth.NewUser{Email: "x@example.org", Name: "X", Role: perm.Partner, ScopeID: "org-1"}, act)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			action string
			run    func() error
		}{
			{"user.password_reset", func() error { _, err := e.svc.ResetPassword(e.ctx, u.ID, act); return err }},
			{"user.two_factor_reset", func() error { return e.svc.ResetTwoFactor(e.ctx, u.ID, act) }},
			{"user.disable", func() error { return e.svc.SetDisabled(e.ctx, u.ID, true, act) }},
			{"user.enable", func() error { return e.svc.SetDisabled(e.ctx, u.ID, false, act) }},
		}
		for _, st := range steps {
			if err := st.run(); err != nil {
				t.Fatalf("%s: %v", st.action, err)
			}
		}
		for _, action := range []string{"user.create", "user.password_reset", "user.two_factor_reset", "user.disable", "user.enable"} {
			t.Run(action, func(t *testing.T) {
				rec := e.lastAudit(action)
				if rec.ActorID != admin.ID || rec.Actor != admin.Email || rec.IP != "192.0.2.99" ||
					rec.ObjectType != "user" || rec.ObjectID != u.ID || rec.Result != audit.ResultSuccess {
					t.Errorf("audit row = %+v", rec)
				}
			})
		}
		e.verifyAudit()
	})
}

func TestFirstAdminLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		const email = "first@example.org"
		first, err := e.svc.FirstAdminLink(e.ctx, email)
		if err != nil || first == "" {
			t.Fatalf("FirstAdminLink on an empty database = %q, %v", first, err)
		}
		u, err := e.svc.SetupLinkUser(e.ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != email || u.Role != perm.Admin || u.HasPassword {
			t.Fatalf("first admin = %+v", u)
		}

		second, err := e.svc.FirstAdminLink(e.ctx, email)
		if err != nil || second == "" || second == first {
			t.Fatalf("second FirstAdminLink = %q, %v; want a new link", second, err)
		}
		_, err = e.svc.SetupLinkUser(e.ctx, first)
		wantErr(t, err, auth.ErrLinkInvalid)
		if n := e.count("users", ""); n != 1 {
			t.Fatalf("%d users, want 1", n)
		}

		if _, err := e.svc.CompleteSetup(e.ctx, second, goodPassword, goodPassword, actor()); err != nil {
			t.Fatal(err)
		}
		third, err := e.svc.FirstAdminLink(e.ctx, email)
		if err != nil || third != "" {
			t.Fatalf("FirstAdminLink after setup = %q, %v; want \"\"", third, err)
		}
		if n := e.count("users", ""); n != 1 {
			t.Fatalf("%d users, want 1", n)
		}
		e.login(email, goodPassword, auth.StageEnroll)
		e.verifyAudit()
	})
}

// Two admins disabling each other at the same moment must not leave the
// platform without an active admin: exactly one of them may succeed.
func TestLastAdminConcurrentDisable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for i := range 5 {
			a := e.userWithPassword(fmt.Sprintf("a%d@example.org", i), perm.Admin)
			b := e.userWithPassword(fmt.Sprintf("b%d@example.org", i), perm.Admin)
			if _, err := e.d.Exec(e.ctx, "UPDATE users SET disabled = ? WHERE id <> ? AND id <> ?", true, a.ID, b.ID); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			actors := []auth.Principal{e.as(b), e.as(a)}
			for j, pair := range [][2]*auth.User{{a, b}, {b, a}} {
				wg.Go(func() {
					errs[j] = e.svc.SetDisabled(e.ctx, pair[0].ID, true, actors[j])
				})
			}
			wg.Wait()
			n, err := auth.CountActiveAdmins(e.ctx, e.d)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("round %d: errors %v, %v; %d active admins left, want exactly one refusal and 1 admin", i, errs[0], errs[1], n)
			}
			for _, err := range errs {
				if err != nil {
					wantErr(t, err, auth.ErrLastAdmin)
				}
			}
		}
	})
}
