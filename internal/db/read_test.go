package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// A read snapshot neither blocks a writer nor sees what the writer commits
// after the snapshot began; writing inside it fails.
func TestInReadSnapshot(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE read_probe (n INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, "INSERT INTO read_probe (n) VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		count := func(q db.Querier) int {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM read_probe").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		err := d.InRead(ctx, func(q db.Querier) error {
			if n := count(q); n != 1 {
				t.Errorf("snapshot sees %d rows, want 1", n)
			}
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			// An IMMEDIATE or locking read would make this writer wait for
			// the busy timeout and fail.
			if err := d.InTx(wctx, func(tx *db.Tx) error {
				_, err := tx.Exec(wctx, "INSERT INTO read_probe (n) VALUES (2)")
				return err
			}); err != nil {
				t.Errorf("writer blocked by a read snapshot: %v", err)
			}
			if n := count(q); n != 1 {
				t.Errorf("snapshot sees %d rows after a later commit, want 1", n)
			}
			if _, err := q.Exec(ctx, "INSERT INTO read_probe (n) VALUES (3)"); err == nil {
				t.Error("a write inside a read snapshot succeeded")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(d); n != 2 {
			t.Errorf("after the snapshot: %d rows, want 2", n)
		}
	})
}
