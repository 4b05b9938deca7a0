package public

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// searchPage is the finder's search form with its results, or with the
// problems of the query.
type searchPage struct {
	pageBase
	Form searchForm
	// Searched is set once a search ran (results or an empty list).
	Searched bool
	Summary  string
	Notice   string // e.g. the place lies outside Lower Saxony
	Items    []resultView
	// ItemsHTML is Items rendered (see fasthtml.go).
	ItemsHTML template.HTML
	// ResultsHTML, when set, stands for the whole results section (the
	// skeleton's slot, see skeleton.go).
	ResultsHTML template.HTML
	// Empty state: what to try instead.
	EmptyText  string
	EmptyLinks []linkView
	// Unknown place: message and links to searches for suggested places.
	Unknown     string
	Suggestions []linkView
	Pager       publicPager
	OriginLat   string
	OriginLon   string
}

// resultView is one office of the result list: its frame (the same for
// every search, see fasthtml.go) and why it matches this one.
type resultView struct {
	Frame resultFrame
	Why   string
}

// linkView is a labelled link.
type linkView struct{ Href, Label string }

// publicPager links the pages of a result list.
type publicPager struct {
	Page, Pages int
	Prev, Next  string
}

// publicSearch runs a search of the office finder. The query is parsed
// first and then only its canonical form is used (cache key, form, links):
// unknown parameters are ignored and the same search written two ways is
// one cached page.
func (h *Handler) publicSearch(w http.ResponseWriter, r *http.Request) {
	q, problems := finder.ParseQuery(r.URL.Query())
	if len(problems) > 0 {
		b, ok := h.publicBase(w, r, "finder.results_title")
		if !ok {
			return
		}
		p := searchPage{pageBase: b}
		if err := h.fillForm(r, &p.Form, r.URL.Query()); err != nil {
			h.publicServerError(w, r, err)
			return
		}
		p.Errors = problems
		h.Render(w, r, http.StatusBadRequest, "public_search", p)
		return
	}
	v := q.Values()
	canonical := v.Encode()
	now := h.Clock.Now()
	key, version, cacheable := h.searchCacheKey(r, canonical)
	if cacheable {
		if body, hit := h.pages.get(key, now); hit {
			h.WritePage(w, http.StatusOK, body)
			return
		}
	}
	b, ok := h.publicBaseQuery(w, r, "finder.results_title", canonical)
	if !ok {
		return
	}
	p := searchPage{pageBase: b}
	body, until, err := h.renderSearch(r, &p, q, v, now, version)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	if cacheable {
		h.pages.put(key, body, until)
	}
	h.WritePage(w, http.StatusOK, body)
}

// renderSearch runs the search and renders its page, saying until when
// the page stays true (zero: as long as the registry does not change).
// With the registry version of a cacheable page, a page with results (or
// an empty list) fills the language's skeleton.
func (h *Handler) renderSearch(r *http.Request, p *searchPage, q finder.Query, v url.Values, now time.Time, version string) ([]byte, time.Time, error) {
	if err := h.fillForm(r, &p.Form, v); err != nil {
		return nil, time.Time{}, err
	}
	p.Maps = true
	res, err := h.Finder.Search(r.Context(), q)
	var unknown *finder.UnknownPlaceError
	switch {
	case errors.As(err, &unknown):
		p.Maps = false
		p.unknownPlace(unknown, v)
	case err != nil:
		return nil, time.Time{}, err
	default:
		if err := h.fillResults(r, p, q, res, v, now); err != nil {
			return nil, time.Time{}, err
		}
	}
	if version != "" && p.Searched {
		body, err := h.fillSkeleton(p, version)
		return body, res.ValidUntil, err
	}
	body, err := h.Execute("public_search", *p)
	return body, res.ValidUntil, err
}

// fillSkeleton puts the page's values into the skeleton of its shape: a
// list of results, or the empty state, whose section is rendered here.
func (h *Handler) fillSkeleton(p *searchPage, version string) ([]byte, error) {
	withItems := len(p.Items) > 0
	var results template.HTML
	if !withItems {
		var err error
		if results, err = h.ExecutePart("public_search", "public-results", *p); err != nil {
			return nil, err
		}
	}
	sk, err := h.skeletonFor(*p, version, withItems)
	if err != nil {
		return nil, err
	}
	return sk.fill(skeletonValues(p, results)), nil
}

