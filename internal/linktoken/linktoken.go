// Package linktoken makes the secrets of personal links and sessions of
// people without a staff account (event registrants, volunteers, online
// counseling clients) and the keys that find them: a random token for the
// link, the hash the database keeps of it (a copy of the table opens
// nothing), and a keyed lookup key for an e-mail address (one
// registration per address without the address being readable).
package linktoken

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// New makes a token (256 random bits, base64url) and its stored hash.
func New() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Hash(token)
}

// Hash is the SHA-256 of a token as stored (base64url).
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AddressKey is the lookup key of an e-mail address under key (HMAC):
// the same address in any case gives the same key.
func AddressKey(key []byte, email string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
