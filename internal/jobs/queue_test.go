package jobs_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
)

// TestJobsFollowTheirTransaction: a job inserted in a rolled-back
// transaction never runs; one in a committed transaction runs once.
func TestJobsFollowTheirTransaction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		d, _ := twoServers(t, engine)
		reg := jobs.NewRegistry()
		rec := &recorder{}
		jobs.Work(reg, rec)
		q := start(t, d, reg, jobs.Options{})
		ctx := context.Background()
		errRollback := errors.New("the change fails after the job was added")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := q.InsertTx(ctx, tx, recordArgs{Name: "rolled back"}); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatal(err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return q.InsertTx(ctx, tx, recordArgs{Name: "committed"}) }); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the committed job", 10*time.Second, func() bool { return rec.count() >= 1 })
		time.Sleep(300 * time.Millisecond) // time enough for a wrong second run
		if got := rec.names(); !slices.Equal(got, []string{"committed"}) {
			t.Errorf("runs = %v, want only the committed job once", got)
		}
	})
}

// TestPanickingJobIsRetriedThenDiscarded: a job that panics is retried; one
// that keeps panicking ends discarded with its error, and the queue keeps
// working other jobs.
func TestPanickingJobIsRetriedThenDiscarded(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		d, _ := twoServers(t, engine)
		reg := jobs.NewRegistry()
		rec := &recorder{panics: 1000}
		jobs.Work(reg, rec)
		q := start(t, d, reg, jobs.Options{})
		ctx := context.Background()
		if err := d.InTx(ctx, func(tx *db.Tx) error { return q.InsertTx(ctx, tx, recordArgs{Name: "boom"}) }); err != nil {
			t.Fatal(err)
		}
		var failed []jobs.Job
		waitFor(t, "the job to be discarded", 30*time.Second, func() bool {
			failed, _ = q.List(ctx, []string{"discarded"}, 10)
			return len(failed) == 1
		})
		if got := rec.count(); got != river.MaxAttemptsDefault {
			t.Errorf("runs = %d, want %d attempts", got, river.MaxAttemptsDefault)
		}
		if failed[0].LastError == "" || failed[0].Attempt != river.MaxAttemptsDefault {
			t.Errorf("discarded job = %+v, want its panic recorded after every attempt", failed[0])
		}
		// The queue still works, and an admin's retry runs the job again.
		rec.mu.Lock()
		rec.panics = 0
		rec.mu.Unlock()
		before := rec.count()
		if _, err := q.Retry(ctx, failed[0].ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the retried job", 10*time.Second, func() bool { return rec.count() == before+1 })
		if _, err := q.Retry(ctx, 987654321); !errors.Is(err, jobs.ErrNotFound) {
			t.Errorf("retry of an unknown job: %v, want ErrNotFound", err)
		}
	})
}

// TestPeriodicTaskRunsOnceAcrossServers: two servers on one database run a
// periodic task once per period, not once per server.
func TestPeriodicTaskRunsOnceAcrossServers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		d1, d2 := twoServers(t, engine)
		var mu sync.Mutex
		runs := map[string]int{}
		registry := func(server string) *jobs.Registry {
			reg := jobs.NewRegistry()
			reg.Periodic(jobs.Task{Name: "test.hourly", Schedule: jobs.Every(time.Hour), RunOnStart: true,
				Run: func(context.Context) error { mu.Lock(); runs[server]++; mu.Unlock(); return nil }})
			return reg
		}
		start(t, d1, registry("one"), jobs.Options{})
		start(t, d2, registry("two"), jobs.Options{})
		total := func() int { mu.Lock(); defer mu.Unlock(); return runs["one"] + runs["two"] }
		waitFor(t, "the first run", 20*time.Second, func() bool { return total() >= 1 })
		time.Sleep(3 * time.Second) // both servers had time to run it again
		if got := total(); got != 1 {
			t.Errorf("the hourly task ran %d times on two servers (%v), want once", got, runs)
		}
	})
}
