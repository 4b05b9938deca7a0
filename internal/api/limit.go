package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter admits or refuses one request of the client named by key. When
// it refuses, retryAfter is how long until the client may try again. An
// error means it could not decide; the API then falls back to its
// in-process limiter rather than refusing or admitting everyone.
type Limiter interface {
	Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)
}

// retryAfterHeader is d in whole seconds, rounded up and at least 1, as
// Retry-After wants: "0" would invite an immediate retry that fails again.
func retryAfterHeader(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// limiter keeps a token bucket per client address in this process. Buckets
// idle for idleAfter are dropped on the next sweep so the map cannot grow
// without bound under many distinct addresses. Several servers each keep
// their own, so the limit holds per server only; SharedLimiter holds it
// across them.
type limiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu        sync.Mutex
	clients   map[string]*client
	lastSweep time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// The defaults of Options and NewSharedLimiter: requests per second and
// burst per client.
const (
	defaultRate  = 20
	defaultBurst = 60
)

const (
	idleAfter     = 5 * time.Minute
	sweepInterval = time.Minute
)

func newLimiter(r float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(r), burst: burst, now: now, clients: map[string]*client{}}
}

// Allow takes a token for key; when none is left it returns false and the
// time until one is. It never fails.
func (l *limiter) Allow(_ context.Context, key string) (bool, time.Duration, error) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= sweepInterval {
		l.sweep(now)
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second, nil
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d, nil
	}
	return true, 0, nil
}

func (l *limiter) sweep(now time.Time) {
	for k, c := range l.clients {
		if now.Sub(c.seen) > idleAfter {
			delete(l.clients, k)
		}
	}
	l.lastSweep = now
}

// admit applies the rate limit to r and returns the Retry-After value of a
// refusal. The RateStore decides when there is one; when it fails, the
// in-process limiter does, so a database outage neither opens the API
// without limit nor closes it.
func (a *API) admit(r *http.Request) (bool, string) {
	key := a.opts.ClientIP(r)
	if a.opts.RateStore != nil {
		ok, wait, err := a.opts.RateStore.Allow(r.Context(), key)
		if err == nil {
			return ok, retryAfterHeader(wait)
		}
		if r.Context().Err() == nil { // a client that hung up is no failure
			a.logLimitError(err)
		}
	}
	ok, wait, _ := a.limiter.Allow(r.Context(), key)
	return ok, retryAfterHeader(wait)
}

// logLimitError logs a RateStore failure at most once a minute: while the
// database is down every request fails alike.
func (a *API) logLimitError(err error) {
	now, last := a.opts.Now().UnixNano(), a.limitErrAt.Load()
	if last != 0 && now-last < int64(time.Minute) {
		return
	}
	if !a.limitErrAt.CompareAndSwap(last, now) {
		return // another request logs it
	}
	a.opts.Logger.Warn("api: shared rate limit failed; limiting in process", "err", err)
}
