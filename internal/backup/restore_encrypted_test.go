package backup_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
)

// encryptedBackup returns a fresh encrypted backup of a database with rows
// and the identity that decrypts it.
func encryptedBackup(t *testing.T) (string, *age.X25519Identity) {
	t.Helper()
	d := openMigrated(t)
	insertUsers(t, d, 200)
	id := newIdentity(t)
	res, err := backup.Encrypted(context.Background(), d, backup.EncryptOptions{
		Dir: t.TempDir(), Recipients: []age.Recipient{id.Recipient()}, Now: fixedNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Path, id
}

// TestRestoreEncryptedRefuses checks that each bad case fails and leaves an
// existing data directory exactly as it was, even with force.
func TestRestoreEncryptedRefuses(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) (string, []age.Identity)
	}{
		{"wrong identity", func(t *testing.T) (string, []age.Identity) {
			path, _ := encryptedBackup(t)
			return path, []age.Identity{newIdentity(t)}
		}},
		{"no identity", func(t *testing.T) (string, []age.Identity) {
			path, _ := encryptedBackup(t)
			return path, nil
		}},
		{"truncated", func(t *testing.T) (string, []age.Identity) {
			path, id := encryptedBackup(t)
			return damage(t, path, truncate), []age.Identity{id}
		}},
		{"last byte cut", func(t *testing.T) (string, []age.Identity) {
			path, id := encryptedBackup(t)
			return damage(t, path, func(b []byte) []byte { return b[:len(b)-1] }), []age.Identity{id}
		}},
		{"one byte flipped", func(t *testing.T) (string, []age.Identity) {
			path, id := encryptedBackup(t)
			return damage(t, path, func(b []byte) []byte { b[len(b)/2] ^= 1; return b }), []age.Identity{id}
		}},
		{"plain backup", func(t *testing.T) (string, []age.Identity) {
			return makeBackup(t), []age.Identity{newIdentity(t)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, ids := tt.make(t)
			dataDir := t.TempDir()
			target := filepath.Join(dataDir, backup.DBFile)
			for _, f := range []string{target, target + "-wal"} {
				if err := os.WriteFile(f, []byte("current "+f), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := backup.RestoreEncrypted(context.Background(), from, dataDir, ids, true)
			if err == nil {
				t.Fatal("restore accepted a bad file or identity")
			}
			t.Logf("refused: %v", err)
			onlyFiles(t, dataDir, backup.DBFile, backup.DBFile+"-wal")
			for _, f := range []string{target, target + "-wal"} {
				if b, _ := os.ReadFile(f); !bytes.Equal(b, []byte("current "+f)) {
					t.Errorf("%s was changed", f)
				}
			}
		})
	}
}

// TestRestorePlainRefusesEncrypted: Restore must not install an .age file
// (it is not SQLite), and says why in terms of the check.
func TestRestorePlainRefusesEncrypted(t *testing.T) {
	path, _ := encryptedBackup(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	err := backup.Restore(context.Background(), path, dataDir, false)
	if err == nil || !strings.Contains(err.Error(), "not a usable backup") {
		t.Fatalf("got %v, want a refusal", err)
	}
	onlyFiles(t, dataDir)
}

// TestRelativePaths: the CLI's default data directory is relative
// (./kmn-data), and SQLite's file: URLs once read its first element as a
// host.
func TestRelativePaths(t *testing.T) {
	ctx := context.Background()
	d := openMigrated(t)
	insertUsers(t, d, 10)
	id := newIdentity(t)
	t.Chdir(t.TempDir())
	res, err := backup.Encrypted(ctx, d, backup.EncryptOptions{
		Dir: "backups", Recipients: []age.Recipient{id.Recipient()}, Identities: []age.Identity{id},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := backup.RestoreEncrypted(ctx, res.Path, "data", []age.Identity{id}, false); err != nil {
		t.Fatal(err)
	}
	if n := len(users(t, openAt(t, filepath.Join("data", backup.DBFile)))); n != 10 {
		t.Errorf("restored %d users, want 10", n)
	}
}
