package i18n

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"testing"
)

// TestCatalogsAreComplete fails when a key exists in one language of an
// area but not in another, or when an area lacks a staff language.
func TestCatalogsAreComplete(t *testing.T) {
	keys := map[string]map[string]map[string]bool{} // area → lang → keys
	files, _ := fs.Glob(locales, "locales/*.json")
	for _, f := range files {
		area := strings.SplitN(strings.TrimPrefix(f, "locales/"), ".", 2)[0]
		var m map[string]any
		b, _ := locales.ReadFile(f)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if keys[area] == nil {
			keys[area] = map[string]map[string]bool{}
		}
		set := map[string]bool{}
		for k, v := range m {
			set[k] = true
			if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", f, k)
			}
		}
		keys[area][LangOfFile(f)] = set
	}
	if len(keys) == 0 {
		t.Fatal("no catalogs embedded")
	}
	for _, area := range PublicAreas {
		for _, l := range Public {
			if keys[area] != nil && keys[area][l] == nil {
				t.Errorf("public area %s has no %s catalog", area, l)
			}
		}
	}
	for area, byLang := range keys {
		for _, l := range Staff {
			if byLang[l] == nil {
				t.Errorf("area %s has no %s catalog", area, l)
			}
		}
		all := map[string]bool{}
		for _, set := range byLang {
			for k := range set {
				all[k] = true
			}
		}
		for lang, set := range byLang {
			var missing []string
			for k := range all {
				if !set[k] {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s.%s.json is missing: %s", area, lang, strings.Join(missing, ", "))
			}
		}
	}
}

func TestNegotiate(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ header, want string }{
		{"", "de"},
		{"en-US,en;q=0.9", "en"},
		{"de-AT", "de"},
		{"fr-FR, en;q=0.5", "en"},
		{"zz", "de"},
		{"ar", "de"},
		{";;;garbage", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := c.Negotiate(tt.header, Staff); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRenderAndPlural(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	en := c.Localizer("en")
	if got := en.N("dashboard.codes_low", 1); !strings.Contains(got, "1") || strings.Contains(got, "codes ") {
		t.Errorf("singular: %q", got)
	}
	if got := en.N("dashboard.codes_low", 3); !strings.Contains(got, "3 ") {
		t.Errorf("plural: %q", got)
	}
	if got := c.Localizer("xx").T("shell.skip_link"); got == "shell.skip_link" {
		t.Errorf("fallback to German failed: %q", got)
	}
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key renders %q", got)
	}
	if c.Localizer("de").Dir() != "ltr" || (&Localizer{Lang: "ar"}).Dir() != "rtl" {
		t.Error("writing direction")
	}
}
