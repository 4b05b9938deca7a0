package online_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// TestAccounts: nicknames are unique whatever their case; a wrong password
// and an unknown nickname get the same answer; the recovery code sets a new
// password and opens the same private key, and the old password stops
// working.
func TestAccounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		c := fx.signUp(t, "Sonnen Blume")
		dup := c
		dup.Nickname = "  sonnen   BLUME "
		if _, _, err := fx.s.Register(ctx, signUpOf(t, dup)); !errors.Is(err, online.ErrNicknameTaken) {
			t.Errorf("the same nickname again: %v, want ErrNicknameTaken", err)
		}
		bad := signUpOf(t, c)
		bad.Nickname, bad.PublicKey = "x@y.de", "not-a-key"
		var problems valid.Errors
		if _, _, err := fx.s.Register(ctx, bad); !errors.As(err, &problems) || !problems.Has("nickname") || !problems.Has("public_key") {
			t.Errorf("bad sign-up: %v, want problems with nickname and public_key", err)
		}
		salt, err := fx.s.LoginSalt(ctx, c.Nickname)
		if err != nil {
			t.Fatal(err)
		}
		authOf := func(pw, salt string) string { return authWithSalt(t, pw, salt) }
		if _, _, err := fx.s.Login(ctx, "sonnen blume", authOf(c.Password, salt)); err != nil {
			t.Fatalf("login: %v", err)
		}
		if _, _, err := fx.s.Login(ctx, c.Nickname, authOf("falsch", salt)); !errors.Is(err, online.ErrBadLogin) {
			t.Errorf("wrong password: %v", err)
		}
		s1, _ := fx.s.LoginSalt(ctx, "Niemand")
		s2, _ := fx.s.LoginSalt(ctx, "niemand")
		if s1 != s2 || len(s1) != 22 {
			t.Errorf("stand-in salts %q, %q: want the same 16 bytes each time", s1, s2)
		}
		if _, _, err := fx.s.Login(ctx, "Niemand", authOf("x", s1)); !errors.Is(err, online.ErrBadLogin) {
			t.Errorf("unknown nickname: %v", err)
		}
		recoverWith(t, fx, c)
		if _, _, err := fx.s.Login(ctx, c.Nickname, authOf(c.Password, salt)); !errors.Is(err, online.ErrBadLogin) {
			t.Errorf("the old password still works after the reset: %v", err)
		}
	})
}

// recoverWith sets a new password with the recovery code, as the browser
// does, and checks that the private key is the same one.
func recoverWith(t *testing.T, fx *fixture, c client) {
	t.Helper()
	ctx := context.Background()
	rsaltB64, err := fx.s.RecoverySalt(ctx, c.Nickname)
	if err != nil {
		t.Fatal(err)
	}
	rsalt, _ := e2e.Decode(rsaltB64)
	rauth, rwrap, _ := e2e.RecoverySecrets(c.Code, rsalt)
	if _, err := fx.s.RecoveryKey(ctx, c.Nickname, e2e.Encode(make([]byte, 32))); !errors.Is(err, online.ErrBadLogin) {
		t.Errorf("a wrong code: %v", err)
	}
	sealed, err := fx.s.RecoveryKey(ctx, c.Nickname, e2e.Encode(rauth))
	if err != nil {
		t.Fatal(err)
	}
	key, err := e2e.OpenPrivateKey(sealed, rwrap)
	if err != nil || key.PublicB64() != c.Key.PublicB64() {
		t.Fatalf("the recovery code opens another key (%v)", err)
	}
	salt := e2e.NewSalt()
	newAuth, wrap, _ := e2e.PasswordSecrets("ein neues langes Passwort", salt)
	byPw, _ := e2e.SealPrivateKey(key, wrap)
	id, _, err := fx.s.ResetPassword(ctx, online.Reset{Nickname: c.Nickname, RecoveryAuth: e2e.Encode(rauth), Salt: e2e.Encode(salt),
		Auth: e2e.Encode(newAuth), PrivateByPassword: byPw})
	if err != nil || id != c.ID {
		t.Fatalf("reset: %q, %v", id, err)
	}
	got, _, err := fx.s.Login(ctx, c.Nickname, e2e.Encode(newAuth))
	if err != nil {
		t.Fatal(err)
	}
	if k, err := e2e.OpenPrivateKey(got.PrivateByPassword, wrap); err != nil || k.PublicB64() != c.Key.PublicB64() {
		t.Errorf("after the reset the password opens another key (%v)", err)
	}
}

// authFor derives the login auth value of nickname's account as the
// browser does.
func authFor(t *testing.T, fx *fixture, nickname, password string) string {
	t.Helper()
	salt, err := fx.s.LoginSalt(context.Background(), nickname)
	if err != nil {
		t.Fatal(err)
	}
	return authWithSalt(t, password, salt)
}

func authWithSalt(t *testing.T, password, salt string) string {
	t.Helper()
	b, _ := e2e.Decode(salt)
	a, _, err := e2e.PasswordSecrets(password, b)
	if err != nil {
		t.Fatal(err)
	}
	return e2e.Encode(a)
}
