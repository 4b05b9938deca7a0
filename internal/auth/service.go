package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
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
	// Scopes resolves the registry row an account's or a membership's
	// scope names (the registry store); nil keeps references as typed.
	Scopes ScopeResolver
	// Grants add what other domains grant a principal (substitutions).
	Grants []GrantSource
	// DeviceKey signs device cookies (derived from the key file); without
	// it no device is ever known, so every client counts as a stranger.
	DeviceKey []byte
	// Origin is the platform's address (scheme, host, port) as browsers
	// see it: the WebAuthn relying party of passkeys ("" or an IP
	// address: no passkeys).
	Origin string
}

// ScopeResolver finds the registry row (office, organisation or region) a
// scope reference names, by id or external id; an unknown reference is a
// valid.Errors on "scope_id". The registry owns those tables, so auth asks
// it instead of reading them.
type ScopeResolver interface {
	ResolveScope(ctx context.Context, q db.Querier, kind perm.ScopeKind, ref string) (string, error)
}

// Service carries out every authentication and account action.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	keys     Sealer
	hasher   *password.Hasher
	idle     time.Duration
	absolute time.Duration
	clock    clock.Clock
	now      func() time.Time
	scopes   ScopeResolver
	// grantSources add grants of other domains to principals.
	grantSources []GrantSource
	deviceKey    []byte
	// webauthn is the passkeys' relying party (nil: not offered).
	webauthn *webauthn.WebAuthn
	// origin is the platform's address (single sign-on's redirect).
	origin string
	// oidcProviders caches the discovered identity providers by issuer.
	oidcProviders sync.Map
}

// NewService wires the service.
func NewService(d *db.DB, a *audit.Log, k Sealer, o Options) *Service {
	return &Service{db: d, audit: a, keys: k, hasher: password.NewHasher(o.Cost),
		idle: o.IdleTimeout, absolute: o.AbsoluteTimeout, clock: o.Clock, now: o.Clock.Now, scopes: o.Scopes,
		grantSources: o.Grants, deviceKey: o.DeviceKey, webauthn: relyingParty(o.Origin), origin: strings.TrimRight(o.Origin, "/")}
}

// record writes one audit row inside tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, p Principal, action string, result audit.Result, objType, objID string, detail map[string]string) error {
	return s.audit.Append(ctx, tx, p.Entry(action, result, objType, objID, detail))
}

// recordAlone writes one audit row in its own transaction.
func (s *Service) recordAlone(ctx context.Context, p Principal, action string, result audit.Result, objType, objID string, detail map[string]string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.record(ctx, tx, p, action, result, objType, objID, detail)
	})
}

// Authenticate returns the session of a cookie token and the principal
// of the request from client c: for a completed login the account with
// all its grants, between password and second factor the account's
// identity without any. Expired, ended or disabled sessions give
// ErrSessionInvalid (and are removed).
func (s *Service) Authenticate(ctx context.Context, token string, c Client) (*Session, Principal, error) {
	sess, u, err := s.session(ctx, token)
	if err != nil {
		return nil, Anonymous(c), err
	}
	p := Anonymous(c).as(u)
	p.sessionID = sess.ID
	if sess.Stage == StageFull {
		if p, err = s.principalOf(ctx, s.db, u, c, sess.ID); err != nil {
			return nil, Anonymous(c), err
		}
	}
	if now := s.now(); now.Sub(sess.LastSeenAt) >= touchEvery {
		if _, err := s.db.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", now, sess.ID); err != nil {
			return nil, Anonymous(c), fmt.Errorf("auth: touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return sess, p, nil
}

// session loads the valid session of token and its account. Expired,
// ended or disabled sessions give ErrSessionInvalid (and are removed).
func (s *Service) session(ctx context.Context, token string) (*Session, *User, error) {
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
	if !sess.valid(s.now(), s.idle) || u.Disabled {
		_ = deleteSessionByToken(ctx, s.db, token)
		return nil, nil, ErrSessionInvalid
	}
	return sess, u, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string, p Principal) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := deleteSessionByToken(ctx, tx, token); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "auth.logout", audit.ResultSuccess, "user", p.userID, nil)
	})
}

// RecordDenied logs an access denial (a route the user's role does not allow).
func (s *Service) RecordDenied(ctx context.Context, p Principal, route string) error {
	return s.recordAlone(ctx, p, "access.denied", audit.ResultDenied, "route", route, nil)
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
