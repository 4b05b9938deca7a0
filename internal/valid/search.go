package valid

import "strings"

// MaxSearchRunes bounds the text of a search: longer text is cut there.
// Every page's search box is far shorter; the cut keeps a LIKE pattern
// small whatever reaches a store (the web guard already refuses query
// values above 1000 bytes).
const MaxSearchRunes = 200

// SearchText is s trimmed, lower-cased and cut to MaxSearchRunes runes:
// what a store's text search compares.
func SearchText(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if r := []rune(s); len(r) > MaxSearchRunes {
		s = string(r[:MaxSearchRunes])
	}
	return s
}
