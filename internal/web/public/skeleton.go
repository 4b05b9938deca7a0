package public

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// A results page is mostly the same for every search in one language: the
// head, the language switch, the form with its select options, the footer.
// Executing all of it with html/template cost about half the time of a
// rendered search, so anonymous searches (the cacheable ones) fill a
// skeleton instead: the page executed once per language and registry
// snapshot with markers where the values go, split at the markers. The
// results section itself is still executed by html/template
// ("public-results"). TestPublicSearchSkeletonMatchesTemplate compares
// both ways for many searches.

// The slots of the skeleton, in no particular order.
const (
	slotQ = iota
	slotLat
	slotLon
	slotAge
	slotPrograms
	slotLanguages
	slotTopics
	slotRadii
	slotOnline
	slotStepFree
	slotOpenNow
	slotFiltersOpen
	slotFiltersLabel
	slotResults
	slotLangHref // one per public language, from here on
)

func marker(slot int) string { return "kmnslot" + strconv.Itoa(slot) + "x" }

var markerRe = regexp.MustCompile(`kmnslot(\d+)x`)

// skeleton is a page split at its slots: parts[i] comes before slots[i],
// the last part after the last slot.
type skeleton struct {
	version string
	parts   [][]byte
	slots   []int
	size    int
}

// buildSkeleton executes the search page with markers in every slot.
func (h *Handler) buildSkeleton(p searchPage, version string) (*skeleton, error) {
	one := func(slot int) []site.Choice {
		return []site.Choice{{Value: marker(slot), Label: marker(slot)}}
	}
	f := &p.Form
	f.Q, f.Lat, f.Lon, f.Age = marker(slotQ), marker(slotLat), marker(slotLon), marker(slotAge)
	f.Programs, f.Languages, f.Topic, f.Radii = one(slotPrograms), one(slotLanguages), one(slotTopics), one(slotRadii)
	f.Online, f.StepFree, f.OpenNow = true, true, true
	f.Filtered, f.FiltersShut, f.FilterCount = true, false, 0
	p.Errors = nil
	p.ResultsHTML = template.HTML(marker(slotResults)) // #nosec G203 -- a constant marker
	chrome := *p.Public
	chrome.Languages = append(chrome.Languages[:0:0], chrome.Languages...)
	for i := range chrome.Languages {
		chrome.Languages[i].Href = marker(slotLangHref + i)
	}
	p.Public = &chrome
	body, err := h.Execute("public_search", p)
	if err != nil {
		return nil, err
	}
	filtersLabel := html.EscapeString(p.T("finder.filters"))
	for _, r := range []struct{ old, new string }{
		{string(site.OptionsHTML(one(slotPrograms))), marker(slotPrograms)},
		{string(site.OptionsHTML(one(slotLanguages))), marker(slotLanguages)},
		{string(site.OptionsHTML(one(slotTopics))), marker(slotTopics)},
		{string(site.OptionsHTML(one(slotRadii))), marker(slotRadii)},
		{`name="online" value="1" checked`, `name="online" value="1"` + marker(slotOnline)},
		{`name="step_free" value="1" checked`, `name="step_free" value="1"` + marker(slotStepFree)},
		{`name="open_now" value="1" checked`, `name="open_now" value="1"` + marker(slotOpenNow)},
		{`<details class="finder-filters" open>`, `<details class="finder-filters"` + marker(slotFiltersOpen) + `>`},
		{"<summary>" + filtersLabel + "</summary>", "<summary>" + marker(slotFiltersLabel) + "</summary>"},
	} {
		if bytes.Count(body, []byte(r.old)) != 1 {
			return nil, fmt.Errorf("public: skeleton: %q is not in the page exactly once", r.old)
		}
		body = bytes.Replace(body, []byte(r.old), []byte(r.new), 1)
	}
	return splitSkeleton(body, version), nil
}

func splitSkeleton(body []byte, version string) *skeleton {
	s := &skeleton{version: version, size: len(body)}
	last := 0
	for _, m := range markerRe.FindAllSubmatchIndex(body, -1) {
		n, _ := strconv.Atoi(string(body[m[2]:m[3]]))
		s.parts = append(s.parts, body[last:m[0]])
		s.slots = append(s.slots, n)
		last = m[1]
	}
	s.parts = append(s.parts, body[last:])
	return s
}

// fill writes the page with values (HTML, already escaped) in the slots.
func (s *skeleton) fill(values map[int]string) []byte {
	n := s.size
	for _, v := range values {
		n += len(v)
	}
	out := make([]byte, 0, n)
	for i, slot := range s.slots {
		out = append(out, s.parts[i]...)
		out = append(out, values[slot]...)
	}
	return append(out, s.parts[len(s.parts)-1]...)
}

// skeletonFor returns the language's skeleton for the registry version,
// building it on first use.
func (h *Handler) skeletonFor(p searchPage, version string) (*skeleton, error) {
	if s, ok := h.skeletons.Load(p.L.Lang); ok && s.(*skeleton).version == version {
		return s.(*skeleton), nil
	}
	s, err := h.buildSkeleton(p, version)
	if err != nil {
		return nil, err
	}
	h.skeletons.Store(p.L.Lang, s)
	return s, nil
}

// skeletonValues are the slot values of page p (form, filters, language
// links) with its results section already rendered.
func skeletonValues(p *searchPage, results template.HTML) map[int]string {
	f := &p.Form
	checked := func(on bool) string {
		if on {
			return " checked"
		}
		return ""
	}
	label := p.T("finder.filters")
	if f.FilterCount > 0 {
		label = p.T("finder.filters_count", "Count", f.FilterCount)
	}
	open := ""
	if f.Filtered && !f.FiltersShut {
		open = " open"
	}
	v := map[int]string{
		slotQ: html.EscapeString(f.Q), slotLat: html.EscapeString(f.Lat), slotLon: html.EscapeString(f.Lon),
		slotAge: html.EscapeString(f.Age), slotPrograms: string(site.OptionsHTML(f.Programs)),
		slotLanguages: string(site.OptionsHTML(f.Languages)), slotTopics: string(site.OptionsHTML(f.Topic)),
		slotRadii: string(site.OptionsHTML(f.Radii)), slotOnline: checked(f.Online), slotStepFree: checked(f.StepFree),
		slotOpenNow: checked(f.OpenNow), slotFiltersOpen: open, slotFiltersLabel: html.EscapeString(label),
		slotResults: string(results),
	}
	for i, l := range p.Public.Languages {
		v[slotLangHref+i] = html.EscapeString(l.Href)
	}
	return v
}
