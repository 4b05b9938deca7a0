package web_test

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
)

// textRun is a piece of a page's visible text with the language it is
// marked as (the nearest lang attribute around it).
type textRun struct {
	Text, Lang string
}

// visibleText collects the text a reader sees in the body of page, and
// the text of attributes a screen reader reads (alt, aria-label, title,
// placeholder), each with its effective language. Scripts and styles are
// left out; visually hidden text counts (screen readers read it), and so
// does everything else except elements marked data-technical: technical
// keys labelled as such for the people who import data or read the audit
// log.
func visibleText(page string) []textRun {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []textRun{{Text: "<unparsable page>"}}
	}
	var out []textRun
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Head, atom.Template:
				return
			}
			for _, a := range n.Attr {
				if a.Key == "data-technical" {
					return
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "lang":
					lang = a.Val
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "alt", "aria-label", "title", "placeholder":
					out = append(out, textRun{Text: a.Val, Lang: lang})
				}
			}
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			out = append(out, textRun{Text: n.Data, Lang: lang})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	return out
}

var (
	// uuidRe finds a row id (UUID) shown as text.
	uuidRe = regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	// keyRe finds a message id shown instead of its text ("case.status.open").
	keyRe = regexp.MustCompile(`\b[a-z_]+\.[a-z_]+\.[a-z_]+\b`)
	// tokenRe splits text into words: a code inside a longer word (a
	// pseudonym code "KMN-27GM-A6GA", "GeoBasis-DE") is no code shown.
	tokenRe = regexp.MustCompile(`[\p{L}\p{N}_.@/:-]+`)
	// urlRe finds a web address written out (a print view's own address).
	urlRe = regexp.MustCompile(`https?://\S+`)
)

// notCodes are words that are also ISO codes but mean something else on
// our pages: abbreviations ("EU", "BA" for the employment agency, "ID")
// and short German, English or Turkish words ("so", "am", "in", "da").
var notCodes = map[string]bool{
	"EU": true, "BA": true, "ID": true, "OK": true, "TV": true, "AG": true, "KG": true, "IT": true, "PR": true,
	"so": true, "am": true, "an": true, "in": true, "be": true, "to": true, "da": true, "es": true, "um": true,
	"ja": true, "me": true, "he": true, "ha": true, "si": true, "ne": true, "om": true, "pa": true, "ta": true,
	"tl": true, "ka": true, "hy": true, "az": true, "mn": true, "lt": true, "lv": true, "et": true, "ln": true,
	"uz": true, "ps": true, "sq": true, "hr": true, "bs": true, "ig": true, "yo": true, "ff": true, "wo": true,
	"sw": true, "th": true, "ko": true, "it": true,
}

// notCodesIn are words of one language that are codes elsewhere: Turkish
// "de" and "da" ("also"), "en" ("most", as in "en az": at least).
var notCodesIn = map[string][]string{"tr": {"de", "da", "en"}}

// rawCodes lists what page shows that a person should never have to read:
// row ids, message ids, the registry's external ids (externalIDs), and
// ISO country or language codes standing alone in the text.
func rawCodes(page string, externalIDs []string) []string {
	var found []string
	countries, languages := names.CountryCodes(), append(slices.Clone(names.CaseLanguages), i18n.Public...)
	for _, run := range visibleText(page) {
		run.Text = urlRe.ReplaceAllString(run.Text, "")
		found = append(found, uuidRe.FindAllString(run.Text, -1)...)
		for _, k := range keyRe.FindAllString(run.Text, -1) {
			if !strings.Contains(k, "example") && !strings.HasPrefix(k, "www.") {
				found = append(found, k)
			}
		}
		for _, id := range externalIDs {
			if id != "" && strings.Contains(run.Text, id) {
				found = append(found, id)
			}
		}
		for _, tok := range tokenRe.FindAllString(run.Text, -1) {
			tok = strings.Trim(tok, ".:/")
			if notCodes[tok] || slices.Contains(notCodesIn[pageLang(page)], tok) {
				continue
			}
			if len(tok) == 2 && isUpper(tok) && slices.Contains(countries, tok) ||
				(len(tok) == 2 || len(tok) == 3) && tok == strings.ToLower(tok) && slices.Contains(languages, tok) {
				found = append(found, tok+" (in "+strings.TrimSpace(clip(run.Text, 60))+")")
			}
		}
	}
	return found
}

func isUpper(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// germanMarkers are words that only German text has (with the letters
// only German has: ä, ö, ü, ß).
var germanMarkers = []string{"und", "der", "die", "das", "für", "mit", "nicht", "bitte", "Sie", "oder", "Termin",
	"Beratung", "Uhr", "vereinbaren", "geschlossen", "Straße", "Migrationsberatung", "Jugendmigrationsdienst"}

// unmarkedGermanText lists the German text of a page in another language
// that is not inside an element marked lang="de" (a screen reader would
// read it with the page language's rules, and readers are not told). A
// piece of text counts as German when two of its words are (a marker word
// or a word with ß or an umlaut: "Migrationsberatung für Erwachsene",
// "Daten verändert"), or when it is a name of one or two words of which
// one is ("Hohe Straße 12c"); one German place name in a translated
// sentence ("e.g. 30159 or Göttingen") is not German text.
func unmarkedGermanText(page, pageLang string) []string {
	if pageLang == "de" {
		return nil
	}
	var found []string
	for _, run := range visibleText(page) {
		if strings.HasPrefix(run.Lang, "de") {
			continue
		}
		words, german := len(wordRe.FindAllString(run.Text, -1)), 0
		for _, tok := range latinWordRe.FindAllString(run.Text, -1) {
			// Turkish has ö and ü too; ß, ä and the marker words are German only.
			if strings.ContainsAny(tok, "ßäÄ") || pageLang != "tr" && run.Lang != "tr" && strings.ContainsAny(tok, "öüÖÜ") ||
				slices.Contains(germanMarkers, tok) {
				german++
			}
		}
		if german >= 2 || german == 1 && words <= 3 {
			found = append(found, strings.TrimSpace(clip(run.Text, 80)))
		}
	}
	return found
}

// wordRe finds words in any script, numbers included.
var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+`)

// latinWordRe finds words in Latin script (with digits: "12c").
var latinWordRe = regexp.MustCompile(`[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9]*`)

// htmlLangRe finds the page's language.
var htmlLangRe = regexp.MustCompile(`<html[^>]*\blang="([a-z]+)"`)

func pageLang(page string) string {
	if m := htmlLangRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}
