package public

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// radiusOptions are the distances the search form offers, in km.
var radiusOptions = []int{5, 10, 25, 50, 100, 200, finder.MaxRadiusKm}

// searchForm is the finder's search form as the visitor filled it in
// (raw values, so a wrong entry is shown again as typed) with the choices
// of its selects.
type searchForm struct {
	Action                     string
	Q, Lat, Lon, Age           string
	Online, StepFree, OpenNow  bool
	Programs, Languages, Topic []site.Choice
	Radii                      []site.Choice
	// Filtered opens the filter box when a filter is set, except above
	// results (FiltersShut), where it would push the first result off a
	// phone's first screen; the summary then counts the filters chosen.
	Filtered    bool
	FiltersShut bool
	FilterCount int
	// choices and the selected values, for the skeleton (skeleton.go),
	// which writes the options from choices' prepared HTML.
	choices                        *choiceSet
	program, spoken, topic, radius string
}

// fillForm reads the form values from v and the select choices from the
// registry snapshot, in the viewer's language.
func (h *Handler) fillForm(r *http.Request, f *searchForm, v url.Values) error {
	lang := site.StateOf(r).Loc.Lang
	f.Action = "/" + lang + "/search"
	f.Q, f.Age = v.Get("q"), v.Get("age")
	if f.Q == "" {
		f.Lat, f.Lon = v.Get("lat"), v.Get("lon")
	}
	f.Online, f.StepFree, f.OpenNow = isSet(v.Get("online")), isSet(v.Get("step_free")), isSet(v.Get("open_now"))
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil {
		return err
	}
	program, spoken, topic := v.Get("program"), v.Get("lang_spoken"), v.Get("topic")
	loc := site.StateOf(r).Loc
	c := h.formChoices(snap, loc)
	f.Programs, f.Languages, f.Topic = selectChoice(c.programs, program), selectChoice(c.languages, spoken), selectChoice(c.topics, topic)
	f.Radii = radiusChoices(c.radiusLabel(loc), v.Get("radius"))
	f.choices, f.program, f.spoken, f.topic, f.radius = c, program, spoken, topic, v.Get("radius")
	for _, on := range []bool{program != "", spoken != "", topic != "", f.Age != "", f.Online, f.StepFree, f.OpenNow,
		v.Get("radius") != "" && v.Get("radius") != strconv.Itoa(finder.DefaultRadiusKm)} {
		if on {
			f.FilterCount++
		}
	}
	f.Filtered = f.FilterCount > 0
	return nil
}

func radiusChoices(label func(km int) string, current string) []site.Choice {
	if current == "" {
		current = strconv.Itoa(finder.DefaultRadiusKm)
	}
	opts := radiusOptions
	if n, err := strconv.Atoi(current); err == nil && n > 0 && n <= finder.MaxRadiusKm && !slices.Contains(opts, n) {
		opts = append(slices.Clone(opts), n)
		slices.Sort(opts)
	}
	var out []site.Choice
	for _, km := range opts {
		s := strconv.Itoa(km)
		out = append(out, site.Choice{Value: s, Label: label(km), Selected: s == current})
	}
	return out
}

func isSet(s string) bool {
	switch s {
	case "1", "on", "true", "yes":
		return true
	}
	return false
}

// choiceSet is the sorted, translated options of the finder's selects for
// one language and one registry snapshot.
type choiceSet struct {
	version                     string
	programs, languages, topics []site.Choice
	// languageRank orders language codes as the languages select does
	// (by name in the viewer's language), for the result list.
	languageRank map[string]int
	// The options as HTML with nothing selected, and the radius labels:
	// the same for every search in the language.
	programsHTML, languagesHTML, topicsHTML string
	radiusLabels                            map[int]string
}

// radiusLabel names a radius option ("25 km"), from the prepared labels.
func (c *choiceSet) radiusLabel(loc *i18n.Localizer) func(km int) string {
	return func(km int) string {
		if s, ok := c.radiusLabels[km]; ok {
			return s
		}
		return loc.T("finder.radius_option", "Km", km)
	}
}

// selectedHTML marks the option with value selected in options (HTML made
// by site.OptionsHTML with nothing selected).
func selectedHTML(options, selected string) string {
	if selected == "" {
		return options
	}
	v := `<option value="` + html.EscapeString(selected) + `"`
	return strings.Replace(options, v+">", v+" selected>", 1)
}

// formChoices returns the select options, built once per language and
// snapshot: collecting the languages of every office and sorting labels
// with a collator is too much work to repeat for every search.
func (h *Handler) formChoices(snap *finder.Snapshot, loc *i18n.Localizer) *choiceSet {
	if c, ok := h.choices.Load(loc.Lang); ok && c.(*choiceSet).version == snap.Version {
		return c.(*choiceSet)
	}
	c := &choiceSet{version: snap.Version}
	for _, p := range snap.Programs {
		c.programs = append(c.programs, site.Choice{Value: p.ID, Label: p.Name(loc.Lang)})
	}
	var codes []string
	for _, o := range snap.Offices {
		for _, l := range o.Languages {
			if !slices.Contains(codes, l) {
				codes = append(codes, l)
			}
		}
	}
	for _, code := range codes {
		c.languages = append(c.languages, site.Choice{Value: code, Label: site.LanguageName(loc.Lang, code)})
	}
	slices.SortFunc(c.languages, func(a, b site.Choice) int { return site.CompareFold(a.Label, b.Label) })
	c.languageRank = make(map[string]int, len(c.languages))
	for i, l := range c.languages {
		c.languageRank[l.Value] = i
	}
	for _, t := range snap.Topics {
		c.topics = append(c.topics, site.Choice{Value: t, Label: loc.T("topic." + t)})
	}
	slices.SortFunc(c.topics, func(a, b site.Choice) int { return site.CompareFold(a.Label, b.Label) })
	c.programsHTML, c.languagesHTML, c.topicsHTML = string(site.OptionsHTML(c.programs)), string(site.OptionsHTML(c.languages)), string(site.OptionsHTML(c.topics))
	c.radiusLabels = map[int]string{}
	for _, km := range radiusOptions {
		c.radiusLabels[km] = loc.T("finder.radius_option", "Km", km)
	}
	h.choices.Store(loc.Lang, c)
	return c
}

// selectChoice copies choices, marking the one whose value is selected.
func selectChoice(choices []site.Choice, selected string) []site.Choice {
	out := slices.Clone(choices)
	for i := range out {
		out[i].Selected = out[i].Value == selected
	}
	return out
}
