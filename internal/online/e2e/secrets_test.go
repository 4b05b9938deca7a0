package e2e

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"regexp"
	"testing"
)

// hmacSHA256 is the one primitive the reference derivations below build on.
func hmacSHA256(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// refPBKDF2 is RFC 8018 PBKDF2 for one 32-byte block, written out from HMAC
// so the test does not trust crypto/pbkdf2 to check itself.
func refPBKDF2(password, salt []byte, iter int) []byte {
	u := hmacSHA256(password, salt, binary.BigEndian.AppendUint32(nil, 1))
	out := bytes.Clone(u)
	for i := 1; i < iter; i++ {
		u = hmacSHA256(password, u)
		for j := range out {
			out[j] ^= u[j]
		}
	}
	return out
}

// refHKDF is RFC 5869 HKDF for one 32-byte block. An empty salt is HashLen
// zero bytes, as the RFC says (and WebCrypto's empty salt amounts to).
func refHKDF(secret, salt []byte, info string) []byte {
	if len(salt) == 0 {
		salt = make([]byte, sha256.Size)
	}
	prk := hmacSHA256(salt, secret)
	return hmacSHA256(prk, []byte(info), []byte{1})
}

func TestPasswordSecretsKnownAnswer(t *testing.T) {
	salt := []byte("0123456789abcdef")
	// Composed "é" in the reference; the decomposed form must give the same.
	master := refPBKDF2([]byte("Grüße, é 🔐"), salt, 600000)
	wantAuth, wantWrap := refHKDF(master, nil, "kmn-online/v1/auth"), refHKDF(master, nil, "kmn-online/v1/wrap")
	for _, pw := range []string{"Grüße, é 🔐", "Gru\u0308ße, e\u0301 🔐"} {
		auth, wrap, err := PasswordSecrets(pw, salt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(auth, wantAuth) || !bytes.Equal(wrap, wantWrap) {
			t.Errorf("PasswordSecrets(%q): auth %x wrap %x, want %x %x", pw, auth, wrap, wantAuth, wantWrap)
		}
		if bytes.Equal(auth, wrap) {
			t.Error("auth equals wrap key")
		}
	}
	if _, _, err := PasswordSecrets("x", []byte("short")); err == nil {
		t.Error("a 5-byte salt was accepted")
	}
}

func TestRecoverySecrets(t *testing.T) {
	salt := []byte("fedcba9876543210")
	const code = "0123456789ABCDEFGHJKMNPQRS"
	master := refHKDF([]byte(code), salt, "kmn-online/v1/recovery")
	wantAuth, wantWrap := refHKDF(master, nil, "kmn-online/v1/auth"), refHKDF(master, nil, "kmn-online/v1/wrap")
	for _, typed := range []string{code, "01234-56789-abcde-fghjk-mnpqrs", "O1234 56789 ABCDE FGHJK MNPQRS", "oi234–56789–abcde–fghjk–mnpqrs"} {
		auth, wrap, err := RecoverySecrets(typed, salt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(auth, wantAuth) || !bytes.Equal(wrap, wantWrap) {
			t.Errorf("RecoverySecrets(%q) differs from the reference", typed)
		}
	}
}

func TestNormaliseRecoveryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abcde-fghjk", "ABCDEFGHJK"},
		{" o0O-iIlL1 ", "00011111"},
		{"AB CD\tEF\nGH\u00a0JK", "ABCDEFGHJK"},
		{"12345‐67890—ABCDE−FGHJK–MNPQRS", "1234567890ABCDEFGHJKMNPQRS"},
		{"ß-é", "ßé"}, // non-ASCII stays, so the code is invalid, not remapped
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormaliseRecoveryCode(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewRecoveryCode(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}$`)
	seen := map[string]bool{}
	for range 50 {
		c := NewRecoveryCode()
		if !shape.MatchString(c) || !ValidRecoveryCode(c) {
			t.Fatalf("bad code %q", c)
		}
		seen[c] = true
	}
	if len(seen) != 50 {
		t.Error("recovery codes repeat")
	}
	for _, bad := range []string{"", "ABC", "0123456789ABCDEFGHJKMNPQRSU", "0123456789ABCDEFGHJKMNPQRU", "0123456789ABCDEFGHJKMNPQRß"} {
		if ValidRecoveryCode(bad) {
			t.Errorf("ValidRecoveryCode(%q) = true", bad)
		}
	}
}

func TestSealPrivateKey(t *testing.T) {
	id, _ := NewIdentity()
	_, wrap, _ := RecoverySecrets("0123456789ABCDEFGHJKMNPQRS", NewSalt())
	_, other, _ := RecoverySecrets("0123456789ABCDEFGHJKMNPQRT", NewSalt())
	sealed, err := SealPrivateKey(id, wrap)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenPrivateKey(sealed, wrap)
	if err != nil || !got.Private.Equal(id.Private) {
		t.Fatalf("round trip: %v", err)
	}
	if err := ValidSealed(sealed, 100, 400); err != nil {
		t.Errorf("ValidSealed: %v", err)
	}
	for name, s := range map[string]string{
		"other wrap key": sealed, "tampered": flip(sealed, 20), "truncated": sealed[:30], "not base64": "??",
	} {
		t.Run(name, func(t *testing.T) {
			key := wrap
			if name == "other wrap key" {
				key = other
			}
			if _, err := OpenPrivateKey(s, key); !errors.Is(err, ErrVerify) {
				t.Errorf("err = %v, want ErrVerify", err)
			}
		})
	}
}

// flip returns the base64 value with one bit of byte i changed.
func flip(s string, i int) string {
	b, err := Decode(s)
	if err != nil {
		panic(err)
	}
	b[i] ^= 1
	return Encode(b)
}
