package audit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// stepClock returns a clock that starts at a fixed instant with sub-second
// digits and advances one second per call.
func stepClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// newLog returns a Log on d with a deterministic clock.
func newLog(d *db.DB) *Log { return New(d).WithClock(stepClock()) }

// writeN appends n entries with actions "test.0", "test.1", … and details,
// all in one transaction (which also exercises several Appends per tx).
func writeN(t *testing.T, l *Log, n int) {
	t.Helper()
	ctx := context.Background()
	err := l.db.InTx(ctx, func(tx *db.Tx) error {
		for i := range n {
			e := Entry{
				ActorID: "u1", Actor: "a@example.org", Action: fmt.Sprintf("test.%d", i),
				ObjectType: "user", ObjectID: fmt.Sprint(i), Result: ResultSuccess, IP: "192.0.2.1",
				Detail: map[string]string{"role": "counselor", "before": "x", "after": "y"},
			}
			if err := l.Append(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// verify runs Verify and fails the test on a read error.
func verify(t *testing.T, l *Log) Report {
	t.Helper()
	rep, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// dropAppendOnly removes the triggers that refuse UPDATE and DELETE, as an
// attacker with direct database access could.
func dropAppendOnly(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if d.Dialect() == db.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, s := range stmts {
		if _, err := d.Exec(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

// exec runs a statement and fails the test on error.
func exec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	if _, err := d.Exec(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
