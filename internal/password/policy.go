package password

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is a translatable reason a password is refused; its value is an
// i18n message key.
type Problem string

const (
	// TooShort: fewer than MinLength code points.
	TooShort Problem = "password.too_short"
	// TooLong: more than MaxLength code points.
	TooLong Problem = "password.too_long"
	// Common: in the list of commonly used or breached passwords.
	Common Problem = "password.common"
	// Contextual: the user's e-mail address, its local part, the user's
	// name or a part of it, or the name of the service, ignoring case and
	// punctuation and optionally followed by digits ("Mustermann2024!").
	Contextual Problem = "password.contextual"
)

// minContextPart is the shortest part of a name or address that counts as a
// context word on its own.
const minContextPart = 3

// serviceWords name this service; NIST SP 800-63B asks to refuse them and
// their derivatives. They are compared after foldContext.
var serviceWords = []string{
	"kmn",
	"niedersachsen",
	"kmnniedersachsen",
	"migrationsarbeit",
	"kooperativemigrationsarbeit",
	"migrationsarbeitniedersachsen",
	"kooperativemigrationsarbeitniedersachsen",
}

// Check returns the reasons pw is refused, or nil when it is acceptable.
// context holds words specific to the user, such as the e-mail address and
// full name; empty strings are ignored. Following NIST SP 800-63B there are
// no composition rules: length, common passwords and context words only.
// A password that is too long is reported as TooLong alone.
func Check(pw string, context ...string) []Problem {
	pw, long := tooLong(pw)
	if long {
		return []Problem{TooLong}
	}
	var problems []Problem
	if utf8.RuneCountInString(pw) < MinLength {
		problems = append(problems, TooShort)
	}
	if isCommon(strings.ToLower(pw)) {
		problems = append(problems, Common)
	}
	if isContextual(pw, context) {
		problems = append(problems, Contextual)
	}
	return problems
}

// isContextual reports whether the normalised pw is, apart from case,
// separators and a trailing run of digits or punctuation, one of the context
// words or service words.
func isContextual(pw string, context []string) bool {
	whole := foldContext(pw)
	core := strings.TrimRightFunc(whole, unicode.IsDigit)
	for _, w := range contextWords(context) {
		if w == whole || w == core {
			return true
		}
	}
	return false
}

// contextWords expands the caller's context into folded words to compare
// against: each value, the local part of an e-mail address, and each part of
// a name, plus the service words.
func contextWords(context []string) []string {
	words := append([]string(nil), serviceWords...)
	for _, c := range context {
		c = Normalize(c)
		candidates := []string{c}
		if local, _, ok := strings.Cut(c, "@"); ok {
			candidates = append(candidates, local)
		}
		for _, part := range strings.FieldsFunc(c, isSeparator) {
			// Initials and particles such as "de" would refuse too much.
			if utf8.RuneCountInString(part) >= minContextPart {
				candidates = append(candidates, part)
			}
		}
		for _, cand := range candidates {
			if f := foldContext(cand); f != "" {
				words = append(words, f)
			}
		}
	}
	return words
}

// foldContext lower-cases s and drops everything but letters and digits, so
// that "Max Mustermann", "max.mustermann" and "MaxMustermann!" compare equal.
func foldContext(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// isSeparator splits names and e-mail addresses into their parts.
func isSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
