package casework_test

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// TestCodeSearch: only text that can be part of a code is looked for
// among client files; a whole code is recognised however it is typed.
func TestCodeSearch(t *testing.T) {
	cases := []struct {
		text        string
		part, whole bool
	}{
		{"KMN-7F3Q-9XKD", true, true},
		{"kmn 7f3q 9xkd", true, true},
		{"7F3Q9XKD", true, true},
		{"7f3q", true, false},
		{"7F", true, false},
		{"7", false, false},
		{"KMN-", false, false},     // the prefix alone would list every file
		{"Hannover", false, false}, // O is not a code symbol
		{"Müller", false, false},
		{"%_%", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		part, whole := casework.CodeSearch(c.text)
		if part != c.part || whole != c.whole {
			t.Errorf("CodeSearch(%q) = %v, %v; want %v, %v", c.text, part, whole, c.part, c.whole)
		}
	}
	if !casework.SameCode("kmn-7f3q-9xkd", "KMN-7F3Q-9XKD") || casework.SameCode("KMN-7F3Q-9XKD", "KMN-7F3Q-9XKE") || casework.SameCode("", "") {
		t.Error("SameCode")
	}
}
