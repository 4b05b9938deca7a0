package online

import (
	"sync"
	"time"
)

// Limiter counts attempts per key (an address range, a nickname) in a fixed
// window: sign-ups and failed logins of anonymous accounts, which have no
// second factor and no e-mail to lock out with. It lives in the server's
// memory: with several servers each counts its own (docs/SECURITY.md).
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	seen   map[string]*tally
}

type tally struct {
	n     int
	since time.Time
}

// NewLimiter allows max attempts per key and window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{max: max, window: window, now: now, seen: map[string]*tally{}}
}

// Allow counts one attempt for key and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.seen) > 100_000 {
		l.sweep(now)
	}
	t := l.seen[key]
	if t == nil || now.Sub(t.since) >= l.window {
		t = &tally{since: now}
		l.seen[key] = t
	}
	t.n++
	return t.n <= l.max
}

// Blocked reports whether key has used up its attempts, without counting.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.seen[key]
	return t != nil && l.now().Sub(t.since) < l.window && t.n >= l.max
}

func (l *Limiter) sweep(now time.Time) {
	for k, t := range l.seen {
		if now.Sub(t.since) >= l.window {
			delete(l.seen, k)
		}
	}
}
