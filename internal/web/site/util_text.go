package site

import (
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// germanCollator is not safe for concurrent use, hence the mutex.
var (
	collatorMu     sync.Mutex
	germanCollator = collate.New(language.German, collate.IgnoreCase)
)

// CompareFold orders labels as a German reader expects (umlauts with their
// base letters, case ignored).
func CompareFold(a, b string) int {
	collatorMu.Lock()
	c := germanCollator.CompareString(a, b)
	collatorMu.Unlock()
	if c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
