package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

func TestLoginStartsPartialSession(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		withTOTP := e.enrolledUser("anna@example.org", perm.Counselor)
		e.userWithPassword("ben@example.org", perm.Counselor)
		tests := []struct {
			name, email string
			want        auth.Stage
			userID      string
		}{
			{"totp enabled", "anna@example.org", auth.StageMFA, withTOTP.ID},
			{"totp not enabled", "ben@example.org", auth.StageEnroll, ""},
			{"e-mail case and spaces ignored", "  Anna@EXAMPLE.org ", auth.StageMFA, withTOTP.ID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tok := e.login(tt.email, goodPassword, tt.want)
				sess, u := e.authenticate(tok)
				if sess.Stage != tt.want {
					t.Errorf("session stage = %q, want %q", sess.Stage, tt.want)
				}
				if tt.userID != "" && u.UserID() != tt.userID {
					t.Errorf("session user = %s, want %s", u.UserID(), tt.userID)
				}
				if sess.IP != clientIP || sess.UserAgent != "test-agent" {
					t.Errorf("session ip/agent = %q/%q", sess.IP, sess.UserAgent)
				}
				if want := sess.CreatedAt.Add(15 * time.Minute); !sess.ExpiresAt.Equal(want) {
					t.Errorf("partial session expires %v, want %v (15 min)", sess.ExpiresAt, want)
				}
				rec := e.lastAudit("auth.password")
				if rec.Result != audit.ResultSuccess || rec.Detail["next"] != string(tt.want) || rec.ActorID != u.UserID() {
					t.Errorf("audit row = %+v", rec)
				}
			})
		}
		t.Run("each login gets a new token", func(t *testing.T) {
			a := e.login("anna@example.org", goodPassword, auth.StageMFA)
			b := e.login("anna@example.org", goodPassword, auth.StageMFA)
			if a == b {
				t.Fatal("two logins share a token")
			}
		})
	})
}

func TestLoginFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		e.enrolledUser("anna@example.org", perm.Counselor)
		off := e.userWithPassword("off@example.org", perm.Counselor)
		if err := e.svc.SetDisabled(e.ctx, off.ID, true, setupActor); err != nil {
			t.Fatal(err)
		}
		e.createUser("new@example.org", perm.Counselor) // setup link not used yet
		tests := []struct {
			name, email, pw, reason string
		}{
			{"wrong password", "anna@example.org", otherPassword, "wrong_password"},
			{"empty password", "anna@example.org", "", "wrong_password"},
			{"unknown e-mail", "nobody@example.org", goodPassword, "unknown_account"},
			{"disabled user", "off@example.org", goodPassword, "disabled"},
			{"user without password", "new@example.org", "", "no_password"},
			{"user without password, some password", "new@example.org", goodPassword, "no_password"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e.clock.Advance(time.Second)
				sessions := e.count("sessions", "")
				failures := e.countAudit("auth.login", audit.ResultFailure)
				attempts := e.count("login_attempts", "email = ? AND success = ?", tt.email, false)

				tok, stage, err := e.svc.Login(e.ctx, tt.email, tt.pw, actor())
				wantErr(t, err, auth.ErrInvalidCredentials)
				if tok != "" || stage != "" {
					t.Errorf("Login returned token %q, stage %q on failure", tok, stage)
				}
				if n := e.count("sessions", ""); n != sessions {
					t.Errorf("sessions: %d before, %d after a failed login", sessions, n)
				}
				if n := e.countAudit("auth.login", audit.ResultFailure); n != failures+1 {
					t.Errorf("auth.login failure rows: %d before, %d after", failures, n)
				}
				rec := e.lastAudit("auth.login")
				if rec.Result != audit.ResultFailure || rec.Detail["reason"] != tt.reason ||
					rec.Actor != tt.email || rec.IP != clientIP {
					t.Errorf("audit row = %+v, want failure with reason %q", rec, tt.reason)
				}
				if n := e.count("login_attempts", "email = ? AND success = ?", tt.email, false); n != attempts+1 {
					t.Errorf("failed attempts for %s: %d before, %d after", tt.email, attempts, n)
				}
			})
		}
		e.verifyAudit()
	})
}

