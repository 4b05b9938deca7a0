package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, sqlite, pg string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = ?", "x = '?' AND y = $1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := db.Rebind(db.SQLite, tt.in); got != tt.sqlite {
				t.Errorf("sqlite: got %q, want %q", got, tt.sqlite)
			}
			if got := db.Rebind(db.Postgres, tt.in); got != tt.pg {
				t.Errorf("postgres: got %q, want %q", got, tt.pg)
			}
		})
	}
}

func TestMigrationsHaveEveryEngine(t *testing.T) {
	s, err := db.MigrationNames(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.MigrationNames(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != len(p) || len(s) == 0 {
		t.Fatalf("engines must share one migration sequence: sqlite %v, postgres %v", s, p)
	}
	for i := range s {
		if s[i] != p[i] {
			t.Errorf("migration %d differs: %s vs %s", i, s[i], p[i])
		}
	}
}

func TestStoreBasics(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		v, err := d.SchemaVersion(ctx)
		if err != nil || v < 2 {
			t.Fatalf("schema version %d, %v", v, err)
		}
		// Migrating twice is a no-op.
		if err := d.Migrate(ctx, discardLogger()); err != nil {
			t.Fatal(err)
		}
		now := clock.System().Now()
		insert := func(tx db.Querier, id string) error {
			_, err := tx.Exec(ctx, `INSERT INTO users (id, email, name, role, scope_kind, created_at, updated_at)
				VALUES (?, ?, 'N', 'admin', 'statewide', ?, ?)`, id, id+"@x.de", now, now)
			return err
		}
		// A failing transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := insert(tx, "a"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil || n != 0 {
			t.Fatalf("rolled-back row is visible: n=%d err=%v", n, err)
		}
		if err := insert(d, "b"); err != nil {
			t.Fatal(err)
		}
		if err := insert(d, "b"); !db.IsUniqueViolation(err) {
			t.Fatalf("duplicate key: want unique violation, got %v", err)
		}
		// Timestamps round-trip exactly and in UTC.
		var created = now
		if err := d.QueryRow(ctx, "SELECT created_at FROM users WHERE id = ?", "b").Scan(&created); err != nil {
			t.Fatal(err)
		}
		if !created.Equal(now) || created.Location().String() != "UTC" {
			t.Fatalf("timestamp round trip: wrote %v, read %v", now, created)
		}
		// The audit log refuses updates and deletes.
		if _, err := d.Exec(ctx, `INSERT INTO audit_log (seq, at, action, result, prev_hash, hash) VALUES (1, ?, 'x', 'success', '', 'h')`, now); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, "UPDATE audit_log SET action = 'y'"); err == nil {
			t.Error("audit_log accepted an UPDATE")
		}
		if _, err := d.Exec(ctx, "DELETE FROM audit_log"); err == nil {
			t.Error("audit_log accepted a DELETE")
		}
	})
}
