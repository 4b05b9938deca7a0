package geo

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQueryRunes caps the part of a search query that is looked at.
const maxQueryRunes = 100

// searchIndex supports prefix search over place names. Each entry is a
// unique (name, postcode) pair, represented by the first matching row.
type searchIndex struct {
	place    []int32  // entry → index into Gazetteer.places
	keyAE    []string // entry → name folded with ä→ae, ö→oe, ü→ue
	keyPlain []string // entry → name folded with ä→a, ö→o, ü→u
}

func buildSearchIndex(g *Gazetteer) searchIndex {
	places := g.places
	s := searchIndex{
		place:    make([]int32, 0, len(places)),
		keyAE:    make([]string, 0, len(places)),
		keyPlain: make([]string, 0, len(places)),
	}
	for i := range places {
		p := &places[i]
		if g.firstWithName(p.Postcode, p.Name) != i {
			continue // same (name, postcode) seen before
		}
		ae, plain := fold(p.Name, true), ""
		if isASCII(p.Name) {
			plain = ae
		} else {
			plain = fold(p.Name, false)
		}
		s.place = append(s.place, int32(i))
		s.keyAE = append(s.keyAE, ae)
		s.keyPlain = append(s.keyPlain, plain)
	}
	return s
}

// firstWithName returns the first row with the postcode and place name.
func (g *Gazetteer) firstWithName(postcode, name string) int {
	for j := g.byPostcode[postcode].first; j >= 0; j = g.next[j] {
		if g.places[j].Name == name {
			return int(j)
		}
	}
	return -1
}

// find returns the indexes into places of the best matches for query.
func (s *searchIndex) find(query string, limit int, places []Place) []int {
	query = truncateRunes(query, maxQueryRunes)
	qa, qp := fold(query, true), fold(query, false)
	if qa == "" || limit <= 0 {
		return nil
	}
	// A linear scan over ~16,000 short keys takes well under a
	// millisecond and keeps Load cheap (no sorted index to build).
	var hits []int32
	for e := range s.keyAE {
		if strings.HasPrefix(s.keyAE[e], qa) || strings.HasPrefix(s.keyPlain[e], qp) {
			hits = append(hits, int32(e))
		}
	}
	rank := func(e int32) (ni, exact int) {
		if places[s.place[e]].StateCode != "NI" {
			ni = 1
		}
		if s.keyAE[e] != qa && s.keyPlain[e] != qp {
			exact = 1
		}
		return
	}
	slices.SortFunc(hits, func(a, b int32) int {
		na, ea := rank(a)
		nb, eb := rank(b)
		pa, pb := &places[s.place[a]], &places[s.place[b]]
		return cmp.Or(
			cmp.Compare(na, nb),
			cmp.Compare(ea, eb),
			strings.Compare(s.keyPlain[a], s.keyPlain[b]),
			strings.Compare(pa.Name, pb.Name),
			strings.Compare(pa.Postcode, pb.Postcode),
		)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]int, len(hits))
	for i, e := range hits {
		out[i] = int(s.place[e])
	}
	return out
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// foldPlain is the collation key used for alphabetical order (DIN 5007-1:
// umlauts sort as their base letter).
func foldPlain(s string) string { return fold(s, false) }

// fold lower-cases s for matching: umlauts become "ae"/"oe"/"ue" (ae=true)
// or their base letter (ae=false), ß becomes "ss", other common accents are
// dropped, combining marks are handled (decomposed "o\u0308" = "ö"), and
// every run of non-alphanumeric characters becomes one space (trimmed at
// both ends).
func fold(s string, ae bool) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	sep := false
	for _, r := range s {
		r = unicode.ToLower(r)
		var rep string
		switch r {
		case 'ä':
			rep = "a"
		case 'ö', 'ø':
			rep = "o"
		case 'ü':
			rep = "u"
		case 'ß':
			b.WriteString(sepIf(&sep, b.Len()))
			b.WriteString("ss")
			continue
		case '\u0308': // combining diaeresis after a base letter
			if ae && b.Len() > 0 {
				switch b.String()[b.Len()-1] {
				case 'a', 'o', 'u':
					b.WriteByte('e')
				}
			}
			continue
		}
		if rep != "" {
			b.WriteString(sepIf(&sep, b.Len()))
			b.WriteString(rep)
			if ae {
				b.WriteByte('e')
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) { // other combining marks
			continue
		}
		if a, ok := accents[r]; ok {
			r = a
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			sep = true
			continue
		}
		b.WriteString(sepIf(&sep, b.Len()))
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sepIf returns the pending separator (a space) unless at the start.
func sepIf(pending *bool, n int) string {
	if *pending {
		*pending = false
		if n > 0 {
			return " "
		}
	}
	return ""
}

var accents = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
	'ç': 'c', 'č': 'c', 'ć': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ñ': 'n', 'ń': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u',
	'ý': 'y', 'ÿ': 'y',
	'š': 's', 'ś': 's', 'ž': 'z', 'ł': 'l',
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII is fold for pure ASCII input (both variants agree).
func foldASCII(s string) string {
	buf := make([]byte, 0, len(s))
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			sep = true
			continue
		}
		if sep && len(buf) > 0 {
			buf = append(buf, ' ')
		}
		sep = false
		buf = append(buf, c)
	}
	return string(buf)
}
