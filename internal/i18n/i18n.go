// Package i18n holds the embedded message catalogs, chooses a language for a
// request and renders messages with CLDR plural rules (via go-i18n). Every
// user-visible string and error comes from a catalog; a test fails when a key
// is missing in any language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// locales holds one JSON file per area and language: <area>.<lang>.json.
//
//go:embed locales/*.json
var locales embed.FS

// Staff lists the languages of the staff interface, German first.
var Staff = []string{"de", "en"}

// Public lists the languages of the public pages: German, English, Arabic,
// Farsi/Dari, Ukrainian, Russian, Turkish.
var Public = []string{"de", "en", "ar", "fa", "uk", "ru", "tr"}

// PublicAreas are the catalog areas the public pages use; each must exist
// in every Public language.
var PublicAreas = []string{"common", "public", "finder", "access", "online", "events", "stats", "mso", "volunteer"}

// rtl lists the languages written right to left.
var rtl = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true, "ps": true, "ckb": true}

// Catalog is the loaded set of messages in every language.
type Catalog struct {
	bundle     *goi18n.Bundle
	langs      []string
	matcher    language.Matcher
	localizers map[string]*Localizer
}

// Load parses the embedded catalogs.
func Load() (*Catalog, error) {
	b := goi18n.NewBundle(language.German)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		data, err := locales.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		if _, err := b.ParseMessageFileBytes(data, f); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		seen[LangOfFile(f)] = true
	}
	return newCatalog(b, seen), nil
}

func newCatalog(b *goi18n.Bundle, seen map[string]bool) *Catalog {
	c := &Catalog{bundle: b, localizers: map[string]*Localizer{}}
	// German first so that it wins when nothing matches.
	c.langs = append(c.langs, "de")
	for l := range seen {
		if l != "de" {
			c.langs = append(c.langs, l)
		}
	}
	tags := make([]language.Tag, len(c.langs))
	for i, l := range c.langs {
		tags[i] = language.MustParse(l)
		c.localizers[l] = &Localizer{Lang: l, l: goi18n.NewLocalizer(b, l)}
	}
	c.matcher = language.NewMatcher(tags)
	return c
}

// LangOfFile reads the language from a catalog file name "area.lang.json".
func LangOfFile(name string) string {
	parts := strings.Split(path.Base(name), ".")
	if len(parts) < 3 {
		return ""
	}
	return parts[len(parts)-2]
}

// Languages lists the catalog languages, German first.
func (c *Catalog) Languages() []string { return c.langs }

// Has reports whether lang has a catalog.
func (c *Catalog) Has(lang string) bool { _, ok := c.localizers[lang]; return ok }

// Localizer returns the localizer for lang, falling back to German.
func (c *Catalog) Localizer(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers["de"]
}

// Negotiate picks the best language among allowed for an Accept-Language
// header; German when nothing fits.
func (c *Catalog) Negotiate(acceptLanguage string, allowed []string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "de"
	}
	supported := make([]language.Tag, 0, len(allowed))
	for _, l := range allowed {
		supported = append(supported, language.MustParse(l))
	}
	_, idx, conf := language.NewMatcher(supported).Match(tags...)
	if conf == language.No {
		return "de"
	}
	return allowed[idx]
}

// Localizer renders messages in one language.
type Localizer struct {
	// Lang is the BCP 47 code, e.g. "de".
	Lang string
	l    *goi18n.Localizer
	// plain caches messages without template data: a page asks for the
	// same labels hundreds of times, and rendering each through go-i18n's
	// template engine dominated the cost of a page.
	plain sync.Map // id → string
}

// Dir is the writing direction for the HTML dir attribute.
func (l *Localizer) Dir() string {
	if rtl[l.Lang] {
		return "rtl"
	}
	return "ltr"
}

// T renders message id with template data given as name/value pairs,
// e.g. T("auth.locked", "Minutes", 15). A missing message renders as its id,
// so a gap is visible instead of blank (and the catalog test catches it).
func (l *Localizer) T(id string, kv ...any) string {
	if len(kv) == 0 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
		s := l.render(id, nil, nil)
		l.plain.Store(id, s)
		return s
	}
	return l.substitute(id, kv)
}

// substitute renders a message with data by filling a cached skeleton: the
// message is rendered once with a marker per name ("\x00Name\x00"), and
// later calls replace the markers. The catalogs use only plain {{.Name}}
// substitutions, which makes this exact (TestSubstituteMatchesTemplates).
func (l *Localizer) substitute(id string, kv []any) string {
	var kb strings.Builder
	kb.Grow(len(id) + 8*len(kv))
	kb.WriteString(id)
	for i := 0; i+1 < len(kv); i += 2 {
		kb.WriteByte(0)
		kb.WriteString(ArgString(kv[i]))
	}
	key := kb.String()
	skel, ok := l.plain.Load(key)
	if !ok {
		markers := make([]any, 0, len(kv))
		for i := 0; i+1 < len(kv); i += 2 {
			n := ArgString(kv[i])
			markers = append(markers, n, "\x00"+n+"\x00")
		}
		skel = l.render(id, nil, markers)
		l.plain.Store(key, skel)
	}
	s := skel.(string)
	if !strings.Contains(s, "\x00") {
		return s
	}
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "\x00"+ArgString(kv[i])+"\x00", ArgString(kv[i+1]))
	}
	return s
}

// ArgString formats a message argument as fmt.Sprint does, without its
// reflection for the common strings and integers.
func ArgString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// N renders a message with plural forms chosen by count (available to the
// template as .Count).
func (l *Localizer) N(id string, count int, kv ...any) string {
	return l.render(id, count, append(kv, "Count", count))
}

func (l *Localizer) render(id string, count any, kv []any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			data[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil || s == "" {
		return id
	}
	return s
}
