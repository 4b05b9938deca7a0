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

// ChangePassword sets a new password after checking the current one, and
// ends the user's other sessions.
func (s *Service) ChangePassword(ctx context.Context, u *User, sessionID, current, next, confirm string, a Actor) error {
	// Wrong current passwords count like failed logins, so a stolen session
	// cannot be used to guess the password.
	if err := s.checkThrottle(ctx, u.Email, a, "auth.password_change"); err != nil {
		return err
	}
	ok, err := s.hasher.Verify(current, u.passwordHash)
	if err != nil {
		return err
	}
	if !ok {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			if err := recordAttempt(ctx, tx, u.Email, a.IP, false, s.now()); err != nil {
				return err
			}
			return s.record(ctx, tx, a, "auth.password_change", audit.ResultFailure, "user", u.ID, map[string]string{"reason": "wrong_password"})
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
		if _, err := deleteSessionsOf(ctx, tx, u.ID, sessionID); err != nil {
			return err
		}
		return s.record(ctx, tx, a, "auth.password_change", audit.ResultSuccess, "user", u.ID, nil)
	})
}

// SetLanguage stores the user's interface language.
func (s *Service) SetLanguage(ctx context.Context, u *User, lang string, a Actor) error {
	if lang != "de" && lang != "en" {
		return valid.Errors{{Field: "language", Key: "validation.choice"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, u.ID, "language = ?", s.now(), lang); err != nil {
			return err
		}
		return s.record(ctx, tx, a, "user.language", audit.ResultSuccess, "user", u.ID,
			map[string]string{"before": u.Language, "after": lang})
	})
}

// EndSession ends one of the user's own sessions. Another user's session id
// gives db.ErrNotFound.
func (s *Service) EndSession(ctx context.Context, u *User, sessionID string, a Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM sessions WHERE id = ? AND user_id = ?", sessionID, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.ErrNotFound
		}
		return s.record(ctx, tx, a, "auth.session_end", audit.ResultSuccess, "session", sessionID, nil)
	})
}

// RenewRecoveryCodes replaces the user's recovery codes (after they used
// some, or fear they were seen).
func (s *Service) RenewRecoveryCodes(ctx context.Context, u *User, a Actor) ([]string, error) {
	var codes []string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if codes, err = replaceRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, a, "auth.recovery_codes_renew", audit.ResultSuccess, "user", u.ID, nil)
	})
	return codes, err
}
