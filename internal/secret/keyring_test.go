package secret

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyringLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	k, created, err := LoadOrCreate(dir)
	if err != nil || !created {
		t.Fatalf("first run: created=%v err=%v", created, err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st.Mode().Perm(), err)
	}
	sealed := k.Encrypt([]byte("geheim"), "row:1")
	if strings.Contains(sealed, "geheim") {
		t.Fatal("plaintext visible in ciphertext")
	}
	again, created, err := LoadOrCreate(dir)
	if err != nil || created {
		t.Fatalf("second run: created=%v err=%v", created, err)
	}
	tests := []struct {
		name, value, aad string
		ok               bool
	}{
		{"same aad", sealed, "row:1", true},
		{"other row", sealed, "row:2", false},
		{"edited", flipByte(sealed), "row:1", false},
		{"unknown key", "nokey:" + strings.SplitN(sealed, ":", 2)[1], "row:1", false},
		{"garbage", "%%%", "row:1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := again.Decrypt(tt.value, tt.aad)
			if tt.ok && (err != nil || string(got) != "geheim") {
				t.Fatalf("got %q, %v", got, err)
			}
			if !tt.ok && err == nil {
				t.Fatal("decrypted a value that must be refused")
			}
		})
	}
	csrf := again.Derive("csrf")
	if _, err := again.Rotate(); err != nil {
		t.Fatal(err)
	}
	if again.ActiveID() == k.ActiveID() {
		t.Fatal("rotation kept the old active key")
	}
	if got, err := again.Decrypt(sealed, "row:1"); err != nil || string(got) != "geheim" {
		t.Fatalf("old ciphertext after rotation: %q %v", got, err)
	}
	if string(again.Derive("csrf")) != string(csrf) {
		t.Fatal("derived keys changed with rotation")
	}
	reloaded, _, err := LoadOrCreate(dir)
	if err != nil || reloaded.ActiveID() != again.ActiveID() {
		t.Fatalf("rotation not persisted: %v", err)
	}
}

func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LoadOrCreate(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, KeyFileName), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(dir); err == nil {
		t.Fatal("a world-readable key file was accepted")
	}
}

// flipByte changes one byte of the sealed data (not just base64 padding bits).
func flipByte(sealed string) string {
	id, data, _ := strings.Cut(sealed, ":")
	raw, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil {
		panic(err)
	}
	raw[len(raw)/2] ^= 0x01
	return id + ":" + base64.RawStdEncoding.EncodeToString(raw)
}
