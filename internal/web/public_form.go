package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
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
	Programs, Languages, Topic []Choice
	Radii                      []Choice
	// Filtered opens the filter box when a filter is set.
	Filtered bool
}

// fillForm reads the form values from v and the select choices from the
// registry snapshot, in the viewer's language.
func (h *Handler) fillForm(r *http.Request, f *searchForm, v url.Values) error {
	lang := stateOf(r).loc.Lang
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
	for _, p := range snap.Programs {
		f.Programs = append(f.Programs, Choice{Value: p.ID, Label: p.Name(lang), Selected: p.ID == program})
	}
	var codes []string
	for _, o := range snap.Offices {
		for _, l := range o.Languages {
			if !slices.Contains(codes, l) {
				codes = append(codes, l)
			}
		}
	}
	for _, c := range codes {
		f.Languages = append(f.Languages, Choice{Value: c, Label: languageName(lang, c), Selected: c == spoken})
	}
	slices.SortFunc(f.Languages, func(a, b Choice) int { return compareFold(a.Label, b.Label) })
	loc := stateOf(r).loc
	for _, t := range snap.Topics {
		f.Topic = append(f.Topic, Choice{Value: t, Label: loc.T("topic." + t), Selected: t == topic})
	}
	slices.SortFunc(f.Topic, func(a, b Choice) int { return compareFold(a.Label, b.Label) })
	f.Radii = radiusChoices(loc.T, v.Get("radius"))
	f.Filtered = program != "" || spoken != "" || topic != "" || f.Age != "" || f.Online || f.StepFree || f.OpenNow ||
		(v.Get("radius") != "" && v.Get("radius") != strconv.Itoa(finder.DefaultRadiusKm))
	return nil
}

func radiusChoices(t func(string, ...any) string, current string) []Choice {
	if current == "" {
		current = strconv.Itoa(finder.DefaultRadiusKm)
	}
	opts := radiusOptions
	if n, err := strconv.Atoi(current); err == nil && n > 0 && n <= finder.MaxRadiusKm && !slices.Contains(opts, n) {
		opts = append(slices.Clone(opts), n)
		slices.Sort(opts)
	}
	var out []Choice
	for _, km := range opts {
		s := strconv.Itoa(km)
		out = append(out, Choice{Value: s, Label: t("finder.radius_option", "Km", km), Selected: s == current})
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
