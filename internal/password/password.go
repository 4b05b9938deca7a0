// Package password hashes staff passwords with argon2id and decides which
// passwords are acceptable, following NIST SP 800-63B: a minimum length, a
// generous maximum, a check against commonly used and context-specific
// passwords, and no composition rules.
//
// Every entry point normalises to Unicode NFC first, so a password typed on
// different keyboards or operating systems (composed "é" versus "e" plus a
// combining accent) hashes, verifies and checks the same.
package password

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// MinLength is the fewest Unicode code points (after NFC) a password may have.
	MinLength = 12
	// MaxLength is the most Unicode code points (after NFC) a password may have.
	// Longer passwords are refused, never silently truncated.
	MaxLength = 1024
)

// maxInputBytes bounds the work done on hostile input before normalising:
// NFC joins at most a few code points into one and a code point takes at most
// four bytes, so anything longer than this cannot be MaxLength after NFC.
const maxInputBytes = 16 * 4 * MaxLength

// Normalize returns pw in Unicode Normalization Form C. Spaces and other
// characters are kept as typed: NIST SP 800-63B allows all printing
// characters, including spaces, and asks only for normalisation.
func Normalize(pw string) string {
	return norm.NFC.String(pw)
}

// tooLong reports whether pw is beyond MaxLength code points once normalised;
// it returns the normalised password when it is not.
func tooLong(pw string) (string, bool) {
	if len(pw) > maxInputBytes {
		return "", true
	}
	pw = Normalize(pw)
	return pw, utf8.RuneCountInString(pw) > MaxLength
}
