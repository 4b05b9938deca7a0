// Package geo answers reference-data questions about places in Germany with
// a focus on Lower Saxony (Niedersachsen): postcode → places/coordinates/
// district, the 45 Lower Saxony districts with population and area, place
// name search, point-in-district lookups and distances.
//
// All data is embedded in the binary (see data/README.md for sources and
// licences); nothing touches the network. Call [Load] once at start-up and
// pass the returned *[Gazetteer] down to whoever needs it. A Gazetteer is
// immutable after Load and safe for concurrent use; every method that
// returns a slice returns a fresh copy the caller may modify.
//
// Pages that display data from this package must show the matching
// attribution constants ([AttributionPostcodes], [AttributionBoundaries]
// linked to [AttributionBoundariesURL], [AttributionDistricts]).
package geo

import (
	_ "embed"
	"errors"
	"slices"
	"strings"
)

// Attribution strings required by the licences of the embedded data.
const (
	// AttributionPostcodes credits the postcode data (GeoNames, CC BY 4.0).
	AttributionPostcodes = "Postcode data © GeoNames, CC BY 4.0"
	// AttributionPostcodesURL is the home page of the postcode data source.
	AttributionPostcodesURL = "https://www.geonames.org/"
	// AttributionBoundaries is the map credit required by the BKG VG5000
	// licence (dl-de/by-2-0). It must be shown on every map that draws the
	// district boundaries, linked to AttributionBoundariesURL.
	AttributionBoundaries = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
	// AttributionBoundariesURL is the link target of AttributionBoundaries.
	AttributionBoundariesURL = "https://www.bkg.bund.de"
	// AttributionBoundariesLicence names the licence of the boundary data.
	AttributionBoundariesLicence = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
	// AttributionBoundariesLicenceURL links the licence text.
	AttributionBoundariesLicenceURL = "https://www.govdata.de/dl-de/by-2-0"
	// AttributionDistricts credits the district statistics (population,
	// area) from the Federal Statistical Office (CC BY 4.0).
	AttributionDistricts = "© Statistisches Bundesamt (Destatis)"
	// AttributionCCBY40URL links the CC BY 4.0 licence used by the postcode
	// and district statistics data.
	AttributionCCBY40URL = "https://creativecommons.org/licenses/by/4.0/"
)

// Embedded data files. These are the only package-level state.
var (
	//go:embed data/de_postcodes.csv
	postcodesCSV string
	//go:embed data/de_districts_destatis.csv
	destatisCSV string
	//go:embed data/ni_districts.geojson
	niGeoJSON string
)

// Errors returned by the postcode functions. Test with errors.Is.
var (
	// ErrPostcodeFormat means the input is not exactly five ASCII digits
	// (after trimming surrounding white space).
	ErrPostcodeFormat = errors.New("geo: postcode must be exactly 5 digits")
	// ErrUnknownPostcode means the postcode is well-formed but not in the
	// embedded data (for example a PO-box or large-customer postcode, or a
	// number that is not assigned).
	ErrUnknownPostcode = errors.New("geo: unknown postcode")
)

// District kinds as used in the boundary data.
const (
	KindLandkreis       = "Landkreis"
	KindKreisfreieStadt = "Kreisfreie Stadt"
)

// District is a German district (Landkreis, Region or kreisfreie Stadt).
type District struct {
	// AGS is the 5-digit official district key (Amtlicher
	// Gemeindeschlüssel, district level), e.g. "03241". Lower Saxony keys
	// start with "03".
	AGS string
	// Name is the short name, e.g. "Göttingen", "Region Hannover",
	// "Oldenburg (Oldb)". Two Lower Saxony districts share the name
	// "Osnabrück" (city and Landkreis); use DisplayName or Kind to tell
	// them apart.
	Name string
	// Kind is "Landkreis" or "Kreisfreie Stadt" (other values such as
	// "Kreis" or "Stadtkreis" occur outside Lower Saxony).
	Kind string
	// Population on 31.12.2018 (Destatis).
	Population int
	// AreaKm2 is the area in square kilometres (Destatis).
	AreaKm2 float64
	// Lat, Lon is a representative point: for Lower Saxony the area
	// centroid of the boundary polygon, elsewhere the mean of the district's
	// postcode points (zero if the district has none).
	Lat, Lon float64
}

// DisplayName returns an unambiguous label such as "Landkreis Göttingen",
// "Stadt Osnabrück" or "Region Hannover".
func (d District) DisplayName() string {
	switch {
	case d.Kind == KindKreisfreieStadt:
		return "Stadt " + d.Name
	case strings.HasPrefix(d.Name, "Region "):
		return d.Name
	case d.Kind != "":
		return d.Kind + " " + d.Name
	default:
		return d.Name
	}
}

