package geo

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Load parses the embedded reference data and returns a ready Gazetteer.
// It takes a few milliseconds; call it once at start-up and share the
// result. An error means the embedded data is corrupt (a build problem).
func Load() (*Gazetteer, error) {
	return load(postcodesCSV, destatisCSV, niGeoJSON)
}

// load builds a Gazetteer from the three data files (separate from Load so
// tests can feed small fixtures).
func load(postcodes, destatis, geojson string) (*Gazetteer, error) {
	g := &Gazetteer{}
	if err := g.loadDestatis(destatis); err != nil {
		return nil, fmt.Errorf("geo: districts data: %w", err)
	}
	if err := g.loadShapes(geojson); err != nil {
		return nil, fmt.Errorf("geo: boundary data: %w", err)
	}
	if err := g.loadPostcodes(postcodes); err != nil {
		return nil, fmt.Errorf("geo: postcode data: %w", err)
	}
	g.finishDistricts()
	g.search = buildSearchIndex(g)
	return g, nil
}

func (g *Gazetteer) loadDestatis(data string) error {
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = ';'
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	need := []string{"AGS", "type", "name", "area_km2", "population"}
	for _, h := range need {
		if _, ok := col[h]; !ok {
			return fmt.Errorf("missing column %q", h)
		}
	}
	g.byAGS = make(map[string]int, 401)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		line, _ := r.FieldPos(0)
		d := District{
			AGS:  rec[col["AGS"]],
			Kind: rec[col["type"]],
			Name: cleanDestatisName(rec[col["name"]]),
		}
		if !isAGS(d.AGS) {
			return fmt.Errorf("line %d: bad AGS %q", line, d.AGS)
		}
		if d.Population, err = strconv.Atoi(rec[col["population"]]); err != nil {
			return fmt.Errorf("line %d: population: %w", line, err)
		}
		if d.AreaKm2, err = strconv.ParseFloat(rec[col["area_km2"]], 64); err != nil {
			return fmt.Errorf("line %d: area: %w", line, err)
		}
		if _, dup := g.byAGS[d.AGS]; dup {
			return fmt.Errorf("line %d: duplicate AGS %s", line, d.AGS)
		}
		g.byAGS[d.AGS] = len(g.districts)
		g.districts = append(g.districts, d)
	}
	return nil
}

// cleanDestatisName drops the ", Stadt"-style suffix of Destatis names
// ("Kiel, Landeshauptstadt" → "Kiel").
func cleanDestatisName(s string) string {
	if i := strings.Index(s, ", "); i > 0 {
		s = s[:i]
	}
	return s
}

