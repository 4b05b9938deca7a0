package password

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
)

// commonList is the passwords dictionary of @zxcvbn-ts/language-common,
// lower-cased and deduplicated; see README.md and LICENSE-common-passwords.txt.
//
//go:embed common-passwords.txt
var commonList string

// germanList holds hand-written German and QWERTZ counterparts of entries in
// commonList; lines starting with "#" are comments.
//
//go:embed common-passwords-de.txt
var germanList string

// commonSet is built on first use: about 49,000 entries, a few MB of memory.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 50000)
	addLines(set, commonList, false)
	addLines(set, germanList, true)
	return set
})

// addLines adds each non-empty line of text to set. The main list has an
// entry starting with "#", so comments are only honoured where asked for.
func addLines(set map[string]struct{}, text string, comments bool) {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || comments && strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = struct{}{}
	}
}

// isCommon reports whether the normalised, lower-cased password is listed.
func isCommon(folded string) bool {
	_, ok := commonSet()[folded]
	return ok
}
