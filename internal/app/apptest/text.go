package apptest

import (
	"html"
	"regexp"
	"strings"
)

var (
	tags  = regexp.MustCompile(`(?s)<[^>]*>`)
	space = regexp.MustCompile(`\s+`)
)

// Text is what a reader sees of an HTML page or fragment: the tags
// dropped, entities decoded, white space collapsed to single spaces. Tests
// compare sentences with it ("1 überfällig") whatever the markup around
// the words.
func Text(page string) string {
	return strings.TrimSpace(space.ReplaceAllString(html.UnescapeString(tags.ReplaceAllString(page, " ")), " "))
}
