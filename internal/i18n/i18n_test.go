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

// TestSubstituteMatchesTemplates renders every message of every catalog
// with sample data through the fast path and through go-i18n's templates:
// they must agree, so a catalog entry that uses more than {{.Name}}
// substitution is caught.
func TestSubstituteMatchesTemplates(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(locales, "locales/*.json")
	args := []any{"Name", "N<a>", "Count", 3, "Minutes", 5, "Max", 12, "Min", 2, "Day", "Mo", "From", "09:00", "To", "08:00",
		"Km", "3,2", "Language", "Arabisch", "Until", "16:00", "Time", "09:00", "Date", "01.02.", "Page", 2, "Pages", 4,
		"Text", "x", "Place", "P", "Version", "v", "Email", "e", "Role", "r", "Scope", "s", "Offices", 1, "Regions", 2,
		"Postcode", "1", "Code", "c", "Line", 3, "Value", "v", "Allowed", "a", "Missing", "m", "Unknown", "u", "Expected", "e",
		"MaxRows", 1, "MaxMiB", 1, "Got", 1, "Want", 2, "Program", "p", "Topic", "t", "URL", "u", "Until2", "x",
		"Created", 1, "Updated", 2, "Unchanged", 3}
	for _, f := range files {
		var m map[string]any
		b, _ := locales.ReadFile(f)
		_ = json.Unmarshal(b, &m)
		loc := c.Localizer(LangOfFile(f))
		for id, v := range m {
			if _, plural := v.(map[string]any); plural {
				continue
			}
			if fast, slow := loc.T(id, args...), loc.render(id, nil, args); fast != slow {
				t.Errorf("%s %s: fast %q, template %q", f, id, fast, slow)
			}
		}
	}
}
