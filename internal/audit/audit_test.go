package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestAppendAndVerify(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"empty", 0},
		{"one", 1},
		{"several", 7},
		{"more than one batch", verifyBatch + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
				l := newLog(d)
				writeN(t, l, tt.n)
				rep := verify(t, l)
				if rep.Broken != nil || rep.Rows != int64(tt.n) {
					t.Fatalf("report %+v, broken %+v; want %d intact rows", rep, rep.Broken, tt.n)
				}
				if tt.n == 0 && rep.Head != "" {
					t.Errorf("empty log has head %q", rep.Head)
				}
				if tt.n > 0 {
					checkHead(t, l, rep.Head)
				}
			})
		})
	}
}

// checkHead asserts that head is the newest row's hash.
func checkHead(t *testing.T, l *Log, head string) {
	t.Helper()
	recs, err := l.List(context.Background(), Filter{Limit: 1})
	if err != nil || len(recs) != 1 {
		t.Fatalf("list: %v, %d rows", err, len(recs))
	}
	if recs[0].Hash != head {
		t.Errorf("head %s, newest row hash %s", head, recs[0].Hash)
	}
}

func TestRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		at := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))
		l := New(d).WithClock(func() time.Time { return at })
		e := Entry{ActorID: "u", Actor: "ä@example.org", Action: "user.update", ObjectType: "user",
			ObjectID: "42", Result: ResultDenied, IP: "2001:db8::1",
			Detail: map[string]string{"z": "1", "a": "\"quoted\" <b>", "ü": "ß"}}
		if err := l.Write(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		recs, err := l.List(context.Background(), Filter{})
		if err != nil || len(recs) != 1 {
			t.Fatalf("list: %v, %d", err, len(recs))
		}
		r := recs[0]
		wantAt := at.UTC().Truncate(time.Microsecond)
		if r.Seq != 1 || r.PrevHash != "" || !r.At.Equal(wantAt) || r.At.Location() != time.UTC {
			t.Errorf("got seq %d prev %q at %v; want 1, \"\", %v", r.Seq, r.PrevHash, r.At, wantAt)
		}
		if fmt.Sprint(r.Entry) != fmt.Sprint(e) {
			t.Errorf("entry\n got %+v\nwant %+v", r.Entry, e)
		}
		var stored string
		if err := d.QueryRow(context.Background(), "SELECT detail FROM audit_log").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if want := `{"a":"\"quoted\" \u003cb\u003e","z":"1","ü":"ß"}`; stored != want {
			t.Errorf("detail stored as %s, want %s", stored, want)
		}
	})
}

// TestHashIsStable pins the hash encoding: if it changes, every log already
// written stops verifying.
func TestHashIsStable(t *testing.T) {
	r := row{seq: 2, at: time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC),
		e:      Entry{ActorID: "u", Actor: "a@b.de", Action: "auth.login", Result: ResultSuccess, IP: "::1"},
		detail: `{"k":"v"}`, prevHash: strings.Repeat("ab", 32)}
	got, err := computeHash(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = "bcdf4768e5d9229db0ccb03dac05319882d8a92a92fd0876567a3f31c2164604"
	if got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
}

func TestInvalidEntryWritesNothing(t *testing.T) {
	tests := []struct {
		name string
		e    Entry
	}{
		{"empty action", Entry{Result: ResultSuccess}},
		{"empty result", Entry{Action: "auth.login"}},
		{"unknown result", Entry{Action: "auth.login", Result: "ok"}},
		{"invalid UTF-8", Entry{Action: "auth.login", Result: ResultSuccess, Actor: "\xff"}},
		{"NUL in detail", Entry{Action: "auth.login", Result: ResultSuccess, Detail: map[string]string{"a": "x\x00"}}},
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := newLog(d)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := l.Write(context.Background(), tt.e)
				if !errors.Is(err, ErrInvalidEntry) {
					t.Errorf("got %v, want ErrInvalidEntry", err)
				}
			})
		}
		if n, err := l.Count(context.Background(), Filter{}); err != nil || n != 0 {
			t.Errorf("count %d, %v; want 0", n, err)
		}
	})
}

// TestAppendRollsBackWithCaller shows that the audit row belongs to the
// caller's transaction.
func TestAppendRollsBackWithCaller(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := newLog(d)
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := l.Append(ctx, tx, Entry{Action: "user.create", Result: ResultSuccess}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		if n, err := l.Count(ctx, Filter{}); err != nil || n != 0 {
			t.Errorf("count %d, %v; want 0 after rollback", n, err)
		}
	})
}

func TestConcurrentAppends(t *testing.T) {
	const workers, each = 20, 5
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					e := Entry{Action: "test.concurrent", ObjectID: fmt.Sprintf("%d-%d", w, i), Result: ResultSuccess}
					if err := l.Write(context.Background(), e); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		rep := verify(t, l)
		if rep.Broken != nil || rep.Rows != workers*each {
			t.Fatalf("rows %d, broken %+v; want %d intact", rep.Rows, rep.Broken, workers*each)
		}
		var maxSeq int64
		if err := d.QueryRow(context.Background(), "SELECT MAX(seq) FROM audit_log").Scan(&maxSeq); err != nil || maxSeq != workers*each {
			t.Errorf("max seq %d, %v", maxSeq, err)
		}
	})
}

// TestWritesShareTransactions: while the log is locked by another
// transaction, concurrent Writes queue up; once it ends, they are written
// in at most two transactions (the first writer's, which may hold only its
// own row, and one for the rest), in a chain that verifies.
func TestWritesShareTransactions(t *testing.T) {
	const writers = 10
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		ctx := context.Background()
		release, held := make(chan struct{}), make(chan struct{})
		go func() {
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				if err := tx.LockTable(ctx, "audit_log"); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Go(func() {
				errs <- l.Write(ctx, Entry{Action: "test.batch", ObjectID: fmt.Sprint(i), Result: ResultSuccess})
			})
		}
		for l.batch.queued.Load() < writers {
			time.Sleep(5 * time.Millisecond)
		}
		close(release)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if n := l.batch.flushes.Load(); n > 2 {
			t.Errorf("%d writes took %d transactions, want at most 2", writers, n)
		}
		if rep := verify(t, l); rep.Broken != nil || rep.Rows != writers {
			t.Fatalf("rows %d, broken %+v; want %d intact", rep.Rows, rep.Broken, writers)
		}
	})
}
