package network

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// An office's free text (so far the appointment text, "how to get an
// appointment") is written in German: the base text, kept in offices,
// that every page falls back to. Whoever edits the office may add
// versions in the other public languages; they live in office_texts, one
// row per office and language, and change only with the office (the same
// transaction, version and audit entry), so optimistic locking and the
// finder's snapshot cover them without anything new.

// TextLanguages are the languages an office's free texts may be
// translated into: the public languages without German.
var TextLanguages = slices.DeleteFunc(slices.Clone(i18n.Public), func(l string) bool { return l == "de" })

// maxTextRunes bounds every free text, German or translated.
const maxTextRunes = 2000

// OfficeText holds an office's free texts in one language besides German.
// Office.Translations and OfficeInput.Translations map a TextLanguages
// code to one; the German text is the office's own field (AppointmentInfo).
type OfficeText struct {
	AppointmentInfo string
}

func (t OfficeText) empty() bool { return t.AppointmentInfo == "" }

// Localized is a free text and the language it is written in.
type Localized struct {
	Text, Lang string
}

// AppointmentIn returns the appointment text in lang, else the German
// text (Lang "de"), else nothing (the page says something general).
func (o *Office) AppointmentIn(lang string) Localized {
	if t := o.Translations[lang].AppointmentInfo; t != "" && lang != "de" {
		return Localized{Text: t, Lang: lang}
	}
	if o.AppointmentInfo == "" {
		return Localized{}
	}
	return Localized{Text: o.AppointmentInfo, Lang: "de"}
}

// TranslatedLanguages lists the languages with a translated text, in
// TextLanguages order.
func (o *Office) TranslatedLanguages() []string {
	var out []string
	for _, l := range TextLanguages {
		if !o.Translations[l].empty() {
			out = append(out, l)
		}
	}
	return out
}

// normalizeTexts trims the translations and drops empty ones, so "no
// translation" has one form.
func normalizeTexts(in map[string]OfficeText) map[string]OfficeText {
	out := map[string]OfficeText{}
	for lang, t := range in {
		t.AppointmentInfo = strings.TrimSpace(t.AppointmentInfo)
		if lang = strings.ToLower(strings.TrimSpace(lang)); !t.empty() {
			out[lang] = t
		}
	}
	return out
}

// checkTexts validates the translations against the German base text.
// Problems name the field "appointment_info.<lang>" (form field and, with
// "_" for ".", CSV column).
func checkTexts(e *valid.Errors, german string, texts map[string]OfficeText) {
	for _, lang := range slices.Sorted(maps.Keys(texts)) {
		t := texts[lang]
		field := "appointment_info." + lang
		switch {
		case !slices.Contains(TextLanguages, lang):
			e.Add("appointment_info", "network.text_language", "Code", lang)
		case german == "":
			// A translation of nothing would show on pages whose German
			// version says something general instead.
			e.Add(field, "network.text_needs_german")
		case t.AppointmentInfo == german:
			// A copy would be presented as the reader's language.
			e.Add(field, "network.text_same_as_german")
		default:
			optional(e, field, t.AppointmentInfo, maxTextRunes)
		}
	}
}

// replaceOfficeTexts stores the office's translations (normalized and
// validated) instead of the ones it had.
func replaceOfficeTexts(ctx context.Context, tx *db.Tx, id string, texts map[string]OfficeText) error {
	if _, err := tx.Exec(ctx, "DELETE FROM office_texts WHERE office_id = ?", id); err != nil {
		return fmt.Errorf("network: office texts: %w", err)
	}
	for _, lang := range TextLanguages {
		t, ok := texts[lang]
		if !ok || t.empty() {
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO office_texts (office_id, lang, appointment_info) VALUES (?, ?, ?)",
			id, lang, t.AppointmentInfo); err != nil {
			return fmt.Errorf("network: office texts: %w", err)
		}
	}
	return nil
}

// attachTexts fills the translations of offices, whose ids are args and
// whose positions idx gives, with one query.
func attachTexts(ctx context.Context, q db.Querier, offices []Office, idx map[string]int, args []any) error {
	rows, err := q.Query(ctx, "SELECT office_id, lang, appointment_info FROM office_texts WHERE office_id IN ("+
		db.Placeholders(len(args))+") ORDER BY office_id, lang", args...)
	if err != nil {
		return fmt.Errorf("network: office texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, lang string
		var t OfficeText
		if err := rows.Scan(&id, &lang, &t.AppointmentInfo); err != nil {
			return fmt.Errorf("network: office texts: %w", err)
		}
		o := &offices[idx[id]]
		if o.Translations == nil {
			o.Translations = map[string]OfficeText{}
		}
		o.Translations[lang] = t
	}
	return rows.Err()
}

// textFields flattens the translations for the audit log: one field per
// language, empty when missing, so a removed translation shows as a change.
func textFields(o *Office, into map[string]string) {
	for _, lang := range TextLanguages {
		into["appointment_info."+lang] = o.Translations[lang].AppointmentInfo
	}
}
