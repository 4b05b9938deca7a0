package api

import (
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// texts looks up translated names in the message catalog. A missing
// catalog (nil) or a missing key yields ok == false, so the caller omits
// the translation instead of publishing a message id or a German fallback
// labelled as another language.
type texts struct{ cat *i18n.Catalog }

// lookup returns the message id in lang, and whether the catalog really has
// it in that language. go-i18n falls back to German for a key missing in
// another language, so a non-German text equal to the German one counts as
// missing.
func (t texts) lookup(lang, id string) (string, bool) {
	if t.cat == nil || (lang != "de" && !t.cat.Has(lang)) {
		return "", false
	}
	s := t.cat.Localizer(lang).T(id)
	if s == id || s == "" {
		return "", false
	}
	if lang != "de" {
		if de, _ := t.lookup("de", id); de == s {
			return "", false
		}
	}
	return s, true
}

// label returns id in lang, else in German, else fallback.
func (t texts) label(lang, id, fallback string) string {
	if s, ok := t.lookup(lang, id); ok {
		return s
	}
	if s, ok := t.lookup("de", id); ok {
		return s
	}
	return fallback
}

// topicTranslations returns the topic's name in every public language the
// catalog has.
func (t texts) topicTranslations(topic string) Translations {
	out := Translations{}
	for _, l := range i18n.Public {
		if s, ok := t.lookup(l, "topic."+topic); ok {
			out[l] = Text{Name: s}
		}
	}
	return nilIfEmpty(out)
}

// programTranslations returns the program's texts in every language it has.
func programTranslations(p network.Program) Translations {
	out := Translations{}
	for l, tx := range p.Texts {
		if tx.Name != "" {
			out[l] = Text{Name: tx.Name, Description: tx.Description}
		}
	}
	return nilIfEmpty(out)
}

// locationTexts returns the office's appointment text in every language
// it has, German included.
func locationTexts(o *network.Office) LocationTexts {
	out := LocationTexts{}
	if o.AppointmentInfo != "" {
		out["de"] = LocationText{AppointmentInfo: o.AppointmentInfo}
	}
	for l, t := range o.Translations {
		if t.AppointmentInfo != "" {
			out[l] = LocationText{AppointmentInfo: t.AppointmentInfo}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func nilIfEmpty(t Translations) Translations {
	if len(t) == 0 {
		return nil
	}
	return t
}

// languageName returns the name of the ISO 639 code in lang, or the code
// itself when the code is not a known language.
func languageName(lang, code string) string { return names.Language(lang, code) }

// sortedUnique returns the distinct values of s, sorted.
func sortedUnique(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// lower folds s for case-insensitive search.
func lower(s string) string { return strings.ToLower(s) }