func TestThrottleAccount(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		fail := func(n int) {
			t.Helper()
			for range n {
				e.clock.Advance(time.Second)
				_, _, err := e.svc.Login(e.ctx, u.Email, otherPassword, actor())
				wantErr(t, err, auth.ErrInvalidCredentials)
			}
		}

		t.Run("locked after MaxAccountFailures", func(t *testing.T) {
			fail(auth.MaxAccountFailures)
			e.clock.Advance(time.Second)
			sessions := e.count("sessions", "")
			tok, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, actor())
			te := wantThrottled(t, err)
			if tok != "" || e.count("sessions", "") != sessions {
				t.Fatal("a throttled login started a session")
			}
			if want := auth.ThrottleWindow - time.Second; te.Wait != want {
				t.Errorf("Wait = %v, want %v (window from the latest failure)", te.Wait, want)
			}
			rec := e.lastAudit("auth.login")
			if rec.Result != audit.ResultDenied || rec.Detail["reason"] != "throttled" {
				t.Errorf("audit row = %+v, want denied/throttled", rec)
			}
			// Another account from the same address is not affected.
			e.userWithPassword("ben@example.org", perm.Counselor)
			e.login("ben@example.org", goodPassword, auth.StageEnroll)
		})

		t.Run("free again after the window", func(t *testing.T) {
			e.clock.Advance(auth.ThrottleWindow)
			e.login(u.Email, goodPassword, auth.StageMFA)
		})

		t.Run("success resets the account count", func(t *testing.T) {
			e.clock.Advance(auth.ThrottleWindow)
			fail(auth.MaxAccountFailures - 1)
			e.fullLogin(u) // a full login records a success
			fail(auth.MaxAccountFailures - 1)
			e.clock.Advance(time.Second)
			e.login(u.Email, goodPassword, auth.StageMFA) // 8 failures in the window, 4 since the success
			fail(1)
			e.clock.Advance(time.Second)
			_, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, actor())
			wantThrottled(t, err)
		})

		t.Run("wrong TOTP codes count too", func(t *testing.T) {
			e.clock.Advance(auth.ThrottleWindow + time.Minute)
			tok := e.login(u.Email, goodPassword, auth.StageMFA)
			for range auth.MaxAccountFailures {
				e.clock.Advance(time.Second)
				_, err := e.svc.VerifyTOTP(e.ctx, tok, wrongCode(e.code(u.secret, 0)), actor())
				wantErr(t, err, auth.ErrInvalidCode)
			}
			_, err := e.svc.VerifyTOTP(e.ctx, tok, e.code(u.secret, 0), actor())
			wantThrottled(t, err)
			_, err = e.svc.UseRecoveryCode(e.ctx, tok, u.codes[0], actor())
			wantThrottled(t, err)
			_, _, err = e.svc.Login(e.ctx, u.Email, goodPassword, actor())
			wantThrottled(t, err)
			if n := e.countAudit("auth.totp", audit.ResultDenied); n != 1 {
				t.Errorf("auth.totp denied rows = %d, want 1", n)
			}
		})
	})
}

func TestThrottleAddress(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		// neighbour shares the attacker's /24; other is another network.
		const attacker, neighbour, other = "203.0.113.66", "203.0.113.77", "198.51.100.7"
		for i := range auth.MaxAddressFailures {
			_, _, err := e.svc.Login(e.ctx, fmt.Sprintf("guess%d@example.org", i), goodPassword, actorFrom(attacker))
			wantErr(t, err, auth.ErrInvalidCredentials)
		}
		e.clock.Advance(time.Minute)

		_, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, actorFrom(attacker))
		wantThrottled(t, err)
		_, _, err = e.svc.Login(e.ctx, "fresh@example.org", goodPassword, actorFrom(attacker))
		wantThrottled(t, err)
		// Another address of the same /24 is the same network.
		_, _, err = e.svc.Login(e.ctx, u.Email, goodPassword, actorFrom(neighbour))
		wantThrottled(t, err)

		// The account itself is not locked: from another network it works.
		if _, stage, err := e.svc.Login(e.ctx, u.Email, goodPassword, actorFrom(other)); err != nil || stage != auth.StageMFA {
			t.Fatalf("Login from another address = %q, %v", stage, err)
		}
		_, _, err = e.svc.Login(e.ctx, "fresh@example.org", goodPassword, actorFrom(other))
		wantErr(t, err, auth.ErrInvalidCredentials)

		e.clock.Advance(auth.ThrottleWindow)
		if _, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, actorFrom(attacker)); err != nil {
			t.Fatalf("Login after the window: %v", err)
		}
	})
}

