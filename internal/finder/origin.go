package finder

import (
	"errors"
	"slices"
	"strings"
	"unicode"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
)

// maxSuggestions is how many places an UnknownPlaceError proposes.
const maxSuggestions = 5

// placeCandidates is how many name matches are weighed to pick the origin
// (exact names anywhere beat prefixes in Lower Saxony).
const placeCandidates = 200

// origin resolves where distances are measured from: the browser's
// location, a postcode (any German one, so a Bremen or Hamburg postcode
// still finds the nearest Lower Saxony offices) or a place name.
func (f *Finder) origin(q Query) (Origin, error) {
	if q.Lat != nil && q.Lon != nil {
		o := Origin{Lat: *q.Lat, Lon: *q.Lon, FromDevice: true}
		if _, ok := f.geo.DistrictOf(o.Lat, o.Lon); ok {
			o.StateCode = "NI"
		}
		return o, nil
	}
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return Origin{}, &UnknownPlaceError{}
	}
	if pc, rest, ok := leadingPostcode(text); ok {
		o, err := f.postcodeOrigin(text, pc)
		if err == nil || rest == "" {
			return o, err
		}
		// "00000 Göttingen": fall back to the name.
		o, err = f.placeOrigin(rest)
		var up *UnknownPlaceError
		if errors.As(err, &up) {
			up.Text = text
		}
		return o, err
	}
	if digits := digitsOf(text); digits != "" && !hasLetter(text) {
		return Origin{}, &UnknownPlaceError{Text: text, Malformed: true, Suggestions: f.postcodeHints(digits)}
	}
	return f.placeOrigin(text)
}

// leadingPostcode splits "30159" or "30159 Hannover" into the postcode and
// the rest.
func leadingPostcode(text string) (pc, rest string, ok bool) {
	head, rest, _ := strings.Cut(text, " ")
	if _, err := geo.ParsePostcode(head); err != nil {
		return "", "", false
	}
	return head, strings.TrimSpace(rest), true
}

func (f *Finder) postcodeOrigin(text, pc string) (Origin, error) {
	lat, lon, ags, err := f.geo.Centroid(pc)
	if errors.Is(err, geo.ErrUnknownPostcode) {
		return Origin{}, &UnknownPlaceError{Text: text, Suggestions: f.geo.Suggest(pc, maxSuggestions)}
	}
	if err != nil {
		return Origin{}, &UnknownPlaceError{Text: text, Malformed: true}
	}
	o := Origin{Lat: lat, Lon: lon, Postcode: pc}
	places, _ := f.geo.Lookup(pc)
	for _, p := range places {
		if p.DistrictAGS == ags {
			o.Place, o.StateCode = p.Name, p.StateCode
			break
		}
	}
	return o, nil
}

// postcodeHints proposes postcodes for a malformed one: known postcodes
// that start like the digits typed first, then the numerically nearest.
func (f *Finder) postcodeHints(digits string) []geo.Place {
	prefix := digits[:min(len(digits), 5)]
	padded := (prefix + "00000")[:5] // "301" → "30100"
	if len(prefix) == 4 {
		padded = prefix + "5" // the middle of "3015x"
	}
	var out []geo.Place
	near := f.geo.Suggest(padded, 20)
	if ps, err := f.geo.Lookup(padded); err == nil {
		near = append([]geo.Place{ps[0]}, near...)
	}
	slices.SortStableFunc(near, func(a, b geo.Place) int {
		return boolRank(strings.HasPrefix(b.Postcode, prefix)) - boolRank(strings.HasPrefix(a.Postcode, prefix))
	})
	for _, p := range near {
		if len(out) == maxSuggestions {
			break
		}
		if !slices.ContainsFunc(out, func(o geo.Place) bool { return o.Postcode == p.Postcode }) {
			out = append(out, p)
		}
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// placeOrigin finds a place by name. The origin is the mean position of
// all postcodes of the chosen place in its district, so "Hannover" means
// the city, not its first postcode.
func (f *Finder) placeOrigin(text string) (Origin, error) {
	hits := f.geo.SearchPlaces(text, placeCandidates)
	if len(hits) == 0 {
		return Origin{}, &UnknownPlaceError{Text: text, Suggestions: f.similarPlaces(text)}
	}
	best := hits[0]
	key := foldName(text)
	exact := func(ni bool) int {
		return slices.IndexFunc(hits, func(p geo.Place) bool { return (!ni || p.InLowerSaxony()) && foldName(p.Name) == key })
	}
	if i := exact(true); i >= 0 {
		best = hits[i]
	} else if i := exact(false); i >= 0 {
		best = hits[i]
	}
	o := Origin{Place: best.Name, StateCode: best.StateCode}
	n := 0
	for _, p := range hits {
		if p.Name == best.Name && p.DistrictAGS == best.DistrictAGS {
			o.Lat += p.Lat
			o.Lon += p.Lon
			n++
		}
	}
	o.Lat /= float64(n)
	o.Lon /= float64(n)
	return o, nil
}

// similarPlaces offers "did you mean" for a name nothing starts with: the
// places that share the first four, then three letters.
func (f *Finder) similarPlaces(text string) []geo.Place {
	runes := []rune(foldName(text))
	for _, n := range []int{4, 3} {
		if len(runes) <= n {
			continue
		}
		if hits := f.geo.SearchPlaces(string(runes[:n]), maxSuggestions); len(hits) > 0 {
			return hits
		}
	}
	return nil
}

// foldName is a comparison key for place names: lower case, umlauts as
// "ae"/"oe"/"ue", ß as "ss", punctuation and hyphens as single spaces.
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			space = writeSep(&b, space)
			b.WriteString("ae")
			continue
		case 'ö':
			space = writeSep(&b, space)
			b.WriteString("oe")
			continue
		case 'ü':
			space = writeSep(&b, space)
			b.WriteString("ue")
			continue
		case 'ß':
			space = writeSep(&b, space)
			b.WriteString("ss")
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			continue
		}
		space = writeSep(&b, space)
		b.WriteRune(r)
	}
	return b.String()
}

// writeSep writes the pending separator, if any, and clears it.
func writeSep(b *strings.Builder, pending bool) bool {
	if pending && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return false
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }
