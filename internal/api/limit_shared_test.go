package api

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

var limitKey = []byte("0123456789abcdef-test-rate-key")

// fixedClock is a settable clock shared by the limiters of one test, as
// servers with synchronised clocks.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time          { return c.t }
func (c *fixedClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *fixedClock { return &fixedClock{t: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)} }

func sharedLimiter(t testing.TB, d *db.DB, rate float64, burst int, clock *fixedClock) *SharedLimiter {
	t.Helper()
	l, err := NewSharedLimiter(d, limitKey, rate, burst, clock.now)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// take makes n requests of key at the current instant, alternating between
// the limiters, and returns how many were allowed and the wait of the last
// refusal. Allowed requests must all come before the first refusal.
func take(t *testing.T, key string, n int, ls ...*SharedLimiter) (allowed int, wait time.Duration) {
	t.Helper()
	for i := range n {
		ok, w, err := ls[i%len(ls)].Allow(context.Background(), key)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		switch {
		case ok && wait > 0:
			t.Fatalf("request %d allowed after a refusal at the same instant", i)
		case ok:
			allowed++
		case w <= 0:
			t.Fatalf("request %d refused with wait %v", i, w)
		default:
			wait = w
		}
	}
	return allowed, wait
}

// TestSharedLimiterGCRA checks the decision and the wait for several
// rates and bursts, all requests at one instant.
func TestSharedLimiterGCRA(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		for _, tc := range []struct {
			rate     float64
			burst    int
			requests int
			allowed  int
			wait     time.Duration
			header   string
		}{
			{rate: 10, burst: 20, requests: 25, allowed: 20, wait: 100 * time.Millisecond, header: "1"},
			{rate: 1, burst: 3, requests: 5, allowed: 3, wait: time.Second, header: "1"},
			{rate: 0.5, burst: 1, requests: 2, allowed: 1, wait: 2 * time.Second, header: "2"},
			{rate: 0.25, burst: 2, requests: 3, allowed: 2, wait: 4 * time.Second, header: "4"},
			{rate: 20, burst: 60, requests: 60, allowed: 60},
		} {
			clock := newClock()
			l := sharedLimiter(t, d, tc.rate, tc.burst, clock)
			allowed, wait := take(t, fmt.Sprintf("gcra-%v-%d", tc.rate, tc.burst), tc.requests, l)
			if allowed != tc.allowed || wait != tc.wait {
				t.Errorf("rate %v burst %d: %d allowed, wait %v; want %d, %v", tc.rate, tc.burst, allowed, wait, tc.allowed, tc.wait)
			}
			if tc.header != "" && retryAfterHeader(wait) != tc.header {
				t.Errorf("rate %v burst %d: Retry-After %q, want %q", tc.rate, tc.burst, retryAfterHeader(wait), tc.header)
			}
		}
	})
}

// TestSharedLimiterTwoServers: two limiters on one database (two servers)
// share one budget per client.
func TestSharedLimiterTwoServers(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := newClock()
		a, b := sharedLimiter(t, d, 10, 20, clock), sharedLimiter(t, d, 10, 20, clock)

		allowed, wait := take(t, "192.0.2.1", 30, a, b)
		if allowed != 20 || retryAfterHeader(wait) != "1" {
			t.Fatalf("at one instant: %d allowed, Retry-After %q; want 20, \"1\"", allowed, retryAfterHeader(wait))
		}
		if ok, _, _ := b.Allow(ctx, "192.0.2.1"); ok {
			t.Fatal("second server allowed a request over the shared limit")
		}
		if allowed, _ := take(t, "198.51.100.7", 20, b, a); allowed != 20 {
			t.Errorf("another client: %d allowed, want 20 (independent of the first)", allowed)
		}

		clock.advance(time.Second)
		if allowed, _ := take(t, "192.0.2.1", 20, b, a); allowed != 10 {
			t.Errorf("a second later: %d allowed, want 10", allowed)
		}

		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM api_rate_limits WHERE client_key LIKE ? OR client_key LIKE ?",
			"%192.0.2%", "%198.51%").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d rows hold a raw address (err %v)", n, err)
		}
	})
}

func TestSharedLimiterCleanup(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := newClock()
		l := sharedLimiter(t, d, 10, 20, clock)
		take(t, "192.0.2.1", 25, l)   // tat = start + 2 s
		take(t, "198.51.100.7", 1, l) // tat = start + 0.1 s
		clock.advance(cleanupAfter + time.Second)
		take(t, "203.0.113.9", 1, l) // recent: stays
		if n, err := l.Cleanup(ctx); err != nil || n != 1 {
			t.Fatalf("cleanup a minute later: %d rows, %v; want 1 (only the client idle longest)", n, err)
		}
		clock.advance(2 * time.Second)
		if n, err := l.Cleanup(ctx); err != nil || n != 1 {
			t.Fatalf("cleanup 2 s later: %d rows, %v; want 1", n, err)
		}
		var left int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM api_rate_limits").Scan(&left); err != nil || left != 1 {
			t.Errorf("%d rows left (err %v), want 1", left, err)
		}
		if allowed, _ := take(t, "192.0.2.1", 25, l); allowed != 20 {
			t.Errorf("after cleanup: %d allowed, want the full burst 20", allowed)
		}
	})
}

// TestSharedLimiterConcurrent: 8 goroutines on each of two servers ask at
// one instant; exactly the burst gets through.
func TestSharedLimiterConcurrent(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		clock := newClock()
		ls := []*SharedLimiter{sharedLimiter(t, d, 10, 20, clock), sharedLimiter(t, d, 10, 20, clock)}
		var allowed, failed atomic.Int64
		var wg sync.WaitGroup
		for _, l := range ls {
			for range 8 {
				wg.Go(func() {
					for range 100 {
						ok, _, err := l.Allow(context.Background(), "192.0.2.1")
						if err != nil {
							failed.Add(1)
							t.Error(err)
						}
						if ok {
							allowed.Add(1)
						}
					}
				})
			}
		}
		wg.Wait()
		if allowed.Load() != 20 || failed.Load() != 0 {
			t.Errorf("%d of 1600 allowed, %d failed; want exactly 20 and 0", allowed.Load(), failed.Load())
		}
	})
}

func TestNewSharedLimiterKey(t *testing.T) {
	d := dbtest.SQLite(t)
	if _, err := NewSharedLimiter(d, []byte("short"), 10, 20, nil); err == nil {
		t.Error("a 5-byte key was accepted")
	}
	if _, err := NewSharedLimiter(nil, limitKey, 10, 20, nil); err == nil {
		t.Error("no database was accepted")
	}
}

// TestSharedLimitAcrossAPIs drives two API handlers on one database, as two
// servers behind a load balancer: the second refuses once the first used
// the burst, though each in-process limit would allow far more.
func TestSharedLimitAcrossAPIs(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		clock := newClock()
		newServer := func() *API {
			a, _ := newTestAPI(t, Options{Rate: 100, Burst: 100, Now: clock.now,
				RateStore: sharedLimiter(t, d, 1, 3, clock),
				ClientIP:  func(r *http.Request) string { return r.Header.Get("X-Test-IP") }})
			return a
		}
		first, second := newServer(), newServer()
		wantBurstThenRefusal(t, first, second, 3)
		clock.advance(time.Second)
		if rec := get(t, second, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.1"); rec.Code != http.StatusOK {
			t.Errorf("a second later on the second server: %d", rec.Code)
		}
	})
}

// TestSharedLimitFallback: when the database fails, the in-process limit
// decides and the failure is logged once, not per request.
func TestSharedLimitFallback(t *testing.T) {
	d := dbtest.SQLite(t)
	clock := newClock()
	store := sharedLimiter(t, d, 100, 100, clock)
	d.Close()
	var logs bytes.Buffer
	a, _ := newTestAPI(t, Options{Rate: 1, Burst: 2, Now: clock.now, RateStore: store,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for i := range 2 {
		if rec := get(t, a, "/api/hsds/taxonomies"); rec.Code != http.StatusOK {
			t.Fatalf("request %d with the database down: %d", i, rec.Code)
		}
	}
	if rec := get(t, a, "/api/hsds/taxonomies"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("over the in-process limit with the database down: %d", rec.Code)
	}
	if n := strings.Count(logs.String(), "shared rate limit failed"); n != 1 {
		t.Errorf("failure logged %d times, want once:\n%s", n, logs.String())
	}
}
