package online

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

// notFoundIf is ErrNotFound when cond holds, else nil.
func notFoundIf(cond bool) error {
	if cond {
		return ErrNotFound
	}
	return nil
}

// startSession stores a new session of the client and returns its token.
func (s *Store) startSession(ctx context.Context, tx *db.Tx, clientID string) (string, error) {
	token, hash := linktoken.New()
	now := s.now()
	_, err := tx.Exec(ctx, `INSERT INTO online_sessions (token_hash, client_id, seen_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, clientID, now, now.Add(sessionAbsolute))
	if err != nil {
		return "", fmt.Errorf("online: session: %w", err)
	}
	return token, nil
}

// SessionClient answers which client a session token belongs to, and
// keeps the session (and the account's activity) alive. Sessions end after
// an hour without use and twelve hours after login.
func (s *Store) SessionClient(ctx context.Context, token string) (string, bool) {
	now := s.now()
	var id string
	var seen sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT client_id, seen_at FROM online_sessions WHERE token_hash = ? AND expires_at > ?`,
		linktoken.Hash(token), now).Scan(&id, &seen)
	if err != nil || now.Sub(seen.Time) > sessionIdle {
		return "", false
	}
	// Touch at most once a minute: reads stay reads.
	if now.Sub(seen.Time) > 60e9 {
		_, _ = s.db.Exec(ctx, `UPDATE online_sessions SET seen_at = ? WHERE token_hash = ?`, now, linktoken.Hash(token))
		_, _ = s.db.Exec(ctx, `UPDATE online_clients SET active_at = ? WHERE id = ?`, now, id)
	}
	return id, true
}

// EndSession signs the client out.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM online_sessions WHERE token_hash = ?`, linktoken.Hash(token)); err != nil {
		return fmt.Errorf("online: end session: %w", err)
	}
	return nil
}

// PurgeSessions deletes expired sessions (a periodic job).
func (s *Store) PurgeSessions(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM online_sessions WHERE expires_at <= ? OR seen_at <= ?`, s.now(), s.now().Add(-sessionIdle))
	if err != nil {
		return 0, fmt.Errorf("online: purge sessions: %w", err)
	}
	return res.RowsAffected()
}
