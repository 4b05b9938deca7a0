package e2e

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
)

func TestFiles(t *testing.T) {
	key := NewConversationKey()
	for _, n := range []int{1, 1000, MaxFileBytes} {
		data := make([]byte, n)
		rand.Read(data)
		sealed, err := SealFile(key, "c1", 1, 7, "s1", data)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if err := ValidSealedFile(sealed); err != nil {
			t.Errorf("%d bytes: ValidSealedFile: %v", n, err)
		}
		if got, err := OpenFile(key, "c1", 1, 7, "s1", sealed); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: round trip: %v", n, err)
		}
	}
	sealed, _ := SealFile(key, "c1", 1, 7, "s1", []byte("%PDF-1.7 …"))
	msg, _ := EncryptMessage(key, "c1", 1, 7, "s1", "%PDF-1.7 …")
	aad, _ := fileAAD("c1", 1, 7, "s1")
	tests := []struct {
		name, conv, sender, sealed string
		epoch, seq                 int
		key                        []byte
	}{
		{"other seq", "c1", "s1", sealed, 1, 8, key},
		{"other epoch", "c1", "s1", sealed, 2, 7, key},
		{"other sender", "c1", "s2", sealed, 1, 7, key},
		{"other conversation", "c2", "s1", sealed, 1, 7, key},
		{"other key", "c1", "s1", sealed, 1, 7, NewConversationKey()},
		{"tampered iv", "c1", "s1", flip(sealed, 0), 1, 7, key},
		{"tampered body", "c1", "s1", flip(sealed, 20), 1, 7, key},
		{"truncated", "c1", "s1", sealed[:20], 1, 7, key},
		{"empty", "c1", "s1", "", 1, 7, key},
		{"not base64", "c1", "s1", "*" + sealed, 1, 7, key},
		{"a message", "c1", "s1", msg, 1, 7, key},
		{"empty file", "c1", "s1", SealRaw(key, aad, ""), 1, 7, key},
		{"too long", "c1", "s1", strings.Repeat("A", 4*(SealedOverhead+MaxFileBytes)/3+4), 1, 7, key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := OpenFile(tt.key, tt.conv, tt.epoch, tt.seq, tt.sender, tt.sealed); !errors.Is(err, ErrVerify) {
				t.Errorf("err = %v, want ErrVerify", err)
			}
		})
	}
	if _, err := DecryptMessage(key, "c1", 1, 7, "s1", sealed); !errors.Is(err, ErrVerify) {
		t.Errorf("a file opened as a message: err = %v", err)
	}
	for _, n := range []int{0, MaxFileBytes + 1} {
		if _, err := SealFile(key, "c1", 1, 7, "s1", make([]byte, n)); err == nil || errors.Is(err, ErrVerify) {
			t.Errorf("SealFile of %d bytes: err = %v, want a usage error", n, err)
		}
	}
	if _, err := SealFile(key, "c|1", 1, 7, "s1", []byte("x")); err == nil {
		t.Error("SealFile accepted | in the conversation id")
	}
	if _, err := OpenFile(key, "c1", 1, 7, "s|1", sealed); err == nil || errors.Is(err, ErrVerify) {
		t.Errorf("OpenFile with | in the sender: err = %v, want a usage error", err)
	}
}

func TestValidSealedFile(t *testing.T) {
	for name, tt := range map[string]struct {
		s  string
		ok bool
	}{
		"one byte":   {Encode(make([]byte, SealedOverhead+1)), true},
		"largest":    {Encode(make([]byte, SealedOverhead+MaxFileBytes)), true},
		"empty file": {Encode(make([]byte, SealedOverhead)), false},
		"too large":  {Encode(make([]byte, SealedOverhead+MaxFileBytes+1)), false},
		"padded":     {Encode(make([]byte, SealedOverhead+1)) + "=", false},
		"empty":      {"", false},
	} {
		if err := ValidSealedFile(tt.s); (err == nil) != tt.ok {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestPlain(t *testing.T) {
	key := NewConversationKey()
	for _, p := range []Plain{
		{Text: "Hallo"},
		{Text: "", File: &FileInfo{Name: "Bescheid.pdf", Type: "application/pdf", Size: MaxFileBytes}},
		{Text: arabic, File: &FileInfo{Name: strings.Repeat("ä", 127) + ".", Type: "image/webp", Size: 1}},
	} {
		sealed, err := EncryptPlain(key, "c1", 2, 3, "s1", p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecryptPlain(key, "c1", 2, 3, "s1", sealed)
		if err != nil || got.Text != p.Text || (got.File == nil) != (p.File == nil) || p.File != nil && *got.File != *p.File {
			t.Errorf("round trip of %+v: %+v, %v", p, got, err)
		}
		if text, err := DecryptMessage(key, "c1", 2, 3, "s1", sealed); err != nil || text != p.Text {
			t.Errorf("DecryptMessage: %q, %v", text, err)
		}
		if _, err := DecryptPlain(key, "c1", 2, 4, "s1", sealed); !errors.Is(err, ErrVerify) {
			t.Errorf("at another seq: err = %v", err)
		}
	}
	// Without a file the plaintext is exactly what it was before
	// attachments, so older readers see no change.
	sealed, _ := EncryptMessage(key, "c1", 1, 1, "s1", "hi")
	aad, _ := msgAAD("c1", 1, 1, "s1")
	box, _ := Decode(sealed)
	if pt, err := open(key, box, aad); err != nil || string(pt) != `{"text":"hi"}` {
		t.Errorf("plaintext %s, %v", pt, err)
	}
	for _, f := range []FileInfo{
		{Name: "a.gif", Type: "image/gif", Size: 1},
		{Name: "a.png", Type: "IMAGE/PNG", Size: 1},
		{Name: "a.png", Type: "image/png", Size: 0},
		{Name: "a.png", Type: "image/png", Size: MaxFileBytes + 1},
		{Name: "", Type: "image/png", Size: 1},
		{Name: strings.Repeat("ä", 128), Type: "image/png", Size: 1},
		{Name: "\xff.png", Type: "image/png", Size: 1},
	} {
		if _, err := EncryptPlain(key, "c1", 1, 1, "s1", Plain{File: &f}); err == nil || errors.Is(err, ErrVerify) {
			t.Errorf("EncryptPlain with %+v: err = %v, want a usage error", f, err)
		}
	}
}

func TestPlainCases(t *testing.T) {
	key := NewConversationKey()
	aad, _ := msgAAD("c", 1, 1, "s")
	for _, tt := range PlainCases {
		t.Run(tt.Plain, func(t *testing.T) {
			p, err := DecryptPlain(key, "c", 1, 1, "s", SealRaw(key, aad, tt.Plain))
			if tt.OK != (err == nil) || !tt.OK && !errors.Is(err, ErrVerify) {
				t.Fatalf("got %+v, %v", p, err)
			}
			if err == nil && p.File != nil && p.File.check() != nil {
				t.Errorf("accepted %+v", *p.File)
			}
		})
	}
}

func TestAllowedFileType(t *testing.T) {
	for _, ty := range AllowedFileTypes {
		if !AllowedFileType(ty) {
			t.Errorf("%s refused", ty)
		}
	}
	for _, ty := range []string{"", "image/gif", "image/svg+xml", "text/html", "IMAGE/JPEG", "image/jpeg;x=1"} {
		if AllowedFileType(ty) {
			t.Errorf("%s allowed", ty)
		}
	}
}