// Place is one row of the postcode data: a named place with a postcode.
type Place struct {
	Postcode string // 5 digits
	Name     string // place name, e.g. "Hannover"
	// StateCode is the two-letter state code: "NI" for Lower Saxony, "HB"
	// Bremen, "HH" Hamburg, …
	StateCode   string
	DistrictAGS string // 5-digit district key
	// District is the district label: for Lower Saxony the DisplayName of
	// the district ("Landkreis Göttingen"), elsewhere the name from the
	// postcode data.
	District string
	Lat, Lon float64 // WGS84, 4 decimals
}

// InLowerSaxony reports whether the place lies in Lower Saxony.
func (p Place) InLowerSaxony() bool { return p.StateCode == "NI" }

// Gazetteer holds the parsed reference data. Create it with Load.
type Gazetteer struct {
	places     []Place         // all rows, file order
	byPostcode map[string]span // postcode → its rows (a chain through next)
	next       []int32         // row → next row with the same postcode, or -1

	codes     []int // sorted unique postcodes as numbers, for Suggest
	codeFirst []int // index into places of the first row of codes[i]

	districts []District      // all Destatis districts, by AGS
	byAGS     map[string]int  // AGS → index into districts
	ni        []int           // indexes of the 45 NI districts, sorted by name
	shapes    []districtShape // NI boundaries
	search    searchIndex     // place name search
	niPlaces  []int           // indexes of NI rows, file order
	niAGS     map[string]struct{}
}

// Districts returns the 45 districts of Lower Saxony (AGS starting "03"),
// sorted by name (German alphabetical order, umlauts as base letters; the
// two "Osnabrück" entries are ordered Landkreis before Kreisfreie Stadt).
// Names and kinds come from the boundary data, population and area from
// Destatis.
func (g *Gazetteer) Districts() []District {
	out := make([]District, len(g.ni))
	for i, di := range g.ni {
		out[i] = g.districts[di]
	}
	return out
}

// District returns the district with the given 5-digit AGS. It knows all
// 401 German districts; only Lower Saxony ones have boundary-based names
// and centroids.
func (g *Gazetteer) District(ags string) (District, bool) {
	i, ok := g.byAGS[ags]
	if !ok {
		return District{}, false
	}
	return g.districts[i], true
}

// IsLowerSaxony reports whether ags is the 5-digit key of one of the 45
// Lower Saxony districts.
func (g *Gazetteer) IsLowerSaxony(ags string) bool {
	_, ok := g.niAGS[ags]
	return ok
}

// ParsePostcode normalises user input to a postcode. It trims surrounding
// white space and accepts exactly five ASCII digits; anything else (letters,
// wrong length, non-ASCII digits such as "３０１５９") yields
// ErrPostcodeFormat. It never panics.
func ParsePostcode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 {
		return "", ErrPostcodeFormat
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", ErrPostcodeFormat
		}
	}
	return s, nil
}

// Lookup returns all places with the given postcode, in file order. One
// postcode may cover several places and even several districts or states.
// The input is normalised with ParsePostcode (so malformed input yields
// ErrPostcodeFormat); a well-formed postcode missing from the data yields
// ErrUnknownPostcode. Works for every German state.
func (g *Gazetteer) Lookup(postcode string) ([]Place, error) {
	sp, err := g.rows(postcode)
	if err != nil {
		return nil, err
	}
	out := make([]Place, 0, sp.count)
	for j := sp.first; j >= 0; j = g.next[j] {
		out = append(out, g.places[j])
	}
	return out, nil
}

// span locates the rows of one postcode: the first row, the last row and
// their number; the rows in between are linked through Gazetteer.next.
type span struct{ first, last, count int32 }

func (g *Gazetteer) rows(postcode string) (span, error) {
	pc, err := ParsePostcode(postcode)
	if err != nil {
		return span{}, err
	}
	sp, ok := g.byPostcode[pc]
	if !ok {
		return span{}, ErrUnknownPostcode
	}
	return sp, nil
}

