package auth

import (
	"context"
	"errors"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// SeedUser creates a ready-to-use account with a known password and TOTP
// secret, for demo data only (kmn serve --demo). An existing account with
// the same e-mail is left as it is.
func (s *Service) SeedUser(ctx context.Context, n NewUser, pw, totpSecret string) (*User, error) {
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if u, err := UserByEmail(ctx, s.db, n.Email); err == nil || !errors.Is(err, db.ErrNotFound) {
		return u, err
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if u, err = s.insertUser(ctx, tx, n); err != nil {
			return err
		}
		enc := s.keys.Encrypt([]byte(totpSecret), totpAAD(u.ID))
		if err := touchUser(ctx, tx, u.ID, "password_hash = ?, totp_secret = ?, totp_enabled = ?", s.now(), hash, enc, true); err != nil {
			return err
		}
		if _, err := replaceRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		if u, err = UserByID(ctx, tx, u.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, systemActor("demo"), "user.seed", audit.ResultSuccess, "user", u.ID, userDetail(u))
	})
	return u, err
}

// FirstAdminLink makes sure an admin account exists. When none is usable
// (no admin with a password), it creates one if needed and returns a fresh
// one-time setup link token; otherwise it returns "".
func (s *Service) FirstAdminLink(ctx context.Context, email string) (string, error) {
	var pending *User
	users, _, err := ListUsers(ctx, s.db, UserFilter{Role: "admin", Limit: 1000})
	if err != nil {
		return "", err
	}
	for i := range users {
		if users[i].HasPassword && !users[i].Disabled {
			return "", nil
		}
		if pending == nil && !users[i].Disabled {
			pending = &users[i]
		}
	}
	a := systemActor("first-run")
	if pending == nil {
		u, token, err := s.CreateUser(ctx, NewUser{Email: email, Name: "Administration", Role: "admin"}, a)
		if err != nil {
			return "", err
		}
		_ = u
		return token, nil
	}
	return s.ResetPassword(ctx, pending.ID, a)
}
