package backup_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
)

// makeBackup returns the path of a fresh backup of a database with rows.
func makeBackup(t *testing.T) string {
	t.Helper()
	d := openMigrated(t)
	insertUsers(t, d, 200)
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := backup.SQLite(context.Background(), d, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRestoreRefusesExistingWithoutForce(t *testing.T) {
	ctx := context.Background()
	from := makeBackup(t)
	dataDir := t.TempDir()
	target := filepath.Join(dataDir, backup.DBFile)
	if err := os.WriteFile(target, []byte("current"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target+"-wal", []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backup.Restore(ctx, from, dataDir, false); !errors.Is(err, backup.ErrExists) {
		t.Fatalf("without force: got %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "current" {
		t.Fatal("existing database was changed")
	}
	if err := backup.Restore(ctx, from, dataDir, true); err != nil {
		t.Fatalf("with force: %v", err)
	}
	if _, err := os.Stat(target + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale -wal not removed: %v", err)
	}
	if n := len(users(t, openAt(t, target))); n != 200 {
		t.Errorf("restored %d users, want 200", n)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) string
	}{
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope.db") }},
		{"not SQLite", func(t *testing.T) string {
			return writeFile(t, []byte("this is not a database, just some text\n"))
		}},
		{"empty", func(t *testing.T) string { return writeFile(t, nil) }},
		{"SQLite without migrations", plainSQLite},
		{"truncated", func(t *testing.T) string { return damage(t, makeBackup(t), truncate) }},
		{"corrupt", func(t *testing.T) string { return damage(t, makeBackup(t), scribble) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := filepath.Join(t.TempDir(), "data")
			err := backup.Restore(context.Background(), tt.make(t), dataDir, false)
			if err == nil {
				t.Fatal("restore accepted a bad file")
			}
			t.Logf("refused: %v", err)
			if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
				t.Errorf("data directory not left empty: %v", entries)
			}
		})
	}
}

func writeFile(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file.db")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// plainSQLite backs up a valid SQLite database that is not a KMN database.
func plainSQLite(t *testing.T) string {
	d := openMigrated(t)
	if _, err := d.Exec(context.Background(), "DROP TABLE goose_db_version"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "plain.db")
	if err := backup.SQLite(context.Background(), d, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// damage applies fn to the file's bytes and returns the path.
func damage(t *testing.T, path string, fn func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, fn(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func truncate(b []byte) []byte { return b[:len(b)/2] }

// scribble overwrites the second half of the file (past the schema page).
func scribble(b []byte) []byte {
	for i := len(b) / 2; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	return b
}
