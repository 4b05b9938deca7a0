package pdfdoc

import (
	_ "embed"
	"encoding/binary"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// DejaVu Sans covers Latin, Cyrillic and the Arabic presentation forms
// (including the Farsi letters). Licence: fonts/LICENSE-DejaVu.txt
// (Bitstream Vera licence; DejaVu changes public domain). fpdf embeds only
// the glyphs a document uses.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// fontFamily is the family name the documents register the fonts under.
const fontFamily = "DejaVuSans"

// covered is the set of code points both fonts have a glyph for.
var covered = sync.OnceValue(func() map[rune]bool {
	reg, bold := cmapRunes(fontRegular), cmapRunes(fontBold)
	for c := range reg {
		if !bold[c] {
			delete(reg, c)
		}
	}
	return reg
})

// prepare makes text ready for fpdf, still in logical order: composed
// (NFC), Arabic shaped, then printable.
func prepare(s string) string {
	return printable(Shape(norm.NFC.String(s)))
}

// printable replaces what the fonts cannot draw (emoji, scripts they do not
// cover) by U+FFFD or "?", tabs by spaces, and drops control and format
// characters and combining marks: fpdf cannot place marks over a base
// letter and measures zero-width glyphs wrongly. For Arabic and Farsi this
// drops the short-vowel signs, which everyday writing leaves out as well.
func printable(s string) string {
	cov := covered()
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t':
			return ' '
		case c != '\n' && (unicode.IsControl(c) || unicode.In(c, unicode.Mn, unicode.Me, unicode.Cf)):
			return -1
		case c == '\n' || cov[c]:
			return c
		case cov['\uFFFD']:
			return '\uFFFD'
		}
		return '?'
	}, s)
}

// cmapRunes reads the code points of a TrueType font's Unicode cmap
// subtables (formats 4 and 12). A malformed font gives an empty set.
func cmapRunes(ttf []byte) map[rune]bool {
	out := map[rune]bool{}
	u16 := func(o int) int {
		if o+2 > len(ttf) || o < 0 {
			return 0
		}
		return int(binary.BigEndian.Uint16(ttf[o:]))
	}
	u32 := func(o int) int {
		if o+4 > len(ttf) || o < 0 {
			return 0
		}
		return int(binary.BigEndian.Uint32(ttf[o:]))
	}
	cmap := -1
	for i := range u16(4) {
		if rec := 12 + 16*i; string(ttf[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return out
	}
	for i := range u16(cmap + 2) {
		sub := cmap + u32(cmap+4+8*i+4)
		switch u16(sub) {
		case 4:
			segs := u16(sub+6) / 2
			for k := range segs {
				end, start := u16(sub+14+2*k), u16(sub+16+2*segs+2*k)
				for c := start; c <= end && c < 0xFFFF; c++ {
					out[rune(c)] = true
				}
			}
		case 12:
			for g := range u32(sub + 12) {
				start, end := u32(sub+16+12*g), u32(sub+20+12*g)
				for c := start; c <= end && c <= 0xFFFF; c++ {
					out[rune(c)] = true
				}
			}
		}
	}
	return out
}
