package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
)

// twoServers opens the same database twice, as two `kmn serve` processes
// would (separate pools), on the named engine.
func twoServers(t *testing.T, engine string) (*db.DB, *db.DB) {
	t.Helper()
	ctx := context.Background()
	open := func() *db.DB {
		var d *db.DB
		var err error
		if engine == "postgres" {
			d, err = db.OpenPostgres(ctx, pgURL(t))
		} else {
			d, err = db.OpenSQLite(ctx, sqlitePath(t))
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Migrate(ctx, quiet()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	return open(), open()
}

var urls sync.Map // test name → the URL or path both opens share

func pgURL(t *testing.T) string {
	u, _ := urls.LoadOrStore(t.Name(), dbtest.PostgresURL(t))
	return u.(string)
}

func sqlitePath(t *testing.T) string {
	u, _ := urls.LoadOrStore(t.Name(), filepath.Join(t.TempDir(), "kmn.db"))
	return u.(string)
}

func forEachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) { fn(t, e) })
	}
}

func quiet() *slog.Logger {
	if os.Getenv("KMN_TEST_VERBOSE") != "" {
		return slog.Default()
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// fastRetry retries failed jobs after 50 ms, so retry tests take no minutes.
type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

// start opens and starts a queue on d, stopped at the end of the test.
func start(t *testing.T, d *db.DB, reg *jobs.Registry, o jobs.Options) *jobs.Queue {
	t.Helper()
	q := open(t, d, reg, o)
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = q.Stop(sctx)
		cancel()
	})
	return q
}

func open(t *testing.T, d *db.DB, reg *jobs.Registry, o jobs.Options) *jobs.Queue {
	t.Helper()
	if o.Log == nil {
		o.Log = quiet()
	}
	if o.Retry == nil {
		o.Retry = fastRetry{}
	}
	if o.Poll == 0 {
		o.Poll = 100 * time.Millisecond
	}
	q, err := jobs.Open(context.Background(), d, reg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// recordArgs is a test job that records its runs; it panics while
// panics > 0 and fails while fails > 0.
type recordArgs struct {
	Name string `json:"name"`
}

func (recordArgs) Kind() string { return "test_record" }

type recorder struct {
	river.WorkerDefaults[recordArgs]
	mu     sync.Mutex
	runs   []string
	panics int
}

func (r *recorder) Work(_ context.Context, job *river.Job[recordArgs]) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, job.Args.Name)
	if r.panics > 0 {
		r.panics--
		panic("test job panics")
	}
	return nil
}

func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.runs) }

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.runs...)
}
