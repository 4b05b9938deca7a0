package regional

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// The search's German analysis runs in Go, the same on both engines, when
// an item is indexed and when a query is read: words are lower-cased,
// their accents and umlauts folded (ä, ae → a; ß → ss), stop words
// dropped, and each word stemmed with the Snowball German stemmer until
// the stem no longer changes (the stemmer takes one suffix per pass, so
// "Sprachkurse" and "Sprachkurs" meet at "sprachkur" only on the second).
// The index keeps the stem and, where it differs, the folded word, so the
// last word of a query also matches as a prefix ("Sprachk", "Beratu").

// Bounds of the analysis.
const (
	// maxWordRunes: longer "words" (hashes, links) are not indexed.
	maxWordRunes = 64
	// maxQueryRunes and maxQueryWords bound what a query reads.
	maxQueryRunes = 500
	maxQueryWords = 16
	// minPrefixRunes: a shorter last word matches whole words only.
	minPrefixRunes = 3
	// maxIndexedBytes bounds the text of one item the index reads.
	maxIndexedBytes = 1 << 20
)

// searchWord is one word of a text: its folded form and its stem.
type searchWord struct {
	folded, stem string
	// start and end are the word's byte offsets in the text.
	start, end int
}

// searchWords splits text into words, folds and stems them, and drops stop
// words and single letters.
func searchWords(text string) []searchWord {
	var out []searchWord
	searchEachWord(text, func(start, end int) bool {
		if w, ok := searchAnalyse(text[start:end]); ok {
			w.start, w.end = start, end
			out = append(out, w)
		}
		return true
	})
	return out
}

// searchEachWord calls fn with the byte offsets of each run of letters and
// digits in text, until fn returns false.
func searchEachWord(text string, fn func(start, end int) bool) {
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && !fn(start, i) {
			return
		}
		start = -1
	}
	if start >= 0 {
		fn(start, len(text))
	}
}

// searchAnalyse folds and stems one word; false for a stop word, a single
// letter or an overlong word.
func searchAnalyse(raw string) (searchWord, bool) {
	f := searchFold(raw)
	n := len([]rune(f))
	if n == 0 || n > maxWordRunes || (n == 1 && !unicode.IsDigit([]rune(f)[0])) || searchStopWords[f] {
		return searchWord{}, false
	}
	return searchWord{folded: f, stem: searchStem(f)}, true
}

// searchFold lower-cases a word, drops its accents (ä → a, é → e), writes ß as
// ss and the transcribed umlauts ae, oe, ue as a, o, u (not the u of
// "qu"), so "Ärzte", "Aerzte" and "Arzte" are one word.
func searchFold(raw string) string {
	s := strings.ToLower(raw)
	if !searchIsASCII(s) {
		var b strings.Builder
		for _, r := range norm.NFD.String(s) {
			switch {
			case unicode.Is(unicode.Mn, r):
			case r == 'ß':
				b.WriteString("ss")
			default:
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	return searchFoldTranscribed(s)
}

// searchFoldTranscribed writes the transcribed umlauts ae, oe, ue as a, o, u
// (not the u of "qu").
func searchFoldTranscribed(s string) string {
	if !strings.Contains(s, "e") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i+1 < len(s) && s[i+1] == 'e' && (c == 'a' || c == 'o' || (c == 'u' && (i == 0 || s[i-1] != 'q'))) {
			b.WriteByte(c)
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// searchIsASCII reports whether s needs no Unicode folding.
func searchIsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// searchStem applies the German stemmer until the word stays the same (at most
// three passes).
func searchStem(folded string) string {
	env := snowballstem.NewEnv(folded)
	for range 3 {
		before := env.Current()
		german.Stem(env)
		if env.Current() == before {
			break
		}
	}
	return env.Current()
}

// searchTerms is what the index keeps of a text: each word's stem, followed by
// its folded form where that differs, separated by spaces.
func searchTerms(text string) string {
	var b strings.Builder
	for _, w := range searchWords(text) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.stem)
		if w.folded != w.stem {
			b.WriteByte(' ')
			b.WriteString(w.folded)
		}
	}
	return b.String()
}

// queryWord is one word of a query: every word must be found; the last
// (when long enough) also as the beginning of a longer word.
type queryWord struct {
	stem, folded string
	prefix       bool
}

// parseQuery reads the words of a query; none for an empty text or one
// of stop words only.
func parseQuery(text string) []queryWord {
	if r := []rune(text); len(r) > maxQueryRunes {
		text = string(r[:maxQueryRunes])
	}
	ws := searchWords(text)
	if len(ws) > maxQueryWords {
		ws = ws[:maxQueryWords]
	}
	out := make([]queryWord, 0, len(ws))
	for i, w := range ws {
		q := queryWord{stem: w.stem, folded: w.folded}
		q.prefix = i == len(ws)-1 && len([]rune(w.folded)) >= minPrefixRunes
		out = append(out, q)
	}
	return out
}

// matches reports whether w is what q looks for.
func (q queryWord) matches(w searchWord) bool {
	if w.stem == q.stem {
		return true
	}
	return q.prefix && (strings.HasPrefix(w.stem, q.stem) || strings.HasPrefix(w.folded, q.folded))
}

// Snippets are about this many characters long.
const (
	snippetRunes  = 200
	snippetBefore = 60
)

// searchSnippet is a plain-text excerpt of text around the first word a query
// word matches, or its beginning when none does; "…" marks what is cut.
func searchSnippet(text string, qs []queryWord) string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return ""
	}
	at := 0
	searchEachWord(text, func(start, end int) bool {
		// A stem is the beginning of its folded word, so a word that does
		// not begin with a query word's stem cannot match: only the few
		// that do are stemmed.
		raw := text[start:end]
		folded := searchFold(raw)
		if !slices.ContainsFunc(qs, func(q queryWord) bool { return strings.HasPrefix(folded, q.stem) }) {
			return true
		}
		if w, ok := searchAnalyse(raw); ok && searchMatchesAny(qs, w) {
			at = start
			return false
		}
		return true
	})
	runes := []rune(text)
	pos := len([]rune(text[:at]))
	from := max(0, pos-snippetBefore)
	if from > 0 {
		// Start at a word.
		for i := from; i < pos; i++ {
			if runes[i-1] == ' ' {
				from = i
				break
			}
		}
	}
	to := min(len(runes), from+snippetRunes)
	if to < len(runes) {
		for i := to; i > pos; i-- {
			if runes[i] == ' ' {
				to = i
				break
			}
		}
	}
	out := string(runes[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(runes) {
		out += "…"
	}
	return out
}

// searchMatchesAny reports whether any query word matches w.
func searchMatchesAny(qs []queryWord, w searchWord) bool {
	for _, q := range qs {
		if q.matches(w) {
			return true
		}
	}
	return false
}

// searchStopWords are the Snowball project's German stop words, folded like
// the words of a text.
var searchStopWords = func() map[string]bool {
	list := `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
	anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß du derselbe derselben
	denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer
	dessen dich dir dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige
	einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab
	habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist
	jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können
	könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste
	nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind
	so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unser
	unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches
	wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen`
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[searchFold(w)] = true
	}
	return m
}()
