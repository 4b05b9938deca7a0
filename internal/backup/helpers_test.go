package backup_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// user is one users row, times as Unix microseconds so rows compare with ==.
type user struct {
	ID, Email, Name, Role, ScopeKind string
	Created, Updated                 int64
}

// openMigrated opens and migrates a SQLite database in a new temp directory.
func openMigrated(t *testing.T) *db.DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "kmn.db"))
}

// openAt opens and migrates the SQLite database at path.
func openAt(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return d
}

var userSeq atomic.Int64

// insertUser adds one user with a unique id.
func insertUser(ctx context.Context, d db.Querier) error {
	n := userSeq.Add(1)
	now := clock.System().Now()
	_, err := d.Exec(ctx, `INSERT INTO users (id, email, name, role, scope_kind, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		fmt.Sprintf("u%08d", n), fmt.Sprintf("u%d@example.org", n), fmt.Sprintf("Nutzer:in %d", n),
		"counselor", "statewide", now, now.Add(time.Duration(n)*time.Microsecond))
	return err
}

// insertUsers adds n users in one transaction or fails the test.
func insertUsers(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for range n {
			if err := insertUser(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// users reads all users keyed by id.
func users(t *testing.T, d *db.DB) map[string]user {
	t.Helper()
	rows, err := d.Query(context.Background(),
		"SELECT id, email, name, role, scope_kind, created_at, updated_at FROM users")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]user{}
	for rows.Next() {
		var u user
		var c, up time.Time
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.ScopeKind, &c, &up); err != nil {
			t.Fatal(err)
		}
		u.Created, u.Updated = c.UnixMicro(), up.UnixMicro()
		m[u.ID] = u
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}
