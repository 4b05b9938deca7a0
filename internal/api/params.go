package api

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// Limits of the query parameters.
const (
	MaxPage        = 100000
	MaxPerPage     = 500
	DefaultPerPage = 50
	MaxSearchLen   = 100 // characters
	MaxProximity   = 300000
	maxIDLen       = 100
)

// Query parameter names. Unknown parameters are ignored (clients add cache
// busters); a known parameter on an endpoint that does not support it is
// refused so a client never silently gets unfiltered results.
const (
	pPage, pPerPage, pSearch, pLang, pFormat               = "page", "per_page", "search", "lang", "format"
	pTerm, pTaxonomy, pOrg, pModified                      = "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"
	pPostcode, pProximity, pLat, pLon, pFull, pFullService = "postcode", "proximity", "lat", "lon", "full", "full_service"
)

var knownParams = []string{pPage, pPerPage, pSearch, pLang, pFormat, pTerm, pTaxonomy, pOrg,
	pModified, pPostcode, pProximity, pLat, pLon, pFull, pFullService}

// params is a validated query.
type params struct {
	page, perPage int
	search        string // lower-cased
	lang          string
	termID        string
	taxonomyID    string
	orgID         string
	modifiedAfter time.Time
	origin        *origin
	proximity     float64 // metres; 0 = no radius
	full          bool
	fullService   bool
}

// origin is the point distances are measured from.
type origin struct{ lat, lon float64 }

// paramError is a refused parameter; it becomes a 400 response.
type paramError struct {
	param, message string
}

func (e *paramError) Error() string { return e.param + ": " + e.message }

func badParam(name, format string, args ...any) *paramError {
	return &paramError{param: name, message: fmt.Sprintf(format, args...)}
}

// parseParams validates q against the parameters an endpoint allows. It
// never panics, whatever the input (see FuzzParams).
func parseParams(q url.Values, allowed []string, g *geo.Gazetteer) (params, *paramError) {
	p := params{page: 1, perPage: DefaultPerPage, lang: "de"}
	for _, name := range knownParams {
		vs, ok := q[name]
		if !ok {
			continue
		}
		if !slices.Contains(allowed, name) {
			return p, badParam(name, "parameter %q is not supported on this endpoint", name)
		}
		if len(vs) != 1 {
			return p, badParam(name, "parameter %q must be given once", name)
		}
		if err := p.set(name, vs[0]); err != nil {
			return p, err
		}
	}
	return p, p.resolveOrigin(q, g)
}

// set validates and stores one parameter value.
func (p *params) set(name, v string) *paramError {
	var err *paramError
	switch name {
	case pPage:
		p.page, err = intParam(name, v, 1, MaxPage)
	case pPerPage:
		p.perPage, err = intParam(name, v, 1, MaxPerPage)
	case pSearch:
		p.search, err = searchParam(v)
	case pLang:
		if !slices.Contains(i18n.Public, v) {
			err = badParam(name, "unknown language %q; supported: %s", excerpt(v), strings.Join(i18n.Public, ", "))
		}
		p.lang = v
	case pFormat:
		if v != "json" {
			err = badParam(name, "format must be json")
		}
	case pTerm:
		p.termID, err = idParam(name, v)
	case pTaxonomy:
		p.taxonomyID, err = idParam(name, v)
	case pOrg:
		p.orgID, err = idParam(name, v)
	case pModified:
		p.modifiedAfter, err = timeParam(name, v)
	case pProximity:
		var m int
		m, err = intParam(name, v, 1, MaxProximity)
		p.proximity = float64(m)
	case pFull:
		p.full, err = boolParam(name, v)
	case pFullService:
		p.fullService, err = boolParam(name, v)
	}
	return err
}

