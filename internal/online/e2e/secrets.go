package e2e

import (
	"crypto/hkdf"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Iterations is the PBKDF2 work factor for passwords and key passphrases.
// It is part of the protocol: changing it changes every auth value and wrap
// key, so it needs a new protocol version, not just a new number.
const Iterations = 600000

// RecoveryCodeLen is the number of Crockford base32 characters of a
// normalised recovery code (128 bits, rounded up to whole characters).
const RecoveryCodeLen = 26

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a code read
// aloud or copied by hand has fewer look-alikes.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var recoveryEncoding = base32.NewEncoding(crockford).WithPadding(base32.NoPadding)

// NewSalt returns a fresh per-account salt.
func NewSalt() []byte {
	return randomBytes(SaltLen)
}

// randomBytes returns n bytes from the system CSPRNG, which does not fail
// on supported platforms (crypto/rand panics rather than return weak bytes).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// PasswordSecrets derives the login proof (auth) and the private key's wrap
// key from a password or counselor key passphrase. The two are independent
// HKDF outputs, so the server, which sees auth, learns nothing of wrap.
func PasswordSecrets(password string, salt []byte) (auth, wrap []byte, err error) {
	if len(salt) != SaltLen {
		return nil, nil, fmt.Errorf("e2e: salt is %d bytes, want %d", len(salt), SaltLen)
	}
	master, err := pbkdf2.Key(sha256.New, norm.NFC.String(password), salt, Iterations, KeyLen)
	if err != nil {
		return nil, nil, fmt.Errorf("e2e: pbkdf2: %w", err)
	}
	return fromMaster(master)
}

// RecoverySecrets derives auth and wrap key from a recovery code. The code
// has 128 random bits, so one HKDF suffices where a password needs PBKDF2.
// The code is normalised first, so the groups and case as typed do not
// matter.
func RecoverySecrets(code string, salt []byte) (auth, wrap []byte, err error) {
	if len(salt) != SaltLen {
		return nil, nil, fmt.Errorf("e2e: salt is %d bytes, want %d", len(salt), SaltLen)
	}
	master, err := hkdf.Key(sha256.New, []byte(NormaliseRecoveryCode(code)), salt, infoRecovery, KeyLen)
	if err != nil {
		return nil, nil, fmt.Errorf("e2e: hkdf: %w", err)
	}
	return fromMaster(master)
}

// fromMaster splits a master secret into auth and wrap key (HKDF, empty salt).
func fromMaster(master []byte) (auth, wrap []byte, err error) {
	if auth, err = hkdf.Key(sha256.New, master, nil, infoAuth, KeyLen); err != nil {
		return nil, nil, err
	}
	if wrap, err = hkdf.Key(sha256.New, master, nil, infoWrap, KeyLen); err != nil {
		return nil, nil, err
	}
	return auth, wrap, nil
}

// NewRecoveryCode returns a fresh recovery code for display, in groups of
// 5-5-5-5-6 characters so it can be copied by hand.
func NewRecoveryCode() string {
	s := recoveryEncoding.EncodeToString(randomBytes(16))
	return s[0:5] + "-" + s[5:10] + "-" + s[10:15] + "-" + s[15:20] + "-" + s[20:]
}

// NormaliseRecoveryCode turns a code as typed into the string the secrets
// are derived from: ASCII letters upper-cased, separators dropped, and the
// look-alikes O→0, I and L→1 mapped as Crockford intends. Only ASCII is
// touched, so the browser (which must do exactly the same) cannot differ
// through locale-dependent case mapping.
func NormaliseRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		switch {
		case isSeparator(r):
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSeparator reports whether r is a space or hyphen a user may type or
// paste between groups (including the dashes word processors substitute).
func isSeparator(r rune) bool {
	return strings.ContainsRune(" \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014\u2212", r)
}

// ValidRecoveryCode reports whether the code, once normalised, has the
// length and alphabet of a recovery code, so a typo can be pointed out
// before a login attempt is spent on it.
func ValidRecoveryCode(code string) bool {
	c := NormaliseRecoveryCode(code)
	if len(c) != RecoveryCodeLen {
		return false
	}
	for _, r := range c {
		if !strings.ContainsRune(crockford, r) {
			return false
		}
	}
	return true
}
