package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Throttling limits: failures within the window lock the account (or the
// client address) until the window has passed since the latest failure.
// Counts live in the database so that every app server sees the same.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5
	MaxAddressFailures = 30
	attemptsKeptFor    = 24 * time.Hour
)

func recordAttempt(ctx context.Context, q db.Querier, email, ip string, success bool, now time.Time) error {
	_, err := q.Exec(ctx, "INSERT INTO login_attempts (id, email, ip, at, success) VALUES (?, ?, ?, ?, ?)",
		uuid.Must(uuid.NewV7()).String(), email, ip, now, success)
	if err != nil {
		return fmt.Errorf("auth: record attempt: %w", err)
	}
	return nil
}

// throttled returns how long the caller must wait, or 0. Account failures
// count only since the account's last success.
func throttled(ctx context.Context, q db.Querier, email, ip string, now time.Time) (time.Duration, error) {
	since := now.Add(-ThrottleWindow)
	latest, n, err := recentFailures(ctx, q, `email = ? AND at > COALESCE(
		(SELECT MAX(at) FROM login_attempts WHERE email = ? AND success = ?), ?)`,
		MaxAccountFailures, since, email, email, true, since)
	if err != nil {
		return 0, err
	}
	if n < MaxAccountFailures {
		latest, n, err = recentFailures(ctx, q, "ip = ?", MaxAddressFailures, since, ip)
		if err != nil || n < MaxAddressFailures {
			return 0, err
		}
	}
	return latest.Add(ThrottleWindow).Sub(now), nil
}

// recentFailures returns the newest failure time and how many failures (up
// to limit) match cond within the window.
func recentFailures(ctx context.Context, q db.Querier, cond string, limit int, since time.Time, args ...any) (time.Time, int, error) {
	rows, err := q.Query(ctx, "SELECT at FROM login_attempts WHERE success = ? AND at > ? AND "+cond+" ORDER BY at DESC LIMIT ?",
		append(append([]any{false, since}, args...), limit)...)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("auth: count failures: %w", err)
	}
	defer rows.Close()
	var latest time.Time
	n := 0
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return time.Time{}, 0, fmt.Errorf("auth: count failures: %w", err)
		}
		if n == 0 {
			latest = at
		}
		n++
	}
	return latest, n, rows.Err()
}
