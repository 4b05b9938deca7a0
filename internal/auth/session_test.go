package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

func TestSessionTimeouts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)

		t.Run("idle timeout", func(t *testing.T) {
			tok := e.fullLogin(u)
			e.clock.Advance(29 * time.Minute)
			e.authenticate(tok)
			e.clock.Advance(31 * time.Minute)
			_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
			if e.sessionRows(tok) != 0 {
				t.Fatal("idle session row not deleted")
			}
			_, _, err = e.svc.Authenticate(e.ctx, tok, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
		})

		t.Run("idle timeout is exact", func(t *testing.T) {
			tok := e.fullLogin(u)
			e.clock.Advance(30 * time.Minute)
			_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
		})

		t.Run("activity keeps it alive", func(t *testing.T) {
			tok := e.fullLogin(u)
			for range 3 {
				e.clock.Advance(20 * time.Minute)
				s, _ := e.authenticate(tok)
				if !s.LastSeenAt.Equal(e.clock.Now()) {
					t.Fatalf("last seen %v, want %v", s.LastSeenAt, e.clock.Now())
				}
			}
		})

		t.Run("last seen written at most once a minute", func(t *testing.T) {
			tok := e.fullLogin(u)
			s0, _ := e.authenticate(tok)
			e.clock.Advance(30 * time.Second)
			if s, _ := e.authenticate(tok); !s.LastSeenAt.Equal(s0.LastSeenAt) {
				t.Fatalf("last seen moved after 30 s: %v -> %v", s0.LastSeenAt, s.LastSeenAt)
			}
			e.clock.Advance(30 * time.Second)
			if s, _ := e.authenticate(tok); !s.LastSeenAt.Equal(e.clock.Now()) {
				t.Fatalf("last seen %v, want %v", s.LastSeenAt, e.clock.Now())
			}
		})

		t.Run("absolute limit despite activity", func(t *testing.T) {
			tok := e.fullLogin(u)
			s, _ := e.authenticate(tok)
			for e.clock.Now().Add(20 * time.Minute).Before(s.CreatedAt.Add(12 * time.Hour)) {
				e.clock.Advance(20 * time.Minute)
				e.authenticate(tok)
			}
			e.clock.Advance(s.CreatedAt.Add(12 * time.Hour).Sub(e.clock.Now()))
			_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
			if e.sessionRows(tok) != 0 {
				t.Fatal("expired session row not deleted")
			}
		})
	})
}

func TestSessionEnding(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		anna := e.enrolledUser("anna@example.org", perm.Counselor)
		ben := e.enrolledUser("ben@example.org", perm.Counselor)

		t.Run("invalid tokens", func(t *testing.T) {
			for _, tok := range []string{"", "x", strings.Repeat("A", 43)} {
				_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
				wantErr(t, err, auth.ErrSessionInvalid)
			}
		})

		t.Run("logout deletes the session", func(t *testing.T) {
			tok := e.fullLogin(anna)
			other := e.fullLogin(anna)
			if err := e.svc.Logout(e.ctx, tok, e.as(anna.User)); err != nil {
				t.Fatal(err)
			}
			if e.sessionRows(tok) != 0 {
				t.Fatal("session row kept after logout")
			}
			_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
			e.authenticate(other) // other sessions live on
			rec := e.lastAudit("auth.logout")
			if rec.ActorID != anna.ID || rec.Result != audit.ResultSuccess {
				t.Errorf("audit row = %+v", rec)
			}
		})

		t.Run("disabling ends all sessions of the user", func(t *testing.T) {
			a1, a2 := e.fullLogin(anna), e.fullLogin(anna)
			a3 := e.login(anna.Email, goodPassword, auth.StageMFA)
			b1 := e.fullLogin(ben)
			if err := e.svc.SetDisabled(e.ctx, anna.ID, true, setupActor); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{a1, a2, a3} {
				_, _, err := e.svc.Authenticate(e.ctx, tok, auth.Client{})
				wantErr(t, err, auth.ErrSessionInvalid)
			}
			if n := e.count("sessions", "user_id = ?", anna.ID); n != 0 {
				t.Fatalf("%d sessions left", n)
			}
			e.authenticate(b1)
			if err := e.svc.SetDisabled(e.ctx, anna.ID, false, setupActor); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("EndSession only ends own sessions", func(t *testing.T) {
			annaTok, annaOther := e.fullLogin(anna), e.fullLogin(anna)
			benTok := e.fullLogin(ben)
			annaSess, _ := e.authenticate(annaTok)
			otherSess, _ := e.authenticate(annaOther)
			_, benUser := e.authenticate(benTok)

			err := e.svc.EndSession(e.ctx, benUser, annaSess.ID)
			wantErr(t, err, db.ErrNotFound)
			e.authenticate(annaTok)
			err = e.svc.EndSession(e.ctx, benUser, "no-such-id")
			wantErr(t, err, db.ErrNotFound)

			list, err := auth.SessionsOf(e.ctx, e.d, anna.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 {
				t.Fatalf("SessionsOf = %d sessions, want 2", len(list))
			}
			if err := e.svc.EndSession(e.ctx, e.as(anna.User), otherSess.ID); err != nil {
				t.Fatal(err)
			}
			_, _, err = e.svc.Authenticate(e.ctx, annaOther, auth.Client{})
			wantErr(t, err, auth.ErrSessionInvalid)
			e.authenticate(annaTok)
			rec := e.lastAudit("auth.session_end")
			if rec.ObjectID != otherSess.ID || rec.ActorID != anna.ID {
				t.Errorf("audit row = %+v", rec)
			}
		})

		t.Run("SessionsOf lists only full sessions, newest first", func(t *testing.T) {
			e.login(ben.Email, goodPassword, auth.StageMFA)
			list, err := auth.SessionsOf(e.ctx, e.d, ben.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range list {
				if s.Stage != auth.StageFull || s.UserID != ben.ID {
					t.Errorf("listed %+v", s)
				}
				if i > 0 && s.LastSeenAt.After(list[i-1].LastSeenAt) {
					t.Errorf("not newest first: %v after %v", s.LastSeenAt, list[i-1].LastSeenAt)
				}
			}
		})
		e.verifyAudit()
	})
}

func TestSessionTokenStoredHashed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		partial := e.login(u.Email, goodPassword, auth.StageMFA)
		full := e.fullLogin(u)
		for name, tok := range map[string]string{"partial": partial, "full": full} {
			t.Run(name, func(t *testing.T) {
				if len(tok) < 43 {
					t.Fatalf("token %q shorter than 256 bits", tok)
				}
				var id, hash, userID, stage, ip, ua string
				err := e.d.QueryRow(e.ctx, "SELECT id, token_hash, user_id, stage, ip, user_agent FROM sessions WHERE token_hash = ?",
					sha256Hex(tok)).Scan(&id, &hash, &userID, &stage, &ip, &ua)
				if err != nil {
					t.Fatalf("no session row with the token's SHA-256: %v", err)
				}
				if hash == tok {
					t.Fatal("token stored in clear")
				}
				for _, v := range []string{id, hash, userID, stage, ip, ua} {
					if strings.Contains(v, tok) {
						t.Fatalf("session column %q contains the token", v)
					}
				}
				if n := e.count("sessions", "token_hash = ? OR id = ?", tok, tok); n != 0 {
					t.Fatal("token found in the sessions table")
				}
			})
		}
	})
}

