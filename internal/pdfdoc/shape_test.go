package pdfdoc

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// codes writes runes as U+XXXX for readable failures.
func codes(s string) string {
	var out []string
	for _, c := range s {
		if c < 0x80 {
			out = append(out, string(c))
		} else {
			out = append(out, fmt.Sprintf("U+%04X", c))
		}
	}
	return strings.Join(out, " ")
}

func TestShape(t *testing.T) {
	tests := []struct {
		name, in string
		want     []rune
	}{
		{"salam: initial seen, final lam-alef, isolated meem", "سلام", []rune{0xFEB3, 0xFEFC, 0xFEE1}},
		{"al-hadaf: alef does not join forward", "الهدف", []rune{0xFE8D, 0xFEDF, 0xFEEC, 0xFEAA, 0xFED1}},
		{"isolated lam-alef", "لا", []rune{0xFEFB}},
		{"lam-alef with hamza below, final", "بلإ", []rune{0xFE91, 0xFEFA}},
		{"lam-alef madda isolated", "لآ", []rune{0xFEF5}},
		{"farsi peh, farsi yeh, gaf, reh", "پیگیری", []rune{0xFB58, 0xFBFF, 0xFB95, 0xFBFF, 0xFEAE, 0xFBFC}},
		{"farsi tcheh and keheh", "چک", []rune{0xFB7C, 0xFB8F}},
		{"farsi jeh isolated", "ژ", []rune{0xFB8A}},
		{"ZWNJ breaks the join and is dropped", "می\u200cشود", []rune{0xFEE3, 0xFBFD, 0xFEB7, 0xFEEE, 0xFEA9}},
		{"ZWJ joins a lone letter and is dropped", "ب\u200d", []rune{0xFE91}},
		{"marks are transparent", "بُت", []rune{0xFE91, 0x064F, 0xFE96}},
		{"teh marbuta final after meem", "خطة", []rune{0xFEA7, 0xFEC4, 0xFE94}},
		{"words are shaped apart", "من هنا", []rune{0xFEE3, 0xFEE6, ' ', 0xFEEB, 0xFEE8, 0xFE8E}},
		{"digits and Latin untouched, qaf initial after reh", "رقم 12 ABC", []rune{0xFEAD, 0xFED7, 0xFEE2, ' ', '1', '2', ' ', 'A', 'B', 'C'}},
		{"German unchanged", "Förderplan", []rune("Förderplan")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Shape(tt.in); got != string(tt.want) {
				t.Errorf("Shape(%q) = %s, want %s", tt.in, codes(got), codes(string(tt.want)))
			}
		})
	}
}

func TestVisual(t *testing.T) {
	tests := []struct {
		name, in string
		rtl      bool
		want     string
	}{
		{"latin stays", "Ziel 1", false, "Ziel 1"},
		{"arabic reversed", "سلم", true, "ملس"},
		{"european digits in arabic keep their order", "الهدف 12", true, "12 فدهلا"},
		{"latin inside arabic", "كلمة ABC كلمة", true, "ةملك ABC ةملك"},
		{"arabic with number inside german", "Ziel: سلم 3", false, "Ziel: 3 ملس"},
		{"brackets mirrored", "(سلم)", true, "(ملس)"},
		{"farsi digits", "۱۲ سلم", true, "ملس ۱۲"},
		{"arabic-indic digits", "رقم ١٢٣", true, "١٢٣ مقر"},
		// After Arabic letters, European digits are Arabic numbers (W2) and
		// "-" does not join them (W4), as in every UBA renderer.
		{"date after arabic letters", "حتى 2026-03-15", true, "15-03-2026 ىتح"},
		{"date alone", "2026-03-15", false, "2026-03-15"},
		{"empty", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Visual(tt.in, tt.rtl); got != tt.want {
				t.Errorf("Visual(%q) = %q (%s), want %q", tt.in, got, codes(got), tt.want)
			}
		})
	}
}

// TestShapedLine checks the whole path of a heading: shaped, then put in
// display order.
func TestShapedLine(t *testing.T) {
	if got, want := Visual(Shape("سلام 2"), true), string([]rune{'2', ' ', 0xFEE1, 0xFEFC, 0xFEB3}); got != want {
		t.Errorf("got %s, want %s", codes(got), codes(want))
	}
	if !IsRTL("  12 سلام") || IsRTL("Plan سلام") || IsRTL("123") {
		t.Error("IsRTL")
	}
}

func TestPrepare(t *testing.T) {
	tests := []struct{ in, want string }{
		{"e\u0301", "é"},                       // composed
		{"a\tb", "a b"},                        // tab
		{"x\u200by", "xy"},                     // zero-width space dropped
		{"😀", "\uFFFD"},                        // not in the fonts
		{"مُ", string(rune(0xFEE1))},           // vowel sign dropped after shaping
		{"Привіт", "Привіт"},                   // Cyrillic
		{"line\nnext", "line\nnext"},           // newlines kept for wrapping
		{"ğüşİ", "ğüşİ"},                       // Turkish
		{"\u0627\u0654", string(rune(0xFE83))}, // alef + hamza composes to U+0623
	}
	for _, tt := range tests {
		if got := prepare(tt.in); got != tt.want {
			t.Errorf("prepare(%q) = %s, want %s", tt.in, codes(got), codes(tt.want))
		}
	}
}

var keyRe = regexp.MustCompile(`"((?:pdf|planprint)\.[a-z_.]*[a-z_])"`)

// TestKeysInAllLanguages checks that every message the documents use
// exists in all seven public languages (the pdf and planprint areas are
// printed for clients).
func TestKeysInAllLanguages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{"pdf.status.open": true, "pdf.status.closed": true}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for prefix, values := range map[string][]string{"pdf.gender.": casework.Genders,
		"pdf.residence.": casework.ResidenceStatuses, "pdf.purpose.": casework.Purposes, "pdf.form.": casework.Forms,
		"pdf.channel.": casework.Channels, "pdf.close_reason.": casework.CloseReasons,
		"planprint.area.": casework.PlanAreas, "planprint.responsible.": casework.Responsibles,
		"planprint.status.": casework.MeasureStatuses, "planprint.outcome.": casework.Outcomes} {
		for _, v := range values {
			keys[prefix+v] = true
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, lang := range i18n.Public {
		l := cat.Localizer(lang)
		for k := range keys {
			if got := l.T(k, "n", 1); got == k || got == cat.Localizer("de").T(k, "n", 1) && lang != "de" && lang != "en" && len(got) > 12 {
				t.Errorf("%s: %s missing or German", lang, k)
			}
		}
	}
}
