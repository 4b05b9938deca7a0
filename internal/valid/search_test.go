package valid_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

func TestSearchText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  Caritas ", "caritas"},
		{"ÄRZTE", "ärzte"},
		{strings.Repeat("ü", 500), strings.Repeat("ü", valid.MaxSearchRunes)},
		{"", ""},
	}
	for _, c := range cases {
		got := valid.SearchText(c.in)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("SearchText(%.20q…) = %.20q… (%d runes), want %d runes", c.in, got, utf8.RuneCountInString(got), utf8.RuneCountInString(c.want))
		}
	}
}
