package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/pquerna/otp"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// partial loads a half-finished login session in the wanted stage.
func (s *Service) partial(ctx context.Context, token string, want Stage) (*Session, *User, error) {
	sess, u, err := s.session(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if sess.Stage != want {
		return nil, nil, ErrSessionInvalid
	}
	return sess, u, nil
}

func totpAAD(userID string) string { return "users.totp_secret:" + userID }

func (s *Service) totpSecret(u *User) (string, error) {
	b, err := s.keys.Decrypt(u.totpSecret, totpAAD(u.ID))
	return string(b), err
}

// VerifyTOTP completes a login with a code from the authenticator app. A code
// is accepted once: its time step must be newer than the last one used.
func (s *Service) VerifyTOTP(ctx context.Context, token, code string, p Principal) (string, error) {
	_, u, err := s.partial(ctx, token, StageMFA)
	if err != nil {
		return "", err
	}
	p = p.as(u)
	if err := s.checkThrottle(ctx, u.Email, p, "auth.totp"); err != nil {
		return "", err
	}
	required, has, err := passkeyStanding(ctx, s.db, u)
	if err != nil {
		return "", err
	}
	if required && has {
		if err := s.recordAlone(ctx, p, "auth.totp", audit.ResultDenied, "user", u.ID, map[string]string{"reason": "passkey_required"}); err != nil {
			return "", err
		}
		return "", ErrPasskeyRequired
	}
	secret, err := s.totpSecret(u)
	if err != nil {
		return "", err
	}
	step := matchTOTP(secret, code, s.now())
	if step <= u.totpLastStep {
		return "", s.codeFailed(ctx, u, p, "auth.totp")
	}
	return s.promote(ctx, token, u, p, "auth.login", func(tx *db.Tx) (bool, error) {
		res, err := tx.Exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, u.ID, step)
		if err != nil {
			return false, err
		}
		n, _ := res.RowsAffected()
		return n == 1, nil
	})
}

// UseRecoveryCode completes a login with one of the single-use codes.
func (s *Service) UseRecoveryCode(ctx context.Context, token, code string, p Principal) (string, error) {
	_, u, err := s.partial(ctx, token, StageMFA)
	if err != nil {
		return "", err
	}
	p = p.as(u)
	if err := s.checkThrottle(ctx, u.Email, p, "auth.recovery_code"); err != nil {
		return "", err
	}
	return s.promote(ctx, token, u, p, "auth.login_recovery_code", func(tx *db.Tx) (bool, error) {
		return useRecoveryCode(ctx, tx, u.ID, code, s.now())
	})
}

// promote runs check inside a transaction and, when it passes, replaces the
// partial session by a full one with a new token.
func (s *Service) promote(ctx context.Context, token string, u *User, p Principal, action string, check func(tx *db.Tx) (bool, error)) (string, error) {
	var full string
	errCode := errors.New("code refused")
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ok, err := check(tx)
		if err != nil {
			return err
		}
		if !ok {
			return errCode
		}
		full, err = s.startFullSession(ctx, tx, token, u, p)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, audit.ResultSuccess, "user", u.ID, nil)
	})
	if errors.Is(err, errCode) {
		return "", s.codeFailed(ctx, u, p, action)
	}
	return full, err
}

func (s *Service) startFullSession(ctx context.Context, tx *db.Tx, oldToken string, u *User, p Principal) (string, error) {
	// A login that began at an identity provider keeps its provider
	// session, so the provider's logout still ends it.
	var ssoProvider, ssoSID string
	_ = tx.QueryRow(ctx, `SELECT sso_provider, sso_sid FROM sessions WHERE token_hash = ?`, hashToken(oldToken)).Scan(&ssoProvider, &ssoSID)
	if err := deleteSessionByToken(ctx, tx, oldToken); err != nil {
		return "", err
	}
	if err := recordAttempt(ctx, tx, s.attemptOf(p, u.Email, true), s.now()); err != nil {
		return "", err
	}
	token, err := createSession(ctx, tx, u.ID, StageFull, p.client.IP, p.client.UserAgent, s.now(), s.absolute)
	if err != nil {
		return "", err
	}
	if ssoProvider != "" {
		if _, err := tx.Exec(ctx, `UPDATE sessions SET sso_provider = ?, sso_sid = ? WHERE token_hash = ?`, ssoProvider, ssoSID, hashToken(token)); err != nil {
			return "", fmt.Errorf("auth: sso session: %w", err)
		}
	}
	return token, markPasskeyDue(ctx, tx, token, u)
}

func (s *Service) codeFailed(ctx context.Context, u *User, p Principal, action string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := recordAttempt(ctx, tx, s.attemptOf(p, u.Email, false), s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, audit.ResultFailure, "user", u.ID, map[string]string{"reason": "invalid_code"})
	})
	if err != nil {
		return err
	}
	return ErrInvalidCode
}

// EnrollmentKey returns the TOTP key a user is setting up at first login,
// creating (and storing, encrypted) a new secret the first time.
func (s *Service) EnrollmentKey(ctx context.Context, token string) (*otp.Key, error) {
	_, u, err := s.partial(ctx, token, StageEnroll)
	if err != nil {
		return nil, err
	}
	if u.totpSecret != "" {
		secret, err := s.totpSecret(u)
		if err != nil {
			return nil, err
		}
		return TOTPKeyFromSecret(u.Email, secret)
	}
	key, err := NewTOTPKey(u.Email)
	if err != nil {
		return nil, err
	}
	enc := s.keys.Encrypt([]byte(key.Secret()), totpAAD(u.ID))
	// Only the first of two simultaneous requests stores its secret; both
	// then show the stored one.
	if _, err := s.db.Exec(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ''", enc, u.ID); err != nil {
		return nil, fmt.Errorf("auth: store totp secret: %w", err)
	}
	if u, err = UserByID(ctx, s.db, u.ID); err != nil {
		return nil, err
	}
	secret, err := s.totpSecret(u)
	if err != nil {
		return nil, err
	}
	return TOTPKeyFromSecret(u.Email, secret)
}

// ConfirmEnrollment turns TOTP on once the user proves the app shows the
// right code, hands out fresh recovery codes and completes the login.
func (s *Service) ConfirmEnrollment(ctx context.Context, token, code string, p Principal) (string, []string, error) {
	_, u, err := s.partial(ctx, token, StageEnroll)
	if err != nil {
		return "", nil, err
	}
	p = p.as(u)
	if err := s.checkThrottle(ctx, u.Email, p, "auth.totp_enrol"); err != nil {
		return "", nil, err
	}
	secret, err := s.totpSecret(u)
	if err != nil {
		return "", nil, ErrInvalidCode
	}
	step := matchTOTP(secret, code, s.now())
	if step == 0 {
		return "", nil, s.codeFailed(ctx, u, p, "auth.totp_enrol")
	}
	var full string
	var codes []string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, u.ID, "totp_enabled = ?, totp_last_step = ?", s.now(), true, step); err != nil {
			return err
		}
		if codes, err = replaceRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		if full, err = s.startFullSession(ctx, tx, token, u, p); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.totp_enrol", audit.ResultSuccess, "user", u.ID, nil)
	})
	return full, codes, err
}
