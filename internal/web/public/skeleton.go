package public

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// A results page is mostly the same for every search in one language: the
// head, the language switch, the form with its select options, the
// results section's frame, the footer. Executing all of it with
// html/template cost about half the time of a rendered search, so
// anonymous searches (the cacheable ones) fill a skeleton instead: the
// page executed once per language, registry snapshot and shape (with
// results, or the empty state) with markers where the values go, split at
// the markers. The empty state's section is still executed by
// html/template ("public-results"). TestPublicSearchSkeletonMatchesTemplate
// compares both ways for many searches.

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
	slotResults // the whole results section (empty state)
	slotSummary
	slotNotice
	slotItems
	slotOriginLat
	slotOriginLon
	slotPager
	slotLangHref // one per public language, from here on
)

func marker(slot int) string { return "kmnslot" + strconv.Itoa(slot) + "x" }

var (
	markerRe = regexp.MustCompile(`kmnslot(\d+)x`)
	pagerRe  = regexp.MustCompile(`(?s)<nav class="pager".*?</nav>`)
)

// skeleton is a page split at its slots: parts[i] comes before slots[i],
// the last part after the last slot.
type skeleton struct {
	version   string
	withItems bool
	parts     [][]byte
	slots     []int
	size      int
}

// buildSkeleton executes the search page with markers in every slot.
func (h *Handler) buildSkeleton(p searchPage, version string, withItems bool) (*skeleton, error) {
	one := func(slot int) []site.Choice {
		return []site.Choice{{Value: marker(slot), Label: marker(slot)}}
	}
	f := &p.Form
	f.Q, f.Lat, f.Lon, f.Age = marker(slotQ), marker(slotLat), marker(slotLon), marker(slotAge)
	f.Programs, f.Languages, f.Topic, f.Radii = one(slotPrograms), one(slotLanguages), one(slotTopics), one(slotRadii)
	f.Online, f.StepFree, f.OpenNow = true, true, true
	f.Filtered, f.FiltersShut, f.FilterCount = true, false, 0
	p.Errors = nil
	if withItems {
		p.ResultsHTML, p.Searched = "", true
		p.Items = []resultView{{}}
		p.ItemsHTML = template.HTML(marker(slotItems)) // #nosec G203 -- a constant marker
		p.Summary, p.Notice = marker(slotSummary), marker(slotNotice)
		p.OriginLat, p.OriginLon = marker(slotOriginLat), marker(slotOriginLon)
		p.Pager = publicPager{Page: 1, Pages: 2, Prev: "p", Next: "n"}
	} else {
		p.ResultsHTML = template.HTML(marker(slotResults)) // #nosec G203 -- a constant marker
	}
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
	if bytes.Contains(body, []byte("csrf_token")) {
		// A token is per visitor: one baked into the shared skeleton
		// would be handed to everybody.
		return nil, fmt.Errorf("public: skeleton: the results page must hold no CSRF token")
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
	if withItems {
		notice := `<p class="notice">` + marker(slotNotice) + "</p>"
		if bytes.Count(body, []byte(notice)) != 1 || len(pagerRe.FindAllIndex(body, -1)) != 1 {
			return nil, fmt.Errorf("public: skeleton: notice or pager not found once")
		}
		body = bytes.Replace(body, []byte(notice), []byte(marker(slotNotice)), 1)
		body = pagerRe.ReplaceAllLiteral(body, []byte(marker(slotPager)))
	}
	return splitSkeleton(body, version, withItems), nil
}

func splitSkeleton(body []byte, version string, withItems bool) *skeleton {
	s := &skeleton{version: version, withItems: withItems, size: len(body)}
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

// skeletonFor returns the language's skeleton of the shape for the
// registry version, building it on first use.
func (h *Handler) skeletonFor(p searchPage, version string, withItems bool) (*skeleton, error) {
	key := p.L.Lang
	if withItems {
		key += "+items"
	}
	if s, ok := h.skeletons.Load(key); ok && s.(*skeleton).version == version {
		return s.(*skeleton), nil
	}
	s, err := h.buildSkeleton(p, version, withItems)
	if err != nil {
		return nil, err
	}
	h.skeletons.Store(key, s)
	return s, nil
}

// skeletonValues are the slot values of page p (form, filters, language
// links, results); results is the rendered section of the empty state.
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
		slotAge: html.EscapeString(f.Age), slotPrograms: selectedHTML(f.choices.programsHTML, f.program),
		slotLanguages: selectedHTML(f.choices.languagesHTML, f.spoken), slotTopics: selectedHTML(f.choices.topicsHTML, f.topic),
		slotRadii: string(site.OptionsHTML(f.Radii)), slotOnline: checked(f.Online), slotStepFree: checked(f.StepFree),
		slotOpenNow: checked(f.OpenNow), slotFiltersOpen: open, slotFiltersLabel: html.EscapeString(label),
		slotResults: string(results),
	}
	for i, l := range p.Public.Languages {
		v[slotLangHref+i] = html.EscapeString(l.Href)
	}
	if len(p.Items) > 0 {
		v[slotSummary], v[slotItems] = html.EscapeString(p.Summary), string(p.ItemsHTML)
		v[slotOriginLat], v[slotOriginLon] = html.EscapeString(p.OriginLat), html.EscapeString(p.OriginLon)
		if p.Notice != "" {
			v[slotNotice] = `<p class="notice">` + html.EscapeString(p.Notice) + "</p>"
		}
		v[slotPager] = pagerHTML(p)
	}
	return v
}

// pagerHTML writes the pager as the template "public-results" does.
func pagerHTML(p *searchPage) string {
	pg := p.Pager
	if pg.Pages <= 1 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<nav class="pager" aria-label="` + html.EscapeString(p.T("finder.pager_label")) + "\">\n    ")
	if pg.Prev != "" {
		b.WriteString(`<a href="` + html.EscapeString(pg.Prev) + `" rel="prev">` + html.EscapeString(p.T("finder.pager_prev")) + "</a>")
	}
	b.WriteString("\n    <span>" + html.EscapeString(p.T("finder.pager_status", "Page", pg.Page, "Pages", pg.Pages)) + "</span>\n    ")
	if pg.Next != "" {
		b.WriteString(`<a href="` + html.EscapeString(pg.Next) + `" rel="next">` + html.EscapeString(p.T("finder.pager_next")) + "</a>")
	}
	b.WriteString("\n  </nav>")
	return b.String()
}