// searchCacheKey names a results page by everything it depends on apart
// from the time: the language (path), the canonical query and the
// registry snapshot (whose version it returns too). Pages seen by
// signed-in staff are not cached; an unknown language is not either (it
// gets its 404 from publicBase).
func (h *Handler) searchCacheKey(r *http.Request, canonical string) (key, version string, ok bool) {
	if site.StateOf(r).Staff() || h.Finder == nil || !isPublicLanguage(publicLang(r)) {
		return "", "", false
	}
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil {
		return "", "", false
	}
	return r.URL.Path + "?" + canonical + "|" + snap.Version, snap.Version, true
}

// unknownPlace explains why the text found no place and links searches
// for the suggested places (keeping the filters).
func (p *searchPage) unknownPlace(e *finder.UnknownPlaceError, v url.Values) {
	switch {
	case strings.TrimSpace(e.Text) == "":
		p.Unknown = p.T("finder.empty_query")
	case e.Malformed:
		p.Unknown = p.T("finder.malformed_postcode", "Text", e.Text)
	default:
		p.Unknown = p.T("finder.unknown_place", "Text", e.Text)
	}
	for _, s := range e.Suggestions {
		q := cloneValues(v)
		q.Del("page")
		q.Del("lat")
		q.Del("lon")
		label := strings.TrimSpace(s.Postcode + " " + s.Name)
		q.Set("q", label)
		if s.Postcode != "" {
			q.Set("q", s.Postcode)
		}
		p.Suggestions = append(p.Suggestions, linkView{Href: p.Form.Action + "?" + q.Encode(), Label: label})
	}
}

// fillResults prepares the result list, summary, empty state and pager.
func (h *Handler) fillResults(r *http.Request, p *searchPage, q finder.Query, res finder.Results, v url.Values, now time.Time) error {
	snap, err := h.Finder.Snapshot(r.Context())
	if err != nil {
		return err
	}
	programs := map[string]network.Program{}
	for _, pr := range snap.Programs {
		programs[pr.ID] = pr
	}
	p.Searched = true
	place := strings.TrimSpace(res.Origin.Postcode + " " + res.Origin.Place)
	if res.Origin.FromDevice || place == "" {
		place = p.T("finder.your_location")
	}
	p.Summary = p.L.N("finder.results_count", res.Total, "Km", q.RadiusKm, "Place", place)
	if res.Origin.StateCode != "" && res.Origin.StateCode != "NI" {
		p.Notice = p.T("finder.outside_state")
	}
	p.OriginLat, p.OriginLon = coord(res.Origin.Lat), coord(res.Origin.Lon)
	rank := h.formChoices(snap, p.L).languageRank
	frames := h.framesFor(p.L.Lang, snap.Version, len(snap.Offices))
	reasons := reasonMemo{}
	for _, it := range res.Items {
		p.Items = append(p.Items, resultOf(p.Base, frames, reasons, programs, rank, it, now))
	}
	p.Form.FiltersShut = len(p.Items) > 0
	p.ItemsHTML = resultsHTML(p.Items)
	if res.Total == 0 {
		p.emptyState(q, v)
	}
	p.Pager = publicPager{Page: res.Page, Pages: res.Pages}
	if res.Page > 1 {
		p.Pager.Prev = pageHref(p.Form.Action, v, res.Page-1)
	}
	if res.Page < res.Pages {
		p.Pager.Next = pageHref(p.Form.Action, v, res.Page+1)
	}
	return nil
}

func resultOf(b site.Base, frames *frameSet, reasons reasonMemo, programs map[string]network.Program, langRank map[string]int, it finder.Result, now time.Time) resultView {
	why := make([]string, 0, len(it.Reasons))
	for _, reason := range it.Reasons {
		why = append(why, reasons.text(reason, func() string { return reasonText(b, programs, reason, now) }))
	}
	return resultView{Frame: frames.get(it.Ordinal, it.Office.ID, func() resultFrame { return frameOf(b, programs, langRank, it.Office) }),
		Why: strings.Join(why, " · ")}
}

// frameOf builds the frame of an office's result: name, address, programs,
// languages (ordered as the language select), phone.
func frameOf(b site.Base, programs map[string]network.Program, langRank map[string]int, o *network.Office) resultFrame {
	rv := resultFields{Href: "/" + b.L.Lang + "/offices/" + url.PathEscape(o.ID), Name: o.Name,
		Street: o.Street, Postcode: o.Postcode, City: o.City, Phone: o.Phone, Tel: telHref(o.Phone), Lat: coord(o.Lat), Lon: coord(o.Lon)}
	var names []string
	for _, id := range o.Programs {
		if pr, ok := programs[id]; ok {
			names = append(names, pr.Name(b.L.Lang))
		}
	}
	rv.Programs = b.L.List(names)
	if len(o.Languages) > 0 {
		codes := slices.Clone(o.Languages)
		slices.SortFunc(codes, func(x, y string) int { return langRank[x] - langRank[y] })
		langs := make([]string, len(codes))
		for i, code := range codes {
			langs[i] = site.LanguageName(b.L.Lang, code)
		}
		rv.Languages = b.T("finder.result_languages", "List", b.L.List(langs))
	}
	return rv.frame(o.ID)
}

