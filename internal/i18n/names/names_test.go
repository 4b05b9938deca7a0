package names_test

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
)

// Every language offered for a client's case and every country has a
// name, not its code, in every public language.
func TestEveryCodeHasAName(t *testing.T) {
	for _, viewer := range i18n.Public {
		for _, c := range names.CaseLanguages {
			if n := names.Language(viewer, c); n == c || n == "" {
				t.Errorf("%s: language %q has no name", viewer, c)
			}
		}
		for _, c := range names.CountryCodes() {
			if n := names.Country(viewer, c); n == c || n == "" {
				t.Errorf("%s: country %q has no name", viewer, c)
			}
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{names.Language("de", "prs"), "Dari"},
		{names.Language("fa", "prs"), "دری"},
		{names.Language("de", "uk"), "Ukrainisch"},
		{names.Language("en", "so"), "Somali"},
		{names.Country("de", "SO"), "Somalia"},
		{names.Country("en", "SY"), "Syria"},
		{names.Country("de", "XX"), "XX"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if n := len(names.CountryCodes()); n < 190 || n > 260 {
		t.Errorf("%d countries", n)
	}
	de := names.Countries("de")
	if de[0].Name != "Afghanistan" {
		t.Errorf("German countries start with %q", de[0].Name)
	}
	// Ägypten sorts with A, not after Z.
	for i, c := range de {
		if c.Code == "EG" && i > 10 {
			t.Errorf("Ägypten at position %d", i)
		}
	}
}
