package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Stage is how far a session has come through the login.
type Stage string

// The session stages.
const (
	StageMFA    Stage = "mfa"    // password checked, TOTP or recovery code pending
	StageEnroll Stage = "enroll" // password checked, TOTP not yet set up
	StageFull   Stage = "full"   // both factors passed
)

// Session is a server-side login session. The token itself is only in the
// cookie; the database keeps its SHA-256, so a copy of the database does not
// let anybody take over a session.
type Session struct {
	ID         string
	UserID     string
	Stage      Stage
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
	// FactorAt is when the session last passed a second factor (zero
	// before the login is complete).
	FactorAt time.Time
	// PasskeyDue: the account's role must use a passkey and it has none
	// yet; the session opens nothing but adding one.
	PasskeyDue bool
}

// StepUpWindow is how long a second factor counts as fresh for a dangerous
// action (Route.StepUp).
const StepUpWindow = 5 * time.Minute

// FreshFactor reports whether the session passed a second factor within
// StepUpWindow before now.
func (s *Session) FreshFactor(now time.Time) bool {
	return s != nil && !s.FactorAt.IsZero() && now.Sub(s.FactorAt) <= StepUpWindow
}

// partialLifetime bounds how long a half-finished login may wait.
const partialLifetime = 15 * time.Minute

// touchEvery limits last-seen writes to one per minute and session.
const touchEvery = time.Minute

func newToken() (token, hash string) {
	b := make([]byte, 32) // 256 bits
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func createSession(ctx context.Context, q db.Querier, userID string, stage Stage, ip, ua string, now time.Time, lifetime time.Duration) (string, error) {
	token, hash := newToken()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	var factorAt any // a complete login has just passed the second factor
	if stage == StageFull {
		factorAt = now
	}
	_, err := q.Exec(ctx, `INSERT INTO sessions (id, token_hash, user_id, stage, created_at, last_seen_at, expires_at, ip, user_agent, factor_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		uuid.Must(uuid.NewV7()).String(), hash, userID, stage, now, now, now.Add(lifetime), ip, ua, factorAt)
	if err != nil {
		return "", fmt.Errorf("auth: create session: %w", err)
	}
	return token, nil
}

const sessionColumns = "s.id, s.user_id, s.stage, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent, s.factor_at, s.passkey_due"

func scanSession(row interface{ Scan(...any) error }, extra ...any) (*Session, error) {
	var s Session
	var factorAt sql.NullTime
	dest := append([]any{&s.ID, &s.UserID, &s.Stage, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.IP, &s.UserAgent, &factorAt, &s.PasskeyDue}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, db.ErrNotFound
		}
		return nil, fmt.Errorf("auth: scan session: %w", err)
	}
	s.FactorAt = factorAt.Time
	return &s, nil
}

// sessionByToken loads the session and its user in one query.
func sessionByToken(ctx context.Context, q db.Querier, token string) (*Session, *User, error) {
	row := q.QueryRow(ctx, "SELECT "+sessionColumns+", u."+joinedUserColumns+
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", hashToken(token))
	var u User
	s, err := scanSession(row, &u.ID, &u.Email, &u.Name, &u.Role, &u.ScopeKind, &u.ScopeID, &u.Language,
		&u.Disabled, &u.TOTPEnabled, &u.passwordHash, &u.totpSecret, &u.totpLastStep, &u.CreatedAt, &u.UpdatedAt)
	if err != nil {
		return nil, nil, err
	}
	u.HasPassword = u.passwordHash != ""
	return s, &u, nil
}

// joinedUserColumns is userColumns prefixed for the session join.
const joinedUserColumns = `id, u.email, u.name, u.role, u.scope_kind, u.scope_id, u.language, u.disabled, u.totp_enabled,
	u.password_hash, u.totp_secret, u.totp_last_step, u.created_at, u.updated_at`

// SessionsOf lists a user's sessions, newest first.
func SessionsOf(ctx context.Context, q db.Querier, userID string) ([]Session, error) {
	rows, err := q.Query(ctx, "SELECT "+sessionColumns+" FROM sessions s WHERE s.user_id = ? AND s.stage = ? ORDER BY s.last_seen_at DESC",
		userID, StageFull)
	if err != nil {
		return nil, fmt.Errorf("auth: list sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

func deleteSessionByToken(ctx context.Context, q db.Querier, token string) error {
	_, err := q.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token))
	if err != nil {
		return fmt.Errorf("auth: delete session: %w", err)
	}
	return nil
}

func deleteSessionsOf(ctx context.Context, q db.Querier, userID, exceptID string) (int64, error) {
	res, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, exceptID)
	if err != nil {
		return 0, fmt.Errorf("auth: delete sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// valid reports whether the session may still be used at now.
func (s *Session) valid(now time.Time, idle time.Duration) bool {
	return now.Before(s.ExpiresAt) && now.Sub(s.LastSeenAt) < idle
}