func TestCleanup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.Counselor)
		_, oldLink := e.createUser("pending@example.org", perm.Counselor)
		_, _, err := e.svc.Login(e.ctx, "ghost@example.org", goodPassword, actor())
		wantErr(t, err, auth.ErrInvalidCredentials)

		e.clock.Advance(73 * time.Hour)
		idle := e.fullLogin(u)
		e.clock.Advance(31 * time.Minute)
		fresh := e.fullLogin(u)
		stalePartial := e.login(u.Email, goodPassword, auth.StageMFA)
		e.clock.Advance(16 * time.Minute)
		partial := e.login(u.Email, goodPassword, auth.StageMFA)
		e.authenticate(fresh)
		_, _, err = e.svc.Login(e.ctx, "ghost2@example.org", goodPassword, actor())
		wantErr(t, err, auth.ErrInvalidCredentials)
		_, newLink := e.createUser("new@example.org", perm.Counselor)

		attemptsBefore := e.count("login_attempts", "")
		for range 2 { // idempotent
			if err := e.svc.Cleanup(e.ctx); err != nil {
				t.Fatal(err)
			}
		}
		for name, tc := range map[string]struct {
			tok  string
			kept bool
		}{
			"idle": {idle, false}, "fresh": {fresh, true}, "partial": {partial, true}, "stale partial": {stalePartial, false},
		} {
			if got := e.sessionRows(tc.tok) == 1; got != tc.kept {
				t.Errorf("%s session kept = %v, want %v", name, got, tc.kept)
			}
		}
		if n := e.count("login_attempts", "email = ?", "ghost@example.org"); n != 0 {
			t.Errorf("%d old login attempts kept", n)
		}
		if n := e.count("login_attempts", "email = ?", "ghost2@example.org"); n != 1 {
			t.Errorf("recent login attempt removed (%d left)", n)
		}
		if n := e.count("login_attempts", ""); n >= attemptsBefore {
			t.Errorf("login attempts %d -> %d", attemptsBefore, n)
		}
		if n := e.count("setup_tokens", "token_hash = ?", sha256Hex(oldLink)); n != 0 {
			t.Error("expired setup link kept")
		}
		if n := e.count("setup_tokens", "token_hash = ?", sha256Hex(newLink)); n != 1 {
			t.Error("valid setup link removed")
		}
		if n := e.count("setup_tokens", "used_at IS NOT NULL"); n != 0 {
			t.Errorf("%d used setup links kept", n)
		}
		if _, err := e.svc.SetupLinkUser(e.ctx, newLink); err != nil {
			t.Errorf("valid link after cleanup: %v", err)
		}
	})
}
