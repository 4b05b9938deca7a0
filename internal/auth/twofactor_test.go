package auth_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

func TestVerifyTOTP(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)

		t.Run("correct code gives a full session with a new token", func(t *testing.T) {
			e.clock.Advance(30 * time.Second)
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			full, err := e.svc.VerifyTOTP(e.ctx, partial, e.code(u.secret, 0), actor())
			if err != nil {
				t.Fatal(err)
			}
			if full == "" || full == partial {
				t.Fatalf("full token %q, partial %q: want a new token", full, partial)
			}
			_, _, err = e.svc.Authenticate(e.ctx, partial, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
			if e.sessionRows(partial) != 0 {
				t.Error("partial session row still stored")
			}
			sess, got := e.authenticate(full)
			if sess.Stage != auth.StageFull || got.UserID() != u.ID {
				t.Fatalf("session = %+v, user %s", sess, got.UserID())
			}
			if want := sess.CreatedAt.Add(12 * time.Hour); !sess.ExpiresAt.Equal(want) {
				t.Errorf("full session expires %v, want %v", sess.ExpiresAt, want)
			}
			rec := e.lastAudit("auth.login")
			if rec.Result != audit.ResultSuccess || rec.ActorID != u.ID || rec.Actor != u.Email {
				t.Errorf("audit row = %+v", rec)
			}
		})

		t.Run("wrong code refused, partial session kept", func(t *testing.T) {
			e.clock.Advance(30 * time.Second)
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			for _, code := range []string{wrongCode(e.code(u.secret, 0)), "", "12345", "1234567", "abcdef"} {
				full, err := e.svc.VerifyTOTP(e.ctx, partial, code, actor())
				wantErr(t, err, auth.ErrInvalidCode)
				if full != "" {
					t.Fatalf("token %q returned with an error", full)
				}
				e.clock.Advance(time.Second)
				// Reset the account count, or the fifth attempt is throttled.
				if _, err := e.d.Exec(e.ctx, "DELETE FROM login_attempts"); err != nil {
					t.Fatal(err)
				}
			}
			rec := e.lastAudit("auth.totp")
			if rec.Result != audit.ResultFailure || rec.Detail["reason"] != "invalid_code" {
				t.Errorf("audit row = %+v", rec)
			}
			if s, _ := e.authenticate(partial); s.Stage != auth.StageMFA {
				t.Fatalf("partial stage = %q", s.Stage)
			}
			if _, err := e.svc.VerifyTOTP(e.ctx, partial, " "+e.code(u.secret, 0)[:3]+" "+e.code(u.secret, 0)[3:], actor()); err != nil {
				t.Fatalf("code with spaces: %v", err)
			}
		})

		t.Run("code reused in the same step refused", func(t *testing.T) {
			e.clock.Advance(30 * time.Second)
			code := e.code(u.secret, 0)
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			full, err := e.svc.VerifyTOTP(e.ctx, partial, code, actor())
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.Logout(e.ctx, full, e.as(u.User)); err != nil {
				t.Fatal(err)
			}
			partial = e.login(u.Email, goodPassword, auth.StageMFA)
			_, err = e.svc.VerifyTOTP(e.ctx, partial, code, actor())
			wantErr(t, err, auth.ErrInvalidCode)
			// An earlier step than the one used is refused as well.
			_, err = e.svc.VerifyTOTP(e.ctx, partial, e.code(u.secret, -1), actor())
			wantErr(t, err, auth.ErrInvalidCode)
		})

		t.Run("clock skew of one step accepted, two refused", func(t *testing.T) {
			e.clock.Advance(5 * 30 * time.Second)
			tests := []struct {
				name  string
				steps int
				ok    bool
			}{
				{"two steps behind", -2, false},
				{"two steps ahead", 2, false},
				{"one step behind", -1, true},
				{"one step ahead", 1, true},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					partial := e.login(u.Email, goodPassword, auth.StageMFA)
					_, err := e.svc.VerifyTOTP(e.ctx, partial, e.code(u.secret, tt.steps), actor())
					if tt.ok && err != nil {
						t.Fatalf("code %+d steps: %v", tt.steps, err)
					}
					if !tt.ok {
						wantErr(t, err, auth.ErrInvalidCode)
					}
				})
			}
		})

		t.Run("partial session expires after 15 minutes", func(t *testing.T) {
			e.clock.Advance(30 * time.Second)
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			e.clock.Advance(15 * time.Minute)
			_, err := e.svc.VerifyTOTP(e.ctx, partial, e.code(u.secret, 0), actor())
			wantErr(t, err, auth.ErrSessionInvalid)
		})
	})
}