// resolveOrigin checks postcode, lat/lon and proximity together and finds
// the postcode's centroid.
func (p *params) resolveOrigin(q url.Values, g *geo.Gazetteer) *paramError {
	pc, hasPC := q[pPostcode]
	_, hasLat := q[pLat]
	_, hasLon := q[pLon]
	switch {
	case hasPC && (hasLat || hasLon):
		return badParam(pPostcode, "give either postcode or lat and lon, not both")
	case hasLat != hasLon:
		return badParam(pLat, "lat and lon must be given together")
	case hasPC:
		if len(pc) != 1 {
			return badParam(pPostcode, "parameter %q must be given once", pPostcode)
		}
		return p.postcodeOrigin(pc[0], g)
	case hasLat:
		return p.coordinateOrigin(q)
	case p.proximity > 0:
		return badParam(pProximity, "proximity needs a postcode (or lat and lon)")
	}
	return nil
}

func (p *params) postcodeOrigin(v string, g *geo.Gazetteer) *paramError {
	pc, err := geo.ParsePostcode(v)
	if err != nil {
		return badParam(pPostcode, "postcode must be five digits, got %q", excerpt(v))
	}
	if g == nil {
		return badParam(pPostcode, "postcode search is not available")
	}
	lat, lon, _, err := g.Centroid(pc)
	if errors.Is(err, geo.ErrUnknownPostcode) {
		return badParam(pPostcode, "unknown postcode %s", pc)
	} else if err != nil {
		return badParam(pPostcode, "postcode %s cannot be located", pc)
	}
	p.origin = &origin{lat, lon}
	return nil
}

func (p *params) coordinateOrigin(q url.Values) *paramError {
	lat, err := floatParam(pLat, q[pLat], -90, 90)
	if err != nil {
		return err
	}
	lon, err := floatParam(pLon, q[pLon], -180, 180)
	if err != nil {
		return err
	}
	p.origin = &origin{lat, lon}
	return nil
}

func intParam(name, v string, lo, hi int) (int, *paramError) {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, "%s must be a whole number from %d to %d, got %q", name, lo, hi, excerpt(v))
	}
	return n, nil
}

func floatParam(name string, vs []string, lo, hi float64) (float64, *paramError) {
	if len(vs) != 1 {
		return 0, badParam(name, "parameter %q must be given once", name)
	}
	f, err := strconv.ParseFloat(vs[0], 64)
	if err != nil || math.IsNaN(f) || f < lo || f > hi {
		return 0, badParam(name, "%s must be a number from %g to %g, got %q", name, lo, hi, excerpt(vs[0]))
	}
	return f, nil
}

func boolParam(name, v string) (bool, *paramError) {
	switch v {
	case "true", "1":
		return true, nil
	case "false", "0", "":
		return false, nil
	}
	return false, badParam(name, "%s must be true or false, got %q", name, excerpt(v))
}

func searchParam(v string) (string, *paramError) {
	if !utf8.ValidString(v) {
		return "", badParam(pSearch, "search must be valid UTF-8")
	}
	if n := utf8.RuneCountInString(v); n > MaxSearchLen {
		return "", badParam(pSearch, "search must be at most %d characters, got %d", MaxSearchLen, n)
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "", badParam(pSearch, "search must not contain control characters")
	}
	return lower(strings.TrimSpace(v)), nil
}

// idParam accepts the characters of our identifiers (UUIDs and codes).
func idParam(name, v string) (string, *paramError) {
	ok := v != "" && len(v) <= maxIDLen && strings.IndexFunc(v, func(r rune) bool {
		return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'))
	}) < 0
	if !ok {
		return "", badParam(name, "%s must be an identifier of at most %d letters, digits, '-' or '_', got %q", name, maxIDLen, excerpt(v))
	}
	return strings.ToLower(v), nil
}

func timeParam(name, v string) (time.Time, *paramError) {
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badParam(name, "%s must be a date (2006-01-02) or an RFC 3339 time, got %q", name, excerpt(v))
}

// excerpt shortens hostile input before it is echoed in an error message.
func excerpt(s string) string {
	const max = 40
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
