package backup_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// TestBackupWhileWritingAndRestore takes a backup while a writer keeps
// inserting, restores it and checks that every backed-up row is exactly
// the source's row.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	ctx := context.Background()
	src := openMigrated(t)
	insertUsers(t, src, 300)
	out := filepath.Join(t.TempDir(), "backup.db")
	writeDuring(t, func() {
		if err := backup.SQLite(ctx, src, out); err != nil {
			t.Fatal(err)
		}
	}, func() error { return insertUser(ctx, src) })
	checkMode(t, out)
	if _, err := os.Stat(out + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left behind: %v", err)
	}
	dataDir := filepath.Join(t.TempDir(), "restored")
	if err := backup.Restore(ctx, out, dataDir, false); err != nil {
		t.Fatal(err)
	}
	checkMode(t, filepath.Join(dataDir, backup.DBFile))
	compareUsers(t, users(t, src), users(t, openAt(t, filepath.Join(dataDir, backup.DBFile))))
}

// writeDuring runs write in a loop on another goroutine while fn runs;
// fn starts once the writer has written a few rows.
func writeDuring(t *testing.T, fn func(), write func() error) {
	t.Helper()
	stop, started := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	var werr error
	wg.Go(func() {
		defer once.Do(func() { close(started) })
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if werr = write(); werr != nil {
				return
			}
			if i == 3 {
				once.Do(func() { close(started) })
			}
		}
	})
	<-started
	fn()
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatalf("writer: %v", werr)
	}
}

// compareUsers asserts that the backup is a subset of the source with
// identical rows.
func compareUsers(t *testing.T, src, restored map[string]user) {
	t.Helper()
	if len(restored) < 300 || len(restored) > len(src) {
		t.Fatalf("restored %d rows, source %d", len(restored), len(src))
	}
	for id, r := range restored {
		if s, ok := src[id]; !ok || s != r {
			t.Errorf("row %s: restored %+v, source %+v (present %v)", id, r, s, ok)
		}
	}
	t.Logf("backup holds %d of %d rows", len(restored), len(src))
}

func checkMode(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, m)
	}
}

func TestBackupRefusesExistingOut(t *testing.T) {
	tests := []struct {
		name string
		path func(out string) string // the file made beforehand
	}{
		{"out exists", func(out string) string { return out }},
		{"interrupted backup left tmp", func(out string) string { return out + ".tmp" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "backup.db")
			existing := tt.path(out)
			if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := backup.SQLite(context.Background(), openMigrated(t), out)
			if !errors.Is(err, backup.ErrExists) {
				t.Fatalf("got %v, want ErrExists", err)
			}
			if b, _ := os.ReadFile(existing); string(b) != "keep me" {
				t.Errorf("%s was changed", existing)
			}
		})
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	d := dbtest.Postgres(t)
	out := filepath.Join(t.TempDir(), "backup.db")
	err := backup.SQLite(context.Background(), d, out)
	if !errors.Is(err, backup.ErrPostgres) {
		t.Fatalf("got %v, want ErrPostgres", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("out was created: %v", err)
	}
}
