package staff

import (
	"net/url"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The office form asks for the appointment text in German (the base text)
// and, in one <details> per language, for whichever translations the
// office lead can give. Each textarea carries lang and dir, so an Arabic
// or Farsi text is typed right to left without any script.

// textField is one language's translation field of the office form.
type textField struct {
	Lang, Field, ID, Value string
	// Language names the language for the viewer, Endonym in itself.
	Language, Endonym, Dir string
	Error                  string
	Filled                 bool
}

// textFieldName names the form field of the translation into lang (the
// store's problems name the same field).
func textFieldName(lang string) string { return "appointment_info." + lang }

// readTexts reads the translation fields of a submitted form.
func readTexts(v url.Values) map[string]string {
	out := map[string]string{}
	for _, l := range network.TextLanguages {
		if s := v.Get(textFieldName(l)); s != "" {
			out[l] = s
		}
	}
	return out
}

// textsOfOffice is the form's view of the stored translations.
func textsOfOffice(o *network.Office) map[string]string {
	out := map[string]string{}
	for l, t := range o.Translations {
		out[l] = t.AppointmentInfo
	}
	return out
}

// textsInput turns the typed translations into the store's input.
func textsInput(texts map[string]string) map[string]network.OfficeText {
	out := make(map[string]network.OfficeText, len(texts))
	for l, s := range texts {
		out[l] = network.OfficeText{AppointmentInfo: s}
	}
	return out
}

// textFields lays out one field per language and names the languages
// that are filled, for the line above them.
func textFields(b site.Base, cat *i18n.Catalog, texts map[string]string) (fields []textField, filled []string) {
	for _, l := range network.TextLanguages {
		f := textField{Lang: l, Field: textFieldName(l), ID: site.FieldID(textFieldName(l)), Value: texts[l],
			Language: site.LanguageName(b.L.Lang, l), Endonym: site.LanguageName(l, l), Dir: cat.Localizer(l).Dir(),
			Error: b.FieldError(textFieldName(l))}
		if f.Filled = strings.TrimSpace(f.Value) != ""; f.Filled {
			filled = append(filled, f.Language)
		}
		fields = append(fields, f)
	}
	return fields, filled
}

// nameTextProblems puts the language before a translation's problem, so
// the error summary says which of the closed fields to open.
func nameTextProblems(b site.Base, problems valid.Errors) valid.Errors {
	out := make(valid.Errors, len(problems))
	for i, p := range problems {
		out[i] = p
		for _, l := range network.TextLanguages {
			if p.Field == textFieldName(l) {
				out[i] = valid.Problem{Field: p.Field, Key: "office.text_problem",
					Args: []any{"Language", site.LanguageName(b.L.Lang, l), "Problem", b.L.T(p.Key, p.Args...)}}
			}
		}
	}
	return out
}

// officeTextView is the appointment text in one language on the office
// page; Text is empty where the public page falls back to German.
type officeTextView struct {
	Language, Lang, Dir, Text string
	// Public is the office's public page in the language.
	Public string
}

// officeTexts lists the German text and every translation, or nothing
// when there is no German text (then no language has one).
func officeTexts(b site.Base, cat *i18n.Catalog, o *network.Office) []officeTextView {
	if o.AppointmentInfo == "" {
		return nil
	}
	out := []officeTextView{{Language: site.LanguageName(b.L.Lang, "de"), Lang: "de", Dir: "ltr", Text: o.AppointmentInfo,
		Public: "/de/offices/" + o.ID}}
	for _, l := range network.TextLanguages {
		out = append(out, officeTextView{Language: site.LanguageName(b.L.Lang, l), Lang: l, Dir: cat.Localizer(l).Dir(),
			Text: o.Translations[l].AppointmentInfo, Public: "/" + l + "/offices/" + o.ID})
	}
	return out
}
