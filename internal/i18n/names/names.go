// Package names turns the codes the platform stores (ISO 639 languages,
// ISO 3166 countries) into names in the reader's language, from the CLDR
// data of golang.org/x/text, completed where CLDR has no name for a code
// our clients use (Dari). Pages show these names, never the codes.
package names

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Named is a code with its name in one language.
type Named struct {
	Code, Name string
}

// missing names languages CLDR (as shipped by x/text) leaves unnamed, in
// every public language; other readers get the English name.
var missing = map[string]map[string]string{
	"prs": {"de": "Dari", "en": "Dari", "ar": "الدارية", "fa": "دری", "uk": "дарі", "ru": "дари", "tr": "Darice"},
	"gsg": {"de": "Deutsche Gebärdensprache", "en": "German Sign Language", "ar": "لغة الإشارة الألمانية",
		"fa": "زبان اشاره آلمانی", "uk": "німецька жестова мова", "ru": "немецкий жестовый язык", "tr": "Alman İşaret Dili"},
}

// One display.Namer per reader's language (immutable, safe to share).
var langs, regions sync.Map // viewer → display.Namer

func namer(cache *sync.Map, viewer string, make func(language.Tag) display.Namer) display.Namer {
	if n, ok := cache.Load(viewer); ok {
		return n.(display.Namer)
	}
	n, _ := cache.LoadOrStore(viewer, make(language.Make(viewer)))
	return n.(display.Namer)
}

// Language names the ISO 639 code in the viewer's language ("uk" is
// "Ukrainisch" for a German reader). An unknown code comes back as it is:
// the caller validated it, so this only happens for data from before a
// code was known.
func Language(viewer, code string) string {
	key := viewer + "|" + code
	if n, ok := languageNames.Load(key); ok {
		return n.(string)
	}
	n := languageName(viewer, code)
	if n != code { // only real codes: the cache stays as small as the code list
		languageNames.Store(key, n)
	}
	return n
}

// languageNames caches Language: x/text's namer costs microseconds a call,
// and the public results name every office's languages.
var languageNames sync.Map // viewer|code → name

func languageName(viewer, code string) string {
	if m, ok := missing[code]; ok {
		if n, ok := m[viewer]; ok {
			return n
		}
		return m["en"]
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := namer(&langs, viewer, display.Languages).Name(tag); n != "" {
		return n
	}
	return code
}

// Country names the ISO 3166-1 alpha-2 code in the viewer's language ("SO"
// is "Somalia"); an unknown code comes back as it is.
func Country(viewer, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := namer(&regions, viewer, display.Regions).Name(r); n != "" {
		return n
	}
	return code
}

// CaseLanguages are the languages offered when recording a client's first
// language or the language of a contact: the languages of the people who
// come to the KMN's offices (German first in no particular way: the list
// is sorted by name). A stored code outside the list is still named.
var CaseLanguages = []string{
	"de", "ar", "fa", "prs", "ps", "ku", "ckb", "tr", "ru", "uk", "pl", "ro", "bg", "sq", "sr", "bs", "hr",
	"mk", "hu", "cs", "sk", "el", "it", "es", "pt", "fr", "en", "nl", "so", "ti", "am", "om", "ha", "yo", "ig",
	"sw", "ln", "wo", "ff", "ur", "hi", "pa", "bn", "ta", "si", "ne", "zh", "vi", "th", "tl", "ko", "ja", "ka",
	"hy", "az", "uz", "tk", "kk", "ky", "tg", "mn", "he", "lt", "lv", "et", "gsg",
}

// Languages names codes in the viewer's language, sorted by name in that
// language's order.
func Languages(viewer string, codes []string) []Named {
	out := make([]Named, 0, len(codes))
	for _, c := range codes {
		out = append(out, Named{Code: c, Name: Language(viewer, c)})
	}
	sortByName(viewer, out)
	return out
}

var (
	countryOnce  sync.Once
	countryCodes []string
)

// notAssigned are codes CLDR names that ISO 3166-1 does not assign to a
// country today: withdrawn (YU, ZR, …), reserved (UK, EU, …) and CLDR's
// own areas (Ascension, Canary Islands, …). They are never offered.
var notAssigned = strings.Fields(`AC AN BU CP CQ CS CT DD DG DY EA EU EZ FQ FX HV IC JT MI NH NQ NT PC PU PZ QO RH SU TA TP
	UK UN VD WK YD YU ZR`)

// CountryCodes lists the ISO 3166-1 alpha-2 countries, each named by CLDR.
func CountryCodes() []string {
	countryOnce.Do(func() {
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				if r, err := language.ParseRegion(code); err == nil && r.IsCountry() && r.String() == code &&
					Country("en", code) != code && !slices.Contains(notAssigned, code) {
					countryCodes = append(countryCodes, code)
				}
			}
		}
	})
	return countryCodes
}

// Countries names every country in the viewer's language, sorted by name.
func Countries(viewer string) []Named {
	codes := CountryCodes()
	out := make([]Named, 0, len(codes))
	for _, c := range codes {
		out = append(out, Named{Code: c, Name: Country(viewer, c)})
	}
	sortByName(viewer, out)
	return out
}

// sortByName sorts by the viewer's collation (Ä with A in German, Arabic
// letters in their order), code as the tie-breaker.
func sortByName(viewer string, list []Named) {
	c := collate.New(language.Make(viewer), collate.IgnoreCase)
	slices.SortFunc(list, func(a, b Named) int {
		if n := c.CompareString(a.Name, b.Name); n != 0 {
			return n
		}
		return strings.Compare(a.Code, b.Code)
	})
}
