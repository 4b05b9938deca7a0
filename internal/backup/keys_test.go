package backup_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
)

func TestParseRecipients(t *testing.T) {
	a, b := newIdentity(t).Recipient().String(), newIdentity(t).Recipient().String()
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "recipients.txt")
	if err := os.WriteFile(file, []byte("# operators\n"+a+"\n\n"+b+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		in    string
		wantN int // 0: want an error
	}{
		{"one key", a, 1},
		{"comma-separated", a + "," + b, 2},
		{"spaces and commas", "  " + a + ", \n" + b + " ", 2},
		{"post-quantum key", pq.Recipient().String(), 1},
		{"recipients file", file, 2},
		{"empty", " ", 0},
		{"bad key", a + ",age1nonsense", 0},
		{"missing file", filepath.Join(t.TempDir(), "nope"), 0},
		{"private key by mistake", newIdentity(t).String(), 0},
		{"private key in a list", a + "," + newIdentity(t).String(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := backup.ParseRecipients(tt.in)
			if tt.wantN == 0 {
				if err == nil {
					t.Fatalf("accepted %q", tt.in)
				}
				if strings.Contains(err.Error(), "AGE-SECRET-KEY-1") {
					t.Errorf("error repeats a private key: %v", err)
				}
				return
			}
			if err != nil || len(rs) != tt.wantN {
				t.Fatalf("got %d recipients, %v; want %d", len(rs), err, tt.wantN)
			}
		})
	}
}

func TestLoadIdentities(t *testing.T) {
	id := newIdentity(t)
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		ok      bool
	}{
		{"owner only", "# created: today\n" + id.String() + "\n", 0o600, true},
		{"readable by group", id.String() + "\n", 0o640, false},
		{"readable by others", id.String() + "\n", 0o604, false},
		{"no identity", "# nothing here\n", 0o600, false},
		{"public key instead", id.Recipient().String() + "\n", 0o600, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "backup.key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			ids, err := backup.LoadIdentities(path)
			if !tt.ok {
				if err == nil {
					t.Fatal("accepted")
				}
				t.Logf("refused: %v", err)
				return
			}
			if err != nil || len(ids) != 1 {
				t.Fatalf("got %d identities, %v", len(ids), err)
			}
		})
	}
}