// Centroid returns the mean position of all places with the postcode and
// the district key (AGS) that the majority of those places belong to; on a
// tie the district that occurs first in the data wins. Errors as for
// Lookup.
func (g *Gazetteer) Centroid(postcode string) (lat, lon float64, ags string, err error) {
	sp, err := g.rows(postcode)
	if err != nil {
		return 0, 0, "", err
	}
	type count struct {
		ags string
		n   int
	}
	var counts []count // tiny: in practice 1–3 districts per postcode
	for j := sp.first; j >= 0; j = g.next[j] {
		p := &g.places[j]
		lat += p.Lat
		lon += p.Lon
		k := slices.IndexFunc(counts, func(c count) bool { return c.ags == p.DistrictAGS })
		if k < 0 {
			counts = append(counts, count{p.DistrictAGS, 1})
		} else {
			counts[k].n++
		}
	}
	best := 0
	for k := 1; k < len(counts); k++ {
		if counts[k].n > counts[best].n { // strict: ties keep the first
			best = k
		}
	}
	n := float64(sp.count)
	return lat / n, lon / n, counts[best].ags, nil
}

// Suggest proposes known postcodes near a (typically unknown but
// well-formed) postcode, for "did you mean" hints: first the numerically
// closest known postcodes in the same 2-digit region (e.g. 30xxx), then,
// if fewer than limit, the numerically closest from any region. Equal
// distances prefer the smaller postcode. One Place (the first row in the
// data) is returned per postcode, and the input postcode itself is never
// included. Malformed input or limit <= 0 yields nil.
func (g *Gazetteer) Suggest(postcode string, limit int) []Place {
	pc, err := ParsePostcode(postcode)
	if err != nil || limit <= 0 || len(g.codes) == 0 {
		return nil
	}
	limit = min(limit, len(g.codes))
	n := atoi5(pc)
	region := n / 1000
	// Contiguous range of codes in the same region.
	rlo, _ := slices.BinarySearch(g.codes, region*1000)
	rhi, _ := slices.BinarySearch(g.codes, region*1000+1000)
	pos, _ := slices.BinarySearch(g.codes, n)

	out := make([]Place, 0, limit)
	// walk merges codes[lo..l] (descending) and codes[r..hi) (ascending)
	// by distance to n until limit is reached.
	walk := func(l, r, lo, hi int) {
		for len(out) < limit {
			if r < hi && g.codes[r] == n { // never suggest the input itself
				r++
				continue
			}
			okL, okR := l >= lo, r < hi
			var k int
			switch {
			case okL && (!okR || n-g.codes[l] <= g.codes[r]-n):
				k = l
				l--
			case okR:
				k = r
				r++
			default:
				return
			}
			out = append(out, g.places[g.codeFirst[k]])
		}
	}
	walk(pos-1, pos, rlo, rhi)        // same 2-digit region
	walk(rlo-1, rhi, 0, len(g.codes)) // everything else
	return out
}

// SearchPlaces finds places whose name starts with query, for "did you
// mean" suggestions. Matching is case-insensitive and umlaut-tolerant
// ("Göttingen", "goettingen" and "Gottingen" all match "Göttingen"; ß =
// ss; hyphens and spaces are equivalent). Results are deduplicated by
// (name, postcode) and ordered: Lower Saxony first, then other states;
// within each group exact name matches first, then alphabetically by name,
// then by postcode. At most limit results are returned; limit <= 0 or an
// empty query yields nil. Only the first 100 characters of query are used.
func (g *Gazetteer) SearchPlaces(query string, limit int) []Place {
	if limit <= 0 {
		return nil
	}
	idx := g.search.find(query, limit, g.places)
	out := make([]Place, len(idx))
	for i, j := range idx {
		out[i] = g.places[j]
	}
	return out
}

// DistrictOf returns the Lower Saxony district whose boundary contains the
// point (WGS84 degrees). It reports false for points outside Lower Saxony
// (including the enclaves of Bremen and Bremerhaven) and for NaN input.
// The boundaries are coarse (1:5,000,000), so points within roughly a
// kilometre of a district border may be attributed to the neighbour.
func (g *Gazetteer) DistrictOf(lat, lon float64) (District, bool) {
	i, ok := g.shapeAt(lat, lon)
	if !ok {
		return District{}, false
	}
	return g.districts[g.shapes[i].district], true
}

// GeoJSON returns the raw embedded Lower Saxony district boundaries
// (FeatureCollection, WGS84, properties ags, name, kind) for the map. The
// returned slice is a copy. A map that shows it must display
// AttributionBoundaries linked to AttributionBoundariesURL.
func (g *Gazetteer) GeoJSON() []byte { return []byte(niGeoJSON) }

// NIPostcodes returns all Lower Saxony rows of the postcode data (one per
// place and postcode, 1,748 rows), in file order.
func (g *Gazetteer) NIPostcodes() []Place {
	out := make([]Place, len(g.niPlaces))
	for i, j := range g.niPlaces {
		out[i] = g.places[j]
	}
	return out
}

// atoi5 converts a validated 5-digit postcode to its number.
func atoi5(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
