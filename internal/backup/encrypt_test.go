package backup_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestEncryptedWritesVerifiedBackup(t *testing.T) {
	id := newIdentity(t)
	tests := []struct {
		name string
		ids  []age.Identity
		want string
	}{
		{"checksum only (server without the identity)", nil, backup.VerifiedChecksum},
		{"full decryption", []age.Identity{id}, backup.VerifiedDecrypted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openMigrated(t)
			insertUsers(t, d, 20)
			dir := filepath.Join(t.TempDir(), "backups")
			res, err := backup.Encrypted(context.Background(), d, backup.EncryptOptions{
				Dir: dir, Recipients: []age.Recipient{id.Recipient()}, Identities: tt.ids, Now: fixedNow,
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "kmn-20261207T070000Z.db.age"); res.Path != want {
				t.Errorf("path %s, want %s", res.Path, want)
			}
			if res.Verified != tt.want {
				t.Errorf("verified %q, want %q", res.Verified, tt.want)
			}
			checkMode(t, res.Path)
			b, err := os.ReadFile(res.Path)
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != res.SHA256 || int64(len(b)) != res.Size {
				t.Errorf("result %d bytes %s, file %d bytes %x", res.Size, res.SHA256, len(b), sum)
			}
			onlyFiles(t, dir, filepath.Base(res.Path))
		})
	}
}

// TestEncryptedLeavesNoPlaintext fails Encrypted at several points and
// checks that nothing but published backups is left in the directory.
func TestEncryptedLeavesNoPlaintext(t *testing.T) {
	id, other := newIdentity(t), newIdentity(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		ids  []age.Identity
	}{
		{"verification fails (identity does not match)", context.Background(), []age.Identity{other}},
		{"cancelled", cancelled, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := openMigrated(t)
			insertUsers(t, d, 20)
			dir := t.TempDir()
			_, err := backup.Encrypted(tt.ctx, d, backup.EncryptOptions{
				Dir: dir, Recipients: []age.Recipient{id.Recipient()}, Identities: tt.ids, Now: fixedNow,
			})
			if err == nil {
				t.Fatal("Encrypted succeeded")
			}
			t.Logf("failed as expected: %v", err)
			onlyFiles(t, dir)
		})
	}
}

func TestEncryptedRefuses(t *testing.T) {
	id := newIdentity(t)
	rs := []age.Recipient{id.Recipient()}
	tests := []struct {
		name    string
		opts    func(dir string) backup.EncryptOptions
		prepare func(t *testing.T, dir string)
		want    error
	}{
		{"no recipients", func(dir string) backup.EncryptOptions { return backup.EncryptOptions{Dir: dir} }, nil, nil},
		{"no directory", func(string) backup.EncryptOptions { return backup.EncryptOptions{Recipients: rs} }, nil, nil},
		{"backup of that second exists",
			func(dir string) backup.EncryptOptions {
				return backup.EncryptOptions{Dir: dir, Recipients: rs, Now: fixedNow}
			},
			func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, backup.FileName(fixedNow)), []byte("keep me"), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			backup.ErrExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.prepare != nil {
				tt.prepare(t, dir)
			}
			before := names(t, dir)
			_, err := backup.Encrypted(context.Background(), openMigrated(t), tt.opts(dir))
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("got %v, want an error (%v)", err, tt.want)
			}
			onlyFiles(t, dir, before...)
		})
	}
}

func TestEncryptedRefusesPostgres(t *testing.T) {
	d := dbtest.Postgres(t)
	dir := t.TempDir()
	_, err := backup.Encrypted(context.Background(), d, backup.EncryptOptions{
		Dir: dir, Recipients: []age.Recipient{newIdentity(t).Recipient()},
	})
	if !errors.Is(err, backup.ErrPostgres) {
		t.Fatalf("got %v, want ErrPostgres", err)
	}
	onlyFiles(t, dir)
}

// onlyFiles fails unless dir holds exactly the named files.
func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	got := names(t, dir)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	slices.Sort(s)
	return s
}
