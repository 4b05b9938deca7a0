package finder

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Bounds of the numeric and id parameters.
const (
	MaxAge      = 120
	MaxChoiceID = 40
	// maxNumberLen caps numeric parameters before parsing: a valid value is
	// never longer, and huge inputs should not cost parse time.
	maxNumberLen = 32
)

// ParseQuery reads the finder's URL parameters (q, lat, lon, program,
// lang_spoken, topic, age, online, step_free, open_now, radius, page).
// Problems come back with the parameter name as field and a "finder.*"
// key; the handler answers them with 400. Unknown but well-formed
// program or topic ids are accepted (they simply match nothing).
// ParseQuery never panics, whatever the input.
func ParseQuery(v url.Values) (Query, valid.Errors) {
	var e valid.Errors
	q := Query{RadiusKm: DefaultRadiusKm, Page: 1}
	q.Text = parseText(&e, v.Get("q"))
	q.Lat, q.Lon = parseLocation(&e, v.Get("lat"), v.Get("lon"))
	q.Program = parseChoice(&e, "program", v.Get("program"))
	q.Topic = parseChoice(&e, "topic", v.Get("topic"))
	q.Language = parseLanguage(&e, v.Get("lang_spoken"))
	if s := strings.TrimSpace(v.Get("age")); s != "" {
		if n, ok := parseInt(s, 0, MaxAge); ok {
			q.Age = &n
		} else {
			e.Add("age", "finder.age", "Max", MaxAge)
		}
	}
	q.RadiusKm = parseBounded(&e, "radius", v.Get("radius"), DefaultRadiusKm, MaxRadiusKm)
	q.Page = parseBounded(&e, "page", v.Get("page"), 1, MaxPage)
	q.Online = parseFlag(&e, "online", v.Get("online"))
	q.StepFree = parseFlag(&e, "step_free", v.Get("step_free"))
	q.OpenNow = parseFlag(&e, "open_now", v.Get("open_now"))
	return q, e
}

// parseText cleans the free text: invalid UTF-8 and control characters
// become spaces, runs of space collapse.
func parseText(e *valid.Errors, s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxTextLen {
		e.Add("q", "finder.too_long", "Max", MaxTextLen)
		return ""
	}
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// parseLocation reads the browser's position; both or neither must be given.
func parseLocation(e *valid.Errors, latS, lonS string) (*float64, *float64) {
	latS, lonS = strings.TrimSpace(latS), strings.TrimSpace(lonS)
	if latS == "" && lonS == "" {
		return nil, nil
	}
	lat, okLat := parseCoord(latS, 90)
	lon, okLon := parseCoord(lonS, 180)
	if !okLat || !okLon {
		e.Add("lat", "finder.location")
		return nil, nil
	}
	return &lat, &lon
}

func parseCoord(s string, limit float64) (float64, bool) {
	if s == "" || len(s) > maxNumberLen {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -limit || f > limit {
		return 0, false
	}
	return f, true
}

// parseChoice accepts a program or topic id: lower-case letters, digits,
// "_" and "-", at most MaxChoiceID characters.
func parseChoice(e *valid.Errors, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if s = strings.ToLower(s); len(s) > MaxChoiceID || strings.IndexFunc(s, notIDRune) >= 0 {
		e.Add(field, "finder.choice")
		return ""
	}
	return s
}

func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-')
}

// parseLanguage accepts a two- or three-letter ISO 639 code that
// golang.org/x/text knows, as the registry does for office languages.
func parseLanguage(e *valid.Errors, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if s = strings.ToLower(s); len(s) < 2 || len(s) > 3 || strings.IndexFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 || s == "und" {
		e.Add("lang_spoken", "finder.language")
		return ""
	}
	if _, err := language.ParseBase(s); err != nil {
		e.Add("lang_spoken", "finder.language")
		return ""
	}
	return s
}

// parseBounded reads an integer in 1..max (def when empty); a problem
// names max.
func parseBounded(e *valid.Errors, field, s string, def, max int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	n, ok := parseInt(s, 1, max)
	if !ok {
		e.Add(field, "finder."+field, "Max", max)
		return def
	}
	return n
}

func parseInt(s string, lo, hi int) (int, bool) {
	if len(s) > maxNumberLen {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// parseFlag reads a checkbox: "1", "on", "true" (and "yes") are set;
// empty, "0", "off", "false" and "no" are not; anything else is refused.
func parseFlag(e *valid.Errors, field, s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "on", "true", "yes":
		return true
	case "", "0", "off", "false", "no":
		return false
	}
	e.Add(field, "finder.flag")
	return false
}

// Values is the canonical form of q: only the parameters ParseQuery knows,
// each in one normal spelling, defaults left out. Two URLs that ask the
// same search have the same Values().Encode() (Encode sorts the keys), so
// it names a results page in caches and in the page's own links; unknown
// parameters are dropped. ParseQuery(q.Values()) gives q back.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Text)
	if q.Lat != nil && q.Lon != nil {
		set("lat", strconv.FormatFloat(*q.Lat, 'f', -1, 64))
		set("lon", strconv.FormatFloat(*q.Lon, 'f', -1, 64))
	}
	set("program", q.Program)
	set("topic", q.Topic)
	set("lang_spoken", q.Language)
	if q.Age != nil {
		set("age", strconv.Itoa(*q.Age))
	}
	if q.RadiusKm != DefaultRadiusKm {
		set("radius", strconv.Itoa(q.RadiusKm))
	}
	if q.Page > 1 {
		set("page", strconv.Itoa(q.Page))
	}
	for k, on := range map[string]bool{"online": q.Online, "step_free": q.StepFree, "open_now": q.OpenNow} {
		if on {
			v.Set(k, "1")
		}
	}
	return v
}
