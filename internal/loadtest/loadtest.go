// Package loadtest runs a closed-loop HTTP load against URLs on this
// machine and summarises throughput and latency. It exists so speed
// targets live in a command that compares against a baseline measured in
// the same run (a trivial handler of the same binary), never in timed test
// assertions: the machines are shared and noisy, ratios are steadier.
package loadtest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options bound a run: it stops after Duration or Requests, whichever
// comes first.
type Options struct {
	Concurrency int
	Duration    time.Duration
	Requests    int
	// Warmup requests are sent first and not measured.
	Warmup int
	// Header is sent with every request (e.g. a session cookie).
	Header http.Header
}

// Result summarises one run.
type Result struct {
	Name          string
	Requests      int
	Errors        int
	Elapsed       time.Duration
	RPS           float64
	P50, P95, P99 time.Duration
	Max           time.Duration
	BytesPerReq   int64
}

// Run sends GET requests for urls (cycled) from Concurrency workers.
// Responses other than 200 count as errors.
func Run(ctx context.Context, name string, urls []string, o Options) Result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency, MaxIdleConns: o.Concurrency}}
	defer client.CloseIdleConnections()
	for i := 0; i < o.Warmup; i++ {
		fetch(client, urls[i%len(urls)], o.Header)
	}
	var next atomic.Int64
	return run(ctx, name, o, func(_ int, begin func()) (bool, int64, bool) {
		i := next.Add(1) - 1
		if o.Requests > 0 && int(i) >= o.Requests {
			return true, 0, true
		}
		begin()
		n, ok := fetch(client, urls[int(i)%len(urls)], o.Header)
		return ok, n, false
	})
}

// RunWorkers runs do from Concurrency workers until Duration ends and
// times each call; do gets the worker's number (for work that must not be
// shared, such as a conversation's next message) and reports success. The
// time do spends before begin() is not measured (preparing a request).
func RunWorkers(ctx context.Context, name string, o Options, do func(worker int, begin func()) bool) Result {
	return run(ctx, name, o, func(w int, begin func()) (bool, int64, bool) { return do(w, begin), 0, false })
}

// run is the worker loop of Run and RunWorkers: do reports success, the
// bytes read and whether the worker is done (its call then not counted).
func run(ctx context.Context, name string, o Options, do func(worker int, begin func()) (ok bool, n int64, done bool)) Result {
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var bytes int64
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1024)
			var localErrs int
			var localBytes int64
			for ctx.Err() == nil {
				var t0 time.Time
				ok, n, done := do(w, func() { t0 = time.Now() })
				if done {
					break
				}
				local = append(local, time.Since(t0))
				localBytes += n
				if !ok {
					localErrs++
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += localErrs
			bytes += localBytes
			mu.Unlock()
		}()
	}
	wg.Wait()
	return summarise(name, lat, errs, bytes, time.Since(start))
}

func fetch(c *http.Client, url string, h http.Header) (int64, bool) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, false
	}
	maps.Copy(req.Header, h)
	resp, err := c.Do(req)
	if err != nil {
		return 0, false
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return n, resp.StatusCode == http.StatusOK
}

func summarise(name string, lat []time.Duration, errs int, bytes int64, elapsed time.Duration) Result {
	r := Result{Name: name, Requests: len(lat), Errors: errs, Elapsed: elapsed}
	if len(lat) == 0 {
		return r
	}
	slices.Sort(lat)
	r.RPS = float64(len(lat)) / elapsed.Seconds()
	r.P50, r.P95, r.P99, r.Max = Percentile(lat, 50), Percentile(lat, 95), Percentile(lat, 99), lat[len(lat)-1]
	r.BytesPerReq = bytes / int64(len(lat))
	return r
}

// Percentile returns the p-th percentile (nearest rank) of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// Row formats a result as one line of the report table.
func (r Result) Row() string {
	return fmt.Sprintf("%-28s %8d %6d %9.0f %8s %8s %8s %8d", r.Name, r.Requests, r.Errors, r.RPS,
		round(r.P50), round(r.P95), round(r.P99), r.BytesPerReq)
}

// Header is the report table's heading.
const Header = "target                       requests errors   req/s      p50      p95      p99  bytes/req"

func round(d time.Duration) string {
	return d.Round(10 * time.Microsecond).String()
}
