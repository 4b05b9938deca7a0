package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// SharedLimiter is the per-client rate limit kept in the database
// (api_rate_limits), so that all servers on one database count against the
// same budget instead of each allowing the full limit.
//
// It is GCRA, the generic cell rate algorithm: one instant per client, the
// theoretical arrival time (tat) of its next request if it kept exactly to
// the rate. With the emission interval T = 1/rate and burst b, a request at
// now is allowed iff max(tat, now) - now <= (b-1)·T, and then tat becomes
// max(tat, now) + T. One row and one atomic statement per request, with no
// counters to reset and nothing to read first, so two servers cannot both
// take the last slot.
type SharedLimiter struct {
	d   *db.DB
	key []byte
	now func() time.Time
	// interval is T and tolerance (b-1)·T, in microseconds, the unit of
	// api_rate_limits.tat.
	interval, tolerance int64
}

const (
	// minLimitKeyLen keeps the client key hash from being reversible by
	// trying every IPv4 address under a guessable key.
	minLimitKeyLen = 16
	// sharedTimeout bounds the database round trip: a slow database must
	// not hold every API request; the API then decides in process.
	sharedTimeout = time.Second
	// cleanupAfter is how long a row is kept after its tat has passed. Such
	// a row means "full burst available", the same as no row; the margin
	// covers servers whose clocks run a little apart.
	cleanupAfter = time.Minute
)

// NewSharedLimiter returns a limiter on d allowing rate requests per second
// and burst at once per client (defaults 20 and 60, as Options). key (at
// least 16 bytes, e.g. derived from the key file) keys the HMAC under which
// client addresses are stored: the table never holds an address. now is
// the clock (nil: time.Now); servers sharing the limit should keep their
// clocks synchronised (NTP), as the instants of all of them are compared.
func NewSharedLimiter(d *db.DB, key []byte, rate float64, burst int, now func() time.Time) (*SharedLimiter, error) {
	if d == nil {
		return nil, errors.New("api: shared limiter: no database")
	}
	if len(key) < minLimitKeyLen {
		return nil, fmt.Errorf("api: shared limiter: key of %d bytes, need at least %d", len(key), minLimitKeyLen)
	}
	if rate <= 0 {
		rate = defaultRate
	}
	if burst <= 0 {
		burst = defaultBurst
	}
	if now == nil {
		now = time.Now
	}
	interval := max(1, int64(math.Round(1e6/rate)))
	return &SharedLimiter{d: d, key: append([]byte(nil), key...), now: now,
		interval: interval, tolerance: int64(burst-1) * interval}, nil
}

// admitSQL is the whole GCRA step. A new client gets tat = now + T (its
// first request is always allowed). For a known one the WHERE is the GCRA
// test, max(tat, now) - now <= tolerance, written as tat <= now +
// tolerance; when it fails nothing is updated and nothing returned. On
// PostgreSQL the conflicting row is locked and the WHERE evaluated on its
// latest version, so concurrent requests queue on it rather than racing.
const admitSQL = `INSERT INTO api_rate_limits (client_key, tat) VALUES (?, ?)
ON CONFLICT (client_key) DO UPDATE
SET tat = CASE WHEN api_rate_limits.tat > ? THEN api_rate_limits.tat + ? ELSE ? END
WHERE api_rate_limits.tat <= ?
RETURNING tat`

// Allow takes one request of the client key (its address) at the current
// instant. A refusal says how long until the next request would be allowed.
func (l *SharedLimiter) Allow(ctx context.Context, key string) (bool, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, sharedTimeout)
	defer cancel()
	id, now := l.clientKey(key), l.now().UnixMicro()
	var tat int64
	err := l.d.QueryRow(ctx, admitSQL, id, now+l.interval, now, l.interval, now+l.interval, now+l.tolerance).Scan(&tat)
	if err == nil {
		return true, 0, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, 0, fmt.Errorf("api: rate limit: %w", err)
	}
	err = l.d.QueryRow(ctx, "SELECT tat FROM api_rate_limits WHERE client_key = ?", id).Scan(&tat)
	if errors.Is(err, sql.ErrNoRows) {
		// Cleaned up in between: only rows long past go, so the next
		// request will pass.
		return false, l.micros(l.interval), nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("api: rate limit: %w", err)
	}
	// Allowed again once now + tolerance reaches tat.
	return false, l.micros(tat - l.tolerance - now), nil
}

// Cleanup deletes the rows of clients idle for over a minute and returns
// how many; a periodic job calls it. It changes no decision: a row whose
// tat has passed allows the full burst, like no row.
func (l *SharedLimiter) Cleanup(ctx context.Context) (int64, error) {
	res, err := l.d.Exec(ctx, "DELETE FROM api_rate_limits WHERE tat < ?", l.now().Add(-cleanupAfter).UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("api: rate limit cleanup: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("api: rate limit cleanup: %w", err)
	}
	return n, nil
}

// clientKey is the keyed hash a client's address is stored under. 16 bytes
// keep distinct clients apart and the primary key small.
func (l *SharedLimiter) clientKey(addr string) string {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte("kmn-api-rate\x00" + addr))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

func (l *SharedLimiter) micros(n int64) time.Duration { return time.Duration(n) * time.Microsecond }
