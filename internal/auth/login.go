package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Login checks e-mail and password. On success it starts a new, partial
// session (a fresh token: no session fixation) whose stage says which second
// step follows: the TOTP code, or TOTP enrolment at first login.
func (s *Service) Login(ctx context.Context, email, pw string, p Principal) (string, Stage, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	p.email = email
	if err := s.checkThrottle(ctx, email, p, "auth.login"); err != nil {
		return "", "", err
	}
	u, err := UserByEmail(ctx, s.db, email)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return "", "", err
	}
	if u == nil || !u.HasPassword || u.Disabled {
		s.hasher.DummyVerify(pw) // same time as a real check: no account enumeration
		return "", "", s.loginFailed(ctx, email, p, reasonFor(u))
	}
	p = p.as(u)
	ok, err := s.hasher.Verify(pw, u.passwordHash)
	if err != nil {
		return "", "", err
	}
	if !ok {
		return "", "", s.loginFailed(ctx, email, p, "wrong_password")
	}
	stage := StageMFA
	if !u.TOTPEnabled {
		stage = StageEnroll
	}
	return s.startPartialSession(ctx, u, stage, pw, p)
}

func (s *Service) startPartialSession(ctx context.Context, u *User, stage Stage, pw string, p Principal) (string, Stage, error) {
	var token string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if s.hasher.NeedsRehash(u.passwordHash) {
			if h, err := s.hasher.Hash(pw); err == nil {
				_ = touchUser(ctx, tx, u.ID, "password_hash = ?", s.now(), h)
			}
		}
		var err error
		token, err = createSession(ctx, tx, u.ID, stage, p.client.IP, p.client.UserAgent, s.now(), partialLifetime)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.password", audit.ResultSuccess, "user", u.ID, map[string]string{"next": string(stage)})
	})
	return token, stage, err
}

func reasonFor(u *User) string {
	switch {
	case u == nil:
		return "unknown_account"
	case u.Disabled:
		return "disabled"
	default:
		return "no_password"
	}
}

// loginFailed counts the failure for throttling, audits it and returns the
// one message every failure shows.
func (s *Service) loginFailed(ctx context.Context, email string, p Principal, reason string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := recordAttempt(ctx, tx, s.attemptOf(p, email, false), s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.login", audit.ResultFailure, "user", p.userID, map[string]string{"reason": reason})
	})
	if err != nil {
		return err
	}
	return ErrInvalidCredentials
}

// checkThrottle refuses (and audits) a client that failed too often.
func (s *Service) checkThrottle(ctx context.Context, email string, p Principal, action string) error {
	wait, err := throttled(ctx, s.db, s.attemptOf(p, email, false), s.now())
	if err != nil || wait <= 0 {
		return err
	}
	if err := s.recordAlone(ctx, p, action, audit.ResultDenied, "user", p.userID, map[string]string{"reason": "throttled"}); err != nil {
		return err
	}
	return &ThrottledError{Wait: wait}
}
