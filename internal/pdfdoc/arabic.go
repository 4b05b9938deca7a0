package pdfdoc

// fpdf draws one glyph per code point and knows nothing of Arabic joining,
// so Shape replaces Arabic and Farsi letters by their contextual
// presentation forms (Unicode blocks Arabic Presentation Forms-A and -B)
// before the text is reordered for display (bidi.go).

// joining is the Unicode joining type of a character.
type joining uint8

const (
	nonJoining   joining = iota // U: spaces, Latin, digits, hamza
	rightJoining                // R: joins to the preceding letter only (alef, dal, reh, waw, …)
	dualJoining                 // D: joins on both sides (beh, seen, lam, …)
	joinCausing                 // C: tatweel and ZWJ, join on both sides without forms
	transparent                 // T: combining marks, skipped when looking for neighbours
)

// letter holds a letter's presentation forms: isolated, final, initial,
// medial (the last two are 0 for right-joining letters).
type letter struct {
	kind  joining
	forms [4]rune
}

// Code points with a special role in joining.
const (
	lam  = '\u0644'
	zwnj = '\u200c'
	zwj  = '\u200d'
)

// letters are the Arabic letters with their forms, including the Farsi
// letters peh, tcheh, jeh, keheh, gaf and Farsi yeh.
var letters = map[rune]letter{
	'\u0622': r(0xFE81), '\u0623': r(0xFE83), '\u0624': r(0xFE85), '\u0625': r(0xFE87),
	'\u0626': d(0xFE89), '\u0627': r(0xFE8D), '\u0628': d(0xFE8F), '\u0629': r(0xFE93),
	'\u062A': d(0xFE95), '\u062B': d(0xFE99), '\u062C': d(0xFE9D), '\u062D': d(0xFEA1),
	'\u062E': d(0xFEA5), '\u062F': r(0xFEA9), '\u0630': r(0xFEAB), '\u0631': r(0xFEAD),
	'\u0632': r(0xFEAF), '\u0633': d(0xFEB1), '\u0634': d(0xFEB5), '\u0635': d(0xFEB9),
	'\u0636': d(0xFEBD), '\u0637': d(0xFEC1), '\u0638': d(0xFEC5), '\u0639': d(0xFEC9),
	'\u063A': d(0xFECD), '\u0641': d(0xFED1), '\u0642': d(0xFED5), '\u0643': d(0xFED9),
	'\u0644': d(0xFEDD), '\u0645': d(0xFEE1), '\u0646': d(0xFEE5), '\u0647': d(0xFEE9),
	'\u0648': r(0xFEED), '\u0649': r(0xFEEF), '\u064A': d(0xFEF1),
	// Farsi letters (Presentation Forms-A).
	'\u067E': d(0xFB56), '\u0686': d(0xFB7A), '\u0698': r(0xFB8A), '\u06A9': d(0xFB8E),
	'\u06AF': d(0xFB92), '\u06CC': d(0xFBFC),
}

// r and d make the forms of a right- or dual-joining letter whose forms
// are consecutive from iso on.
func r(iso rune) letter { return letter{kind: rightJoining, forms: [4]rune{iso, iso + 1}} }
func d(iso rune) letter {
	return letter{kind: dualJoining, forms: [4]rune{iso, iso + 1, iso + 2, iso + 3}}
}

// lamAlef maps the alef that follows a lam to the ligature's isolated and
// final forms.
var lamAlef = map[rune][2]rune{
	'\u0622': {0xFEF5, 0xFEF6}, '\u0623': {0xFEF7, 0xFEF8},
	'\u0625': {0xFEF9, 0xFEFA}, '\u0627': {0xFEFB, 0xFEFC},
}

// joiningOf is the joining type of c.
func joiningOf(c rune) joining {
	if l, ok := letters[c]; ok {
		return l.kind
	}
	switch {
	case c == '\u0640' || c == zwj:
		return joinCausing
	case c >= '\u064B' && c <= '\u065F', c == '\u0670', c >= '\u06D6' && c <= '\u06ED':
		return transparent
	}
	return nonJoining
}

// Shape returns s with Arabic letters in their joined presentation forms,
// still in logical order. Lam followed by alef becomes one ligature; ZWJ
// and ZWNJ steer joining and are dropped. Other text is unchanged.
func Shape(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c == zwj || c == zwnj {
			continue
		}
		l, ok := letters[c]
		if !ok {
			out = append(out, c)
			continue
		}
		joinPrev := joinsNext(neighbour(rs, i, -1))
		if lig, ok := lamAlef[next(rs, i)]; c == lam && ok {
			out = append(out, lig[b2i(joinPrev)])
			i++
			continue
		}
		joinNext := l.kind == dualJoining && joinsPrev(neighbour(rs, i, +1))
		out = append(out, l.form(joinPrev, joinNext))
	}
	return string(out)
}

// form picks the presentation form for the joins on each side.
func (l letter) form(joinPrev, joinNext bool) rune {
	switch {
	case joinPrev && joinNext:
		return l.forms[3]
	case joinNext:
		return l.forms[2]
	case joinPrev:
		return l.forms[1]
	}
	return l.forms[0]
}

// neighbour is the nearest non-transparent rune before (step -1) or after
// (step +1) index i, 0 when there is none.
func neighbour(rs []rune, i, step int) rune {
	for j := i + step; j >= 0 && j < len(rs); j += step {
		if joiningOf(rs[j]) != transparent {
			return rs[j]
		}
	}
	return 0
}

// next is the rune right after index i, 0 at the end.
func next(rs []rune, i int) rune {
	if i+1 < len(rs) {
		return rs[i+1]
	}
	return 0
}

// joinsNext reports whether c connects to the letter after it.
func joinsNext(c rune) bool {
	k := joiningOf(c)
	return k == dualJoining || k == joinCausing
}

// joinsPrev reports whether c connects to the letter before it.
func joinsPrev(c rune) bool {
	k := joiningOf(c)
	return k == dualJoining || k == rightJoining || k == joinCausing
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
