package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/password"
)

// Errors the web layer turns into translated messages.
var (
	ErrInvalidCredentials = errors.New("auth: invalid e-mail or password")
	ErrInvalidCode        = errors.New("auth: invalid or reused code")
	ErrSessionInvalid     = errors.New("auth: session expired or ended")
	ErrLinkInvalid        = errors.New("auth: setup link is invalid, used or expired")
	ErrWrongPassword      = errors.New("auth: current password is wrong")
	ErrSelfLockout        = errors.New("auth: an admin cannot disable their own account")
	ErrLastAdmin          = errors.New("auth: the last active admin cannot be disabled")
)

// ThrottledError says how long a client must wait before trying again.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("auth: too many attempts, wait %s", e.Wait)
}

// Minutes is the wait rounded up to whole minutes, for messages.
func (e *ThrottledError) Minutes() int { return int((e.Wait + time.Minute - 1) / time.Minute) }

// Actor is who does something and from where, for the audit log.
type Actor struct {
	UserID    string
	Email     string
	IP        string
	UserAgent string
}

// ActorOf describes a logged-in user acting from a client.
func ActorOf(u *User, ip, ua string) Actor {
	a := Actor{IP: ip, UserAgent: ua}
	if u != nil {
		a.UserID, a.Email = u.ID, u.Email
	}
	return a
}

// Sealer encrypts the TOTP secrets at rest, bound to their row (the
// platform's keyring, secret.Keyring). An interface keeps the keyring out
// of this package's imports: the public surface depends on auth for
// sessions and must not reach the keys.
type Sealer interface {
	Encrypt(plaintext []byte, aad string) string
	Decrypt(value, aad string) ([]byte, error)
}

// Options configure the Service.
type Options struct {
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	Cost            password.Cost
	// Clock is the platform's clock; tests move it.
	Clock clock.Clock
}

// Service carries out every authentication and account action.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	keys     Sealer
	hasher   *password.Hasher
	idle     time.Duration
	absolute time.Duration
	now      func() time.Time
}

// NewService wires the service.
func NewService(d *db.DB, a *audit.Log, k Sealer, o Options) *Service {
	return &Service{db: d, audit: a, keys: k, hasher: password.NewHasher(o.Cost),
		idle: o.IdleTimeout, absolute: o.AbsoluteTimeout, now: o.Clock.Now}
}

// record writes one audit row inside tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, a Actor, action string, result audit.Result, objType, objID string, detail map[string]string) error {
	return s.audit.Append(ctx, tx, audit.Entry{ActorID: a.UserID, Actor: a.Email, Action: action,
		ObjectType: objType, ObjectID: objID, Result: result, IP: a.IP, Detail: detail})
}

// recordAlone writes one audit row in its own transaction.
func (s *Service) recordAlone(ctx context.Context, a Actor, action string, result audit.Result, objType, objID string, detail map[string]string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.record(ctx, tx, a, action, result, objType, objID, detail)
	})
}

// Authenticate returns the session and user of a cookie token. Expired,
// ended or disabled sessions give ErrSessionInvalid (and are removed).
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, *User, error) {
	if token == "" {
		return nil, nil, ErrSessionInvalid
	}
	sess, u, err := sessionByToken(ctx, s.db, token)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil, ErrSessionInvalid
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if !sess.valid(now, s.idle) || u.Disabled {
		_ = deleteSessionByToken(ctx, s.db, token)
		return nil, nil, ErrSessionInvalid
	}
	if sess.Stage == StageFull {
		if u.Memberships, err = MembershipsOf(ctx, s.db, u.ID); err != nil {
			return nil, nil, err
		}
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if _, err := s.db.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", now, sess.ID); err != nil {
			return nil, nil, fmt.Errorf("auth: touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return sess, u, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string, a Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := deleteSessionByToken(ctx, tx, token); err != nil {
			return err
		}
		return s.record(ctx, tx, a, "auth.logout", audit.ResultSuccess, "user", a.UserID, nil)
	})
}

// RecordDenied logs an access denial (a route the user's role does not allow).
func (s *Service) RecordDenied(ctx context.Context, a Actor, route string) error {
	return s.recordAlone(ctx, a, "access.denied", audit.ResultDenied, "route", route, nil)
}

// Cleanup removes expired sessions, used or expired setup links and old
// login attempts. It is idempotent, so every server may run it.
func (s *Service) Cleanup(ctx context.Context) error {
	now := s.now()
	stmts := []struct {
		q    string
		args []any
	}{
		{"DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", []any{now, now.Add(-s.idle)}},
		{"DELETE FROM setup_tokens WHERE expires_at <= ? OR used_at IS NOT NULL", []any{now}},
		{"DELETE FROM login_attempts WHERE at <= ?", []any{now.Add(-attemptsKeptFor)}},
	}
	for _, st := range stmts {
		if _, err := s.db.Exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("auth: cleanup: %w", err)
		}
	}
	return nil
}