func TestSecondFactorWrongStage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		e.userWithPassword("ben@example.org", perm.Counselor)
		full := e.fullLogin(u)
		mfa := e.login(u.Email, goodPassword, auth.StageMFA)
		enroll := e.login("ben@example.org", goodPassword, auth.StageEnroll)
		code := func() string { return e.code(u.secret, 0) }

		tests := []struct {
			name string
			call func() error
		}{
			{"VerifyTOTP with full session", func() error {
				_, err := e.svc.VerifyTOTP(e.ctx, full, code(), actor())
				return err
			}},
			{"VerifyTOTP with enroll session", func() error {
				_, err := e.svc.VerifyTOTP(e.ctx, enroll, code(), actor())
				return err
			}},
			{"VerifyTOTP without session", func() error {
				_, err := e.svc.VerifyTOTP(e.ctx, "", code(), actor())
				return err
			}},
			{"UseRecoveryCode with full session", func() error {
				_, err := e.svc.UseRecoveryCode(e.ctx, full, u.codes[0], actor())
				return err
			}},
			{"EnrollmentKey with mfa session", func() error {
				_, err := e.svc.EnrollmentKey(e.ctx, mfa)
				return err
			}},
			{"EnrollmentKey with full session", func() error {
				_, err := e.svc.EnrollmentKey(e.ctx, full)
				return err
			}},
			{"ConfirmEnrollment with mfa session", func() error {
				_, _, err := e.svc.ConfirmEnrollment(e.ctx, mfa, code(), actor())
				return err
			}},
			{"ConfirmEnrollment with unknown token", func() error {
				_, _, err := e.svc.ConfirmEnrollment(e.ctx, "no-such-token", code(), actor())
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantErr(t, tt.call(), auth.ErrSessionInvalid)
			})
		}
		// None of the refusals touched the sessions or the second factor.
		if s, _ := e.authenticate(full); s.Stage != auth.StageFull {
			t.Errorf("full session stage = %q", s.Stage)
		}
		if got := e.user(u.ID); !got.TOTPEnabled {
			t.Error("TOTP turned off")
		}
		if n, _ := auth.RecoveryCodesLeft(e.ctx, e.d, u.ID); n != auth.RecoveryCodeCount {
			t.Errorf("recovery codes left = %d", n)
		}
	})
}

var recoveryCodeFormat = regexp.MustCompile(`^[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}$`)

func TestRecoveryCodes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		use := func(code string) (string, error) {
			t.Helper()
			e.clock.Advance(time.Second)
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			return e.svc.UseRecoveryCode(e.ctx, partial, code, actor())
		}
		left := func() int {
			t.Helper()
			n, err := auth.RecoveryCodesLeft(e.ctx, e.d, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("enrolment hands out ten distinct codes, stored hashed", func(t *testing.T) {
			if len(u.codes) != auth.RecoveryCodeCount || auth.RecoveryCodeCount != 10 {
				t.Fatalf("got %d codes, want 10", len(u.codes))
			}
			seen := map[string]bool{}
			for _, c := range u.codes {
				if !recoveryCodeFormat.MatchString(c) {
					t.Errorf("code %q has the wrong format", c)
				}
				if seen[c] {
					t.Errorf("code %q handed out twice", c)
				}
				seen[c] = true
				if n := e.count("recovery_codes", "code_hash LIKE ?", "%"+strings.ReplaceAll(c, "-", "")+"%"); n != 0 {
					t.Errorf("code %q stored in clear", c)
				}
			}
			if n := left(); n != 10 {
				t.Fatalf("RecoveryCodesLeft = %d, want 10", n)
			}
		})

		t.Run("each code works once", func(t *testing.T) {
			full, err := use(u.codes[0])
			if err != nil {
				t.Fatal(err)
			}
			if s, _ := e.authenticate(full); s.Stage != auth.StageFull {
				t.Fatalf("stage = %q", s.Stage)
			}
			if n := left(); n != 9 {
				t.Fatalf("RecoveryCodesLeft = %d, want 9", n)
			}
			rec := e.lastAudit("auth.login_recovery_code")
			if rec.Result != audit.ResultSuccess || rec.ActorID != u.ID {
				t.Errorf("audit row = %+v", rec)
			}
			_, err = use(u.codes[0])
			wantErr(t, err, auth.ErrInvalidCode)
			if n := left(); n != 9 {
				t.Fatalf("RecoveryCodesLeft = %d after a refused code, want 9", n)
			}
		})

		t.Run("spaces and capitals accepted", func(t *testing.T) {
			for i, code := range []string{
				strings.ToUpper(u.codes[1]),
				" " + strings.ReplaceAll(u.codes[2], "-", " ") + " ",
				strings.ReplaceAll(strings.ToUpper(u.codes[3]), "-", ""),
			} {
				if _, err := use(code); err != nil {
					t.Fatalf("code %q: %v", code, err)
				}
				if n := left(); n != 8-i {
					t.Fatalf("RecoveryCodesLeft = %d, want %d", n, 8-i)
				}
			}
		})

		t.Run("another user's code refused", func(t *testing.T) {
			other := e.enrolledUser("ben@example.org", perm.Counselor)
			partial := e.login(other.Email, goodPassword, auth.StageMFA)
			_, err := e.svc.UseRecoveryCode(e.ctx, partial, u.codes[4], actor())
			wantErr(t, err, auth.ErrInvalidCode)
			if n := left(); n != 6 {
				t.Fatalf("RecoveryCodesLeft = %d, want 6", n)
			}
		})

		t.Run("renewal invalidates the old codes", func(t *testing.T) {
			codes, err := e.svc.RenewRecoveryCodes(e.ctx, e.as(u.User))
			if err != nil {
				t.Fatal(err)
			}
			if len(codes) != 10 || left() != 10 {
				t.Fatalf("renewed %d codes, %d left; want 10", len(codes), left())
			}
			old := map[string]bool{}
			for _, c := range u.codes {
				old[c] = true
			}
			for _, c := range codes {
				if old[c] {
					t.Fatalf("renewed code %q equals an old one", c)
				}
			}
			rec := e.lastAudit("auth.recovery_codes_renew")
			if rec.ActorID != u.ID || rec.Result != audit.ResultSuccess {
				t.Errorf("audit row = %+v", rec)
			}
			_, err = use(u.codes[5])
			wantErr(t, err, auth.ErrInvalidCode)
			if _, err := use(codes[0]); err != nil {
				t.Fatalf("new code: %v", err)
			}
			if n := left(); n != 9 {
				t.Fatalf("RecoveryCodesLeft = %d, want 9", n)
			}
		})
		e.verifyAudit()
	})
}