func TestAddressRange(t *testing.T) {
	cases := []struct{ ip, want string }{
		{"203.0.113.66", "203.0.113.0/24"},
		{"203.0.113.255", "203.0.113.0/24"},
		{"::ffff:203.0.113.5", "203.0.113.0/24"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"not an address", "not an address"},
	}
	for _, c := range cases {
		if got := auth.AddressRange(c.ip); got != c.want {
			t.Errorf("AddressRange(%q) = %q, want %q", c.ip, got, c.want)
		}
	}
}

// TestStrangersCannotLockTheOwnerOut: someone who knows the e-mail address
// fails again and again from elsewhere; the account is closed to strangers,
// but the owner's browser that signed in before (its device cookie) still
// gets in, and only that device's own failures lock it.
func TestStrangersCannotLockTheOwnerOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		e.fullLogin(u)
		device := e.svc.DeviceToken(u.Email)
		owner := auth.Anonymous(auth.Client{IP: "198.51.100.20", UserAgent: "owner", Device: device})
		stranger := actorFrom("203.0.113.66")
		for range auth.MaxAccountFailures + 2 {
			e.clock.Advance(time.Second)
			_, _, _ = e.svc.Login(e.ctx, u.Email, otherPassword, stranger)
		}
		_, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, stranger)
		wantThrottled(t, err)
		// A stranger on another network, without the device, is locked out too.
		_, _, err = e.svc.Login(e.ctx, u.Email, goodPassword, actorFrom("192.0.2.200"))
		wantThrottled(t, err)

		// The owner's known device: in, with the right password and code.
		tok, stage, err := e.svc.Login(e.ctx, u.Email, goodPassword, owner)
		if err != nil || stage != auth.StageMFA {
			t.Fatalf("owner's device locked out: %v", err)
		}
		if _, err := e.svc.VerifyTOTP(e.ctx, tok, e.code(u.secret, 1), owner); err != nil {
			t.Fatalf("owner's code refused: %v", err)
		}

		// A device cookie is bound to its account and to the key.
		for name, forged := range map[string]string{
			"another account's cookie": e.svc.DeviceToken("ben@example.org"),
			"a made-up cookie":         "AAAAAAAAAAAAAAAAAAAAAA.bm90LWEtbWFj",
		} {
			p := auth.Anonymous(auth.Client{IP: "198.51.100.21", Device: forged})
			if _, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, p); !errors.As(err, new(*auth.ThrottledError)) {
				t.Errorf("%s counted as the owner's device: %v", name, err)
			}
		}

		// The device's own failures lock only the device.
		e.clock.Advance(time.Minute)
		for range auth.MaxAccountFailures {
			e.clock.Advance(time.Second)
			_, _, err := e.svc.Login(e.ctx, u.Email, otherPassword, owner)
			wantErr(t, err, auth.ErrInvalidCredentials)
		}
		_, _, err = e.svc.Login(e.ctx, u.Email, goodPassword, owner)
		wantThrottled(t, err)
		other := auth.Anonymous(auth.Client{IP: "198.51.100.20", Device: e.svc.DeviceToken(u.Email)})
		if _, _, err := e.svc.Login(e.ctx, u.Email, goodPassword, other); err != nil {
			t.Fatalf("another known device of the owner is locked too: %v", err)
		}
	})
}
