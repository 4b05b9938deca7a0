package auth

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// checkNewPassword applies the password policy, with the user's e-mail and
// name as words that must not be the password.
func checkNewPassword(pw, confirm string, u *User) error {
	var e valid.Errors
	for _, p := range password.Check(pw, u.Email, u.Name) {
		e.Add("password", string(p), "Min", password.MinLength, "Max", password.MaxLength)
	}
	if len(e) == 0 && pw != confirm {
		e.Add("confirm", "validation.password_mismatch")
	}
	return e.Err()
}

// ChangePassword sets a new password for p after checking the current
// one, and ends p's other sessions.
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, next, confirm string) error {
	u, err := UserByID(ctx, s.db, p.userID)
	if err != nil {
		return err
	}
	// Wrong current passwords count like failed logins, so a stolen session
	// cannot be used to guess the password.
	if err := s.checkThrottle(ctx, u.Email, p, "auth.password_change"); err != nil {
		return err
	}
	ok, err := s.hasher.Verify(current, u.passwordHash)
	if err != nil {
		return err
	}
	if !ok {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			if err := recordAttempt(ctx, tx, s.attemptOf(p, u.Email, false), s.now()); err != nil {
				return err
			}
			return s.record(ctx, tx, p, "auth.password_change", audit.ResultFailure, "user", u.ID, map[string]string{"reason": "wrong_password"})
		})
		if err != nil {
			return err
		}
		return valid.Errors{{Field: "current", Key: "auth.wrong_password"}}
	}
	if err := checkNewPassword(next, confirm, u); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, u.ID, "password_hash = ?", s.now(), hash); err != nil {
			return err
		}
		if _, err := deleteSessionsOf(ctx, tx, u.ID, p.sessionID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.password_change", audit.ResultSuccess, "user", u.ID, nil)
	})
}

// SetLanguage stores p's interface language.
func (s *Service) SetLanguage(ctx context.Context, p Principal, lang string) error {
	if lang != "de" && lang != "en" {
		return valid.Errors{{Field: "language", Key: "validation.choice"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, p.userID, "language = ?", s.now(), lang); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.language", audit.ResultSuccess, "user", p.userID,
			map[string]string{"before": p.language, "after": lang})
	})
}

// EndSession ends one of p's own sessions. Another user's session id
// gives db.ErrNotFound.
func (s *Service) EndSession(ctx context.Context, p Principal, sessionID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM sessions WHERE id = ? AND user_id = ?", sessionID, p.userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.ErrNotFound
		}
		return s.record(ctx, tx, p, "auth.session_end", audit.ResultSuccess, "session", sessionID, nil)
	})
}

// RenewRecoveryCodes replaces p's recovery codes (after they used some, or
// fear they were seen).
func (s *Service) RenewRecoveryCodes(ctx context.Context, p Principal) ([]string, error) {
	var codes []string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if codes, err = replaceRecoveryCodes(ctx, tx, p.userID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.recovery_codes_renew", audit.ResultSuccess, "user", p.userID, nil)
	})
	return codes, err
}

// RecoveryCodesLeft counts p's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, p Principal) (int, error) {
	return RecoveryCodesLeft(ctx, s.db, p.userID)
}

// Sessions lists p's sessions, newest first.
func (s *Service) Sessions(ctx context.Context, p Principal) ([]Session, error) {
	return SessionsOf(ctx, s.db, p.userID)
}

// User loads an account (db.ErrNotFound when there is none).
func (s *Service) User(ctx context.Context, id string) (*User, error) { return UserByID(ctx, s.db, id) }

// Users lists one page of accounts and the total count.
func (s *Service) Users(ctx context.Context, f UserFilter) ([]User, int, error) {
	return ListUsers(ctx, s.db, f)
}
