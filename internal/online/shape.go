package online

import (
	"encoding/base64"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Byte lengths of what the browser sends (docs/E2E.md). The server cannot
// check ciphertext, only that it has the shape the protocol gives it.
const (
	saltLen      = 16
	authLen      = 32
	publicLen    = 65           // uncompressed P-256 point
	wrappedLen   = 65 + 12 + 48 // ephemeral key, IV, 32-byte key and tag
	minSealedKey = 12 + 100 + 16
	maxSealedKey = 12 + 400 + 16
	// MaxBody bounds one encrypted message (about 20,000 characters of text).
	MaxBody = 96 << 10
	// MaxFile bounds an attachment's file bytes (docs/E2E.md); the sealed
	// box adds 28 bytes.
	MaxFile = 5 << 20
	minBody = 12 + 16 + 2
)

// Nickname bounds.
const (
	minNickname = 3
	maxNickname = 30
)

// decoded returns the bytes of a base64url value without padding, or nil.
func decoded(s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// checkBytes adds a problem for field unless s decodes to between lo and
// hi bytes.
func checkBytes(e *valid.Errors, field, s string, lo, hi int) {
	if n := len(decoded(s)); n < lo || n > hi {
		e.Add(field, "online.error_malformed")
	}
}

// checkNickname: 3 to 30 letters, digits, spaces, '-', '_' or '.', and
// nothing that looks like an e-mail address (an anonymous account should not
// carry one by accident).
func checkNickname(e *valid.Errors, nick string) {
	n := utf8.RuneCountInString(nick)
	switch {
	case n < minNickname:
		e.Add("nickname", "online.nickname_short", "Min", minNickname)
	case n > maxNickname:
		e.Add("nickname", "online.nickname_long", "Max", maxNickname)
	case strings.IndexFunc(nick, notNicknameRune) >= 0:
		e.Add("nickname", "online.nickname_chars")
	}
}

func notNicknameRune(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == ' ' || r == '-' || r == '_' || r == '.')
}

// CleanNickname trims and joins runs of space.
func CleanNickname(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

// nicknameKey is the form two nicknames are compared in: "Sara" and
// "sara " are the same nickname.
func nicknameKey(nick string) string { return strings.ToLower(norm.NFKC.String(CleanNickname(nick))) }