func isAGS(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

type geoFeatureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Properties struct {
			AGS  string `json:"ags"`
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func (g *Gazetteer) loadShapes(data string) error {
	var fc geoFeatureCollection
	if err := json.Unmarshal([]byte(data), &fc); err != nil {
		return err
	}
	g.niAGS = make(map[string]struct{}, len(fc.Features))
	for _, f := range fc.Features {
		p := f.Properties
		di, ok := g.byAGS[p.AGS]
		if !ok || !strings.HasPrefix(p.AGS, "03") {
			return fmt.Errorf("feature %q (%s): not a Lower Saxony district in the Destatis list", p.AGS, p.Name)
		}
		if _, dup := g.niAGS[p.AGS]; dup {
			return fmt.Errorf("duplicate feature %s", p.AGS)
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var pg [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &pg); err != nil {
				return fmt.Errorf("feature %s: %w", p.AGS, err)
			}
			polys = [][][][2]float64{pg}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return fmt.Errorf("feature %s: %w", p.AGS, err)
			}
		default:
			return fmt.Errorf("feature %s: unsupported geometry %q", p.AGS, f.Geometry.Type)
		}
		s, err := newShape(di, polys)
		if err != nil {
			return fmt.Errorf("feature %s: %w", p.AGS, err)
		}
		d := &g.districts[di]
		if p.Name != "" {
			d.Name = p.Name
		}
		if p.Kind != "" {
			d.Kind = p.Kind
		}
		d.Lat, d.Lon = s.centroidLat, s.centroidLon
		g.shapes = append(g.shapes, s)
		g.niAGS[p.AGS] = struct{}{}
	}
	return nil
}

func (g *Gazetteer) loadPostcodes(data string) error {
	want := []string{"postcode", "place", "state_code", "district_ags", "district", "lat", "lon"}
	lines := newLineReader(data, len(want))
	head, err := lines.next()
	if err != nil {
		return err
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if !slices.Equal(head, want) {
		return fmt.Errorf("unexpected header %q", head)
	}

	g.places = make([]Place, 0, strings.Count(data, "\n"))
	g.byPostcode = make(map[string]span, 8500)
	g.next = make([]int32, 0, cap(g.places))
	intern := map[string]string{} // state codes, AGS and district names repeat a lot
	in := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		v := strings.Clone(s)
		intern[v] = v
		return v
	}
	for {
		rec, err := lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		line := lines.line
		pc, err := ParsePostcode(rec[0])
		if err != nil || pc != rec[0] {
			return fmt.Errorf("line %d: bad postcode %q", line, rec[0])
		}
		p := Place{
			Postcode:    pc,
			Name:        rec[1],
			StateCode:   in(rec[2]),
			DistrictAGS: in(rec[3]),
			District:    in(rec[4]),
		}
		if p.Name == "" || !isAGS(p.DistrictAGS) {
			return fmt.Errorf("line %d: bad place or district key", line)
		}
		if p.Lat, err = strconv.ParseFloat(rec[5], 64); err != nil {
			return fmt.Errorf("line %d: lat: %w", line, err)
		}
		if p.Lon, err = strconv.ParseFloat(rec[6], 64); err != nil {
			return fmt.Errorf("line %d: lon: %w", line, err)
		}
		if p.Lat < 47 || p.Lat > 55.5 || p.Lon < 5.5 || p.Lon > 15.5 {
			return fmt.Errorf("line %d: coordinates outside Germany", line)
		}
		if _, ok := g.byAGS[p.DistrictAGS]; !ok {
			return fmt.Errorf("line %d: unknown district %s", line, p.DistrictAGS)
		}
		if p.StateCode == "NI" {
			if _, ok := g.niAGS[p.DistrictAGS]; !ok {
				return fmt.Errorf("line %d: NI place in non-NI district %s", line, p.DistrictAGS)
			}
		}
		if _, ok := g.niAGS[p.DistrictAGS]; ok {
			if p.StateCode != "NI" {
				return fmt.Errorf("line %d: Lower Saxony district %s with state %s", line, p.DistrictAGS, p.StateCode)
			}
			// Consistent, unambiguous labels ("Landkreis Göttingen").
			p.District = in(g.districts[g.byAGS[p.DistrictAGS]].DisplayName())
			g.niPlaces = append(g.niPlaces, len(g.places))
		}
		i := int32(len(g.places))
		if sp, ok := g.byPostcode[p.Postcode]; ok {
			g.next[sp.last] = i
			g.byPostcode[p.Postcode] = span{sp.first, i, sp.count + 1}
		} else {
			g.byPostcode[p.Postcode] = span{i, i, 1}
		}
		g.next = append(g.next, -1)
		g.places = append(g.places, p)
	}
	if len(g.places) == 0 {
		return fmt.Errorf("no rows")
	}

	// Sorted unique postcodes for Suggest.
	g.codes = make([]int, 0, len(g.byPostcode))
	for pc := range g.byPostcode {
		g.codes = append(g.codes, atoi5(pc))
	}
	slices.Sort(g.codes)
	g.codeFirst = make([]int, len(g.codes))
	var buf [5]byte
	for i, n := range g.codes {
		for k := 4; k >= 0; k-- {
			buf[k] = byte('0' + n%10)
			n /= 10
		}
		g.codeFirst[i] = int(g.byPostcode[string(buf[:])].first)
	}
	return nil
}

// finishDistricts fills centroids of districts without a boundary from
// their postcode points and sorts the Lower Saxony list.
func (g *Gazetteer) finishDistricts() {
	type acc struct {
		lat, lon float64
		n        int
	}
	sums := make([]acc, len(g.districts))
	for i := range g.places {
		p := &g.places[i]
		a := &sums[g.byAGS[p.DistrictAGS]]
		a.lat += p.Lat
		a.lon += p.Lon
		a.n++
	}
	for i := range g.districts {
		d := &g.districts[i]
		if _, ni := g.niAGS[d.AGS]; ni {
			g.ni = append(g.ni, i)
			continue
		}
		if a := sums[i]; a.n > 0 {
			d.Lat, d.Lon = a.lat/float64(a.n), a.lon/float64(a.n)
		}
	}
	slices.SortFunc(g.ni, func(a, b int) int {
		da, db := &g.districts[a], &g.districts[b]
		return cmp.Or(
			strings.Compare(foldPlain(da.Name), foldPlain(db.Name)),
			strings.Compare(da.Name, db.Name),
			strings.Compare(db.Kind, da.Kind), // "Landkreis" before "Kreisfreie Stadt"
			strings.Compare(da.AGS, db.AGS),
		)
	})
}

// lineReader splits CSV data into records. Lines without quotes (the vast
// majority) are cut in place without allocating; quoted lines go through
// encoding/csv. Records must not span lines.
type lineReader struct {
	rest   string
	fields int
	rec    []string
	line   int
}

func newLineReader(data string, fields int) *lineReader {
	return &lineReader{rest: data, fields: fields, rec: make([]string, 0, fields)}
}

func (lr *lineReader) next() ([]string, error) {
	for {
		if lr.rest == "" {
			return nil, io.EOF
		}
		var l string
		l, lr.rest, _ = strings.Cut(lr.rest, "\n")
		lr.line++
		l = strings.TrimSuffix(l, "\r")
		if l == "" {
			continue
		}
		lr.rec = lr.rec[:0]
		for {
			var f string
			if strings.HasPrefix(l, `"`) {
				var err error
				if f, l, err = unquote(l); err != nil {
					return nil, fmt.Errorf("line %d: %w", lr.line, err)
				}
				if l != "" && l[0] != ',' {
					return nil, fmt.Errorf("line %d: text after closing quote", lr.line)
				}
				lr.rec = append(lr.rec, f)
				if l == "" {
					break
				}
				l = l[1:]
				continue
			}
			f, more, ok := strings.Cut(l, ",")
			if strings.IndexByte(f, '"') >= 0 {
				return nil, fmt.Errorf("line %d: bare quote in field", lr.line)
			}
			lr.rec = append(lr.rec, f)
			if !ok {
				break
			}
			l = more
		}
		if len(lr.rec) != lr.fields {
			return nil, fmt.Errorf("line %d: %d fields, want %d", lr.line, len(lr.rec), lr.fields)
		}
		return lr.rec, nil
	}
}

// unquote reads a quoted CSV field at the start of l (which begins with a
// quote) and returns its value and the rest of l after the closing quote.
func unquote(l string) (field, rest string, err error) {
	var b strings.Builder
	l = l[1:]
	for {
		i := strings.IndexByte(l, '"')
		if i < 0 {
			return "", "", errors.New("unterminated quoted field")
		}
		if strings.HasPrefix(l[i+1:], `"`) { // escaped quote
			b.WriteString(l[:i+1])
			l = l[i+2:]
			continue
		}
		if b.Len() == 0 {
			return l[:i], l[i+1:], nil
		}
		b.WriteString(l[:i])
		return b.String(), l[i+1:], nil
	}
}