// emptyState suggests a larger radius and, when filters are set, a
// search without them.
func (p *searchPage) emptyState(q finder.Query, v url.Values) {
	p.EmptyText = p.T("finder.empty_text", "Km", q.RadiusKm)
	if q.RadiusKm < finder.MaxRadiusKm {
		larger := finder.MaxRadiusKm
		for _, km := range radiusOptions {
			if km > q.RadiusKm {
				larger = km
				break
			}
		}
		u := cloneValues(v)
		u.Set("radius", strconv.Itoa(larger))
		u.Del("page")
		p.EmptyLinks = append(p.EmptyLinks, linkView{Href: p.Form.Action + "?" + u.Encode(), Label: p.T("finder.empty_radius", "Km", larger)})
	}
	u := url.Values{}
	for _, k := range []string{"q", "lat", "lon", "radius"} {
		if s := v.Get(k); s != "" {
			u.Set(k, s)
		}
	}
	if len(u) < len(v) {
		p.EmptyLinks = append(p.EmptyLinks, linkView{Href: p.Form.Action + "?" + u.Encode(), Label: p.T("finder.empty_filters")})
	}
}

func pageHref(action string, v url.Values, page int) string {
	u := cloneValues(v)
	u.Set("page", strconv.Itoa(page))
	return action + "?" + u.Encode()
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if len(vs) > 0 && vs[0] != "" {
			out.Set(k, vs[0])
		}
	}
	return out
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 5, 64) }

// reasonMemo keeps the reason texts of one results page: the filters'
// reasons are the same for every office, and many offices share an
// opening time, so each text is translated once per page.
type reasonMemo map[string]string

func (m reasonMemo) text(r finder.Reason, translate func() string) string {
	if r.Key == finder.ReasonDistance {
		return translate() // differs per office
	}
	var k strings.Builder
	k.WriteString(r.Key)
	for _, a := range r.Args {
		k.WriteByte(0)
		if t, ok := a.(time.Time); ok {
			k.WriteString(t.Format(time.DateOnly)) // decides "today"/"tomorrow"
			continue
		}
		k.WriteString(i18n.ArgString(a))
	}
	key := k.String()
	if s, ok := m[key]; ok {
		return s
	}
	s := translate()
	m[key] = s
	return s
}

// reasonText translates one "why it matches" part, naming languages,
// programs, topics and days in the viewer's language.
func reasonText(b site.Base, programs map[string]network.Program, r finder.Reason, now time.Time) string {
	lang := b.L.Lang
	key := r.Key
	args := make([]any, len(r.Args))
	copy(args, r.Args)
	for i := 0; i+1 < len(args); i += 2 {
		switch args[i] {
		case "Language":
			args[i+1] = site.LanguageName(lang, i18n.ArgString(args[i+1]))
		case "Program":
			if pr, ok := programs[i18n.ArgString(args[i+1])]; ok {
				args[i+1] = pr.Name(lang)
			}
		case "Topic":
			args[i+1] = b.T("topic." + i18n.ArgString(args[i+1]))
		case "Km":
			args[i+1] = formatKm(lang, args[i+1])
		case "Day":
			if d, err := strconv.Atoi(i18n.ArgString(args[i+1])); err == nil && d >= 0 && d < len(site.DayKeys) {
				args[i+1] = b.T(site.DayKeys[d])
			}
		case "Date":
			// Only chooses the message ("heute", "morgen"); no message
			// shows it, so it is not formatted.
			if next, ok := args[i+1].(time.Time); ok && key == finder.ReasonOpens {
				key = site.OpensKey(key, now, next)
			}
			args[i+1] = ""
		}
	}
	return b.T(key, args...)
}

// formatKm writes a distance with one decimal, with a decimal comma in the
// languages that use one.
func formatKm(lang string, v any) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case string:
		// finder.FormatKm's text: only the decimal separator changes.
		if decimalComma(lang) {
			return strings.Replace(x, ".", ",", 1)
		}
		return x
	default:
		parsed, err := strconv.ParseFloat(strings.ReplaceAll(fmt.Sprint(v), ",", "."), 64)
		if err != nil {
			return fmt.Sprint(v)
		}
		f = parsed
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if decimalComma(lang) {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// decimalComma says whether lang writes "3,2 km".
func decimalComma(lang string) bool {
	switch lang {
	case "de", "ru", "uk", "tr":
		return true
	}
	return false
}
