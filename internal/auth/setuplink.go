package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// SetupLinkLifetime is how long a one-time setup or reset link works.
const SetupLinkLifetime = 72 * time.Hour

// issueSetupToken invalidates the user's earlier links and makes a new one.
func issueSetupToken(ctx context.Context, q db.Querier, userID, purpose string, now time.Time) (string, error) {
	if _, err := q.Exec(ctx, "DELETE FROM setup_tokens WHERE user_id = ?", userID); err != nil {
		return "", fmt.Errorf("auth: delete setup links: %w", err)
	}
	token, hash := newToken()
	_, err := q.Exec(ctx, "INSERT INTO setup_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		hash, userID, purpose, now, now.Add(SetupLinkLifetime))
	if err != nil {
		return "", fmt.Errorf("auth: store setup link: %w", err)
	}
	return token, nil
}

// setupTokenUser returns the user a still-valid token belongs to.
func setupTokenUser(ctx context.Context, q db.Querier, token string, now time.Time) (string, error) {
	var userID string
	err := q.QueryRow(ctx, "SELECT user_id FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
		hashToken(token), now).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrLinkInvalid
	}
	if err != nil {
		return "", fmt.Errorf("auth: setup link: %w", err)
	}
	return userID, nil
}

// consumeSetupToken marks the token used; only one caller can succeed.
func consumeSetupToken(ctx context.Context, q db.Querier, token string, now time.Time) error {
	res, err := q.Exec(ctx, "UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
		now, hashToken(token), now)
	if err != nil {
		return fmt.Errorf("auth: use setup link: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrLinkInvalid
	}
	return nil
}