func TestEnrollment(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.userWithPassword("anna@example.org", perm.Counselor)
		tok := e.login(u.Email, goodPassword, auth.StageEnroll)

		key, err := e.svc.EnrollmentKey(e.ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if key.Issuer() != auth.TOTPIssuer || key.AccountName() != u.Email || len(key.Secret()) < 32 {
			t.Fatalf("key = %s", key.URL())
		}

		t.Run("key stable across calls and logins", func(t *testing.T) {
			again, err := e.svc.EnrollmentKey(e.ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			other := e.login(u.Email, goodPassword, auth.StageEnroll)
			third, err := e.svc.EnrollmentKey(e.ctx, other)
			if err != nil {
				t.Fatal(err)
			}
			if again.Secret() != key.Secret() || third.Secret() != key.Secret() {
				t.Fatalf("secrets differ: %s, %s, %s", key.Secret(), again.Secret(), third.Secret())
			}
			if again.URL() != key.URL() {
				t.Errorf("URL %s, want %s", again.URL(), key.URL())
			}
		})

		t.Run("secret stored encrypted", func(t *testing.T) {
			var stored string
			if err := e.d.QueryRow(e.ctx, "SELECT totp_secret FROM users WHERE id = ?", u.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if stored == "" {
				t.Fatal("no secret stored")
			}
			for _, s := range []string{key.Secret(), strings.ToLower(key.Secret()), key.Secret()[:16]} {
				if strings.Contains(stored, s) {
					t.Fatalf("stored secret %q contains %q", stored, s)
				}
			}
		})

		t.Run("wrong code refused, TOTP stays off", func(t *testing.T) {
			full, codes, err := e.svc.ConfirmEnrollment(e.ctx, tok, wrongCode(e.code(key.Secret(), 0)), actor())
			wantErr(t, err, auth.ErrInvalidCode)
			if full != "" || codes != nil {
				t.Fatalf("got token %q and codes %v with an error", full, codes)
			}
			if e.user(u.ID).TOTPEnabled {
				t.Fatal("TOTP enabled after a wrong code")
			}
			if n := e.count("recovery_codes", "user_id = ?", u.ID); n != 0 {
				t.Fatalf("%d recovery codes stored", n)
			}
			if s, _ := e.authenticate(tok); s.Stage != auth.StageEnroll {
				t.Fatalf("stage = %q", s.Stage)
			}
			rec := e.lastAudit("auth.totp_enrol")
			if rec.Result != audit.ResultFailure {
				t.Errorf("audit row = %+v", rec)
			}
		})

		t.Run("right code turns TOTP on", func(t *testing.T) {
			full, codes, err := e.svc.ConfirmEnrollment(e.ctx, tok, e.code(key.Secret(), 0), actor())
			if err != nil {
				t.Fatal(err)
			}
			if len(codes) != auth.RecoveryCodeCount {
				t.Fatalf("%d codes", len(codes))
			}
			if s, _ := e.authenticate(full); s.Stage != auth.StageFull {
				t.Fatalf("stage = %q", s.Stage)
			}
			if e.sessionRows(tok) != 0 {
				t.Fatal("enrolment session kept")
			}
			if !e.user(u.ID).TOTPEnabled {
				t.Fatal("TOTP not enabled")
			}
			// The code used to confirm cannot log in again.
			partial := e.login(u.Email, goodPassword, auth.StageMFA)
			_, err = e.svc.VerifyTOTP(e.ctx, partial, e.code(key.Secret(), 0), actor())
			wantErr(t, err, auth.ErrInvalidCode)
			e.clock.Advance(30 * time.Second)
			if _, err := e.svc.VerifyTOTP(e.ctx, partial, e.code(key.Secret(), 0), actor()); err != nil {
				t.Fatalf("next step: %v", err)
			}
		})
		e.verifyAudit()
	})
}
