package staff

import (
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// countryChoices offers every country by name in the reader's language,
// sorted by that name (a native select: typing the first letters jumps to
// the country, with or without JavaScript). A stored or typed code outside
// the list is kept as an option, so nothing is lost on a save.
func countryChoices(lang, selected string) []site.Choice {
	return namedChoices(names.Countries(lang), strings.ToUpper(strings.TrimSpace(selected)), func(c string) string {
		return names.Country(lang, c)
	})
}

// caseLanguageChoices offers the languages of the KMN's clients by name (see
// names.CaseLanguages), like countryChoices.
func caseLanguageChoices(lang, selected string) []site.Choice {
	return namedChoices(names.Languages(lang, names.CaseLanguages), strings.ToLower(strings.TrimSpace(selected)),
		func(c string) string { return names.Language(lang, c) })
}

func namedChoices(list []names.Named, selected string, name func(string) string) []site.Choice {
	out := make([]site.Choice, 0, len(list)+1)
	found := false
	for _, n := range list {
		out = append(out, site.Choice{Value: n.Code, Label: n.Name, Selected: n.Code == selected})
		found = found || n.Code == selected
	}
	if selected != "" && !found {
		out = append([]site.Choice{{Value: selected, Label: name(selected), Selected: true}}, out...)
	}
	return out
}
