package geo

import (
	_ "embed"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

//go:embed data/README.md
var readme string

var testGaz = sync.OnceValues(Load)

func gaz(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := testGaz()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return g
}

func TestLoadTime(t *testing.T) {
	start := time.Now()
	g, err := Load()
	d := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load took %v (%d places, %d districts)", d, len(g.places), len(g.districts))
	if len(g.places) != 16477 {
		t.Errorf("places = %d, want 16477", len(g.places))
	}
	if d > 500*time.Millisecond { // generous for slow CI; typically a few ms
		t.Errorf("Load took %v", d)
	}
}

func TestDistricts(t *testing.T) {
	g := gaz(t)
	ds := g.Districts()
	if len(ds) != 45 {
		t.Fatalf("got %d districts, want 45", len(ds))
	}
	seen := map[string]bool{}
	for i, d := range ds {
		if !strings.HasPrefix(d.AGS, "03") || len(d.AGS) != 5 {
			t.Errorf("bad AGS %q", d.AGS)
		}
		if seen[d.AGS] {
			t.Errorf("duplicate %s", d.AGS)
		}
		seen[d.AGS] = true
		if d.Population <= 0 || d.AreaKm2 <= 0 {
			t.Errorf("%s %s: population %d area %v", d.AGS, d.Name, d.Population, d.AreaKm2)
		}
		if d.Kind != KindLandkreis && d.Kind != KindKreisfreieStadt {
			t.Errorf("%s: kind %q", d.AGS, d.Kind)
		}
		if strings.Contains(d.Name, ", ") {
			t.Errorf("%s: name with suffix %q", d.AGS, d.Name)
		}
		if d.Lat < 51.2 || d.Lat > 54 || d.Lon < 6.5 || d.Lon > 11.7 {
			t.Errorf("%s: centroid %v,%v outside Lower Saxony", d.AGS, d.Lat, d.Lon)
		}
		if !g.IsLowerSaxony(d.AGS) {
			t.Errorf("IsLowerSaxony(%s) = false", d.AGS)
		}
		if i > 0 && foldPlain(ds[i-1].Name) > foldPlain(d.Name) {
			t.Errorf("not sorted: %q before %q", ds[i-1].Name, d.Name)
		}
	}
	// Mutating the result must not affect the gazetteer.
	ds[0].Name = "x"
	if g.Districts()[0].Name == "x" {
		t.Error("Districts returns shared slice")
	}

	tests := []struct {
		ags, name, kind, display string
		pop                      int
	}{
		{"03241", "Region Hannover", KindLandkreis, "Region Hannover", 1157624},
		{"03159", "Göttingen", KindLandkreis, "Landkreis Göttingen", 328074},
		{"03101", "Braunschweig", KindKreisfreieStadt, "Stadt Braunschweig", 248292},
		{"03403", "Oldenburg (Oldb)", KindKreisfreieStadt, "Stadt Oldenburg (Oldb)", 168210},
		{"03404", "Osnabrück", KindKreisfreieStadt, "Stadt Osnabrück", 164748},
		{"03459", "Osnabrück", KindLandkreis, "Landkreis Osnabrück", 357343},
	}
	for _, tt := range tests {
		t.Run(tt.ags, func(t *testing.T) {
			d, ok := g.District(tt.ags)
			if !ok {
				t.Fatal("not found")
			}
			if d.Name != tt.name || d.Kind != tt.kind || d.DisplayName() != tt.display || d.Population != tt.pop {
				t.Errorf("got %+v (%q)", d, d.DisplayName())
			}
		})
	}
}

func TestDistrictOutsideNI(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		ags  string
		ok   bool
		ni   bool
		name string
	}{
		{"04011", true, false, "Bremen"},
		{"02000", true, false, "Hamburg"},
		{"01002", true, false, "Kiel"},
		{"03000", false, false, ""},
		{"", false, false, ""},
		{"0324", false, false, ""},
		{"032411", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.ags, func(t *testing.T) {
			d, ok := g.District(tt.ags)
			if ok != tt.ok || d.Name != tt.name {
				t.Errorf("District(%q) = %+v, %v", tt.ags, d, ok)
			}
			if got := g.IsLowerSaxony(tt.ags); got != tt.ni {
				t.Errorf("IsLowerSaxony(%q) = %v", tt.ags, got)
			}
			if ok && (d.Lat == 0 || d.Lon == 0) {
				t.Errorf("no centroid for %s", tt.ags)
			}
		})
	}
}

func TestParsePostcode(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"30159", "30159", nil},
		{" 30159\t", "30159", nil},
		{"00000", "00000", nil},
		{"12a45", "", ErrPostcodeFormat},
		{"1234", "", ErrPostcodeFormat},
		{"", "", ErrPostcodeFormat},
		{"   ", "", ErrPostcodeFormat},
		{"123456", "", ErrPostcodeFormat},
		{"３０１５９", "", ErrPostcodeFormat},
		{"30 159", "", ErrPostcodeFormat},
		{"D-30159", "", ErrPostcodeFormat},
		{"-3015", "", ErrPostcodeFormat},
		{"\xff\xfe301", "", ErrPostcodeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePostcode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ParsePostcode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		in        string
		err       error
		state     string
		ags       string
		name      string
		minPlaces int
	}{
		{"30159", nil, "NI", "03241", "Hannover", 1},
		{" 30159 ", nil, "NI", "03241", "Hannover", 1},
		{"28195", nil, "HB", "04011", "Bremen", 1},
		{"20095", nil, "HH", "02000", "Hamburg Altstadt", 1},
		{"37073", nil, "NI", "03159", "Göttingen", 1},
		{"80331", nil, "BY", "09162", "München", 1},
		{"00000", ErrUnknownPostcode, "", "", "", 0},
		{"99999", ErrUnknownPostcode, "", "", "", 0},
		{"12a45", ErrPostcodeFormat, "", "", "", 0},
		{"1234", ErrPostcodeFormat, "", "", "", 0},
		{"", ErrPostcodeFormat, "", "", "", 0},
		{"123456", ErrPostcodeFormat, "", "", "", 0},
		{"３０１５９", ErrPostcodeFormat, "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ps, err := g.Lookup(tt.in)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if len(ps) < tt.minPlaces {
				t.Fatalf("got %d places", len(ps))
			}
			if tt.err != nil {
				return
			}
			p := ps[0]
			if p.StateCode != tt.state || p.DistrictAGS != tt.ags || p.Name != tt.name {
				t.Errorf("got %+v", p)
			}
			if p.InLowerSaxony() != (tt.state == "NI") {
				t.Errorf("InLowerSaxony = %v", p.InLowerSaxony())
			}
		})
	}

	t.Run("multi-district", func(t *testing.T) {
		// 19273 (Amt Neuhaus area) spans Mecklenburg-Vorpommern and
		// Lower Saxony.
		ps, err := g.Lookup("19273")
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]bool{}
		for _, p := range ps {
			states[p.StateCode] = true
		}
		if !states["NI"] || !states["MV"] {
			t.Errorf("states %v", states)
		}
	})
	t.Run("NI district labels", func(t *testing.T) {
		ps, _ := g.Lookup("37073")
		if ps[0].District != "Landkreis Göttingen" {
			t.Errorf("District = %q", ps[0].District)
		}
	})
}

func TestCentroid(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		pc      string
		wantAGS string
	}{
		{"30159", "03241"},
		{"23847", "01053"}, // 11 of 16 points in Herzogtum Lauenburg (01053), 5 in Stormarn
		{"24113", "01002"}, // tie 1:1 → first (Kiel)
		{"19273", "13076"}, // 3 MV points vs 1 NI point
		{"21039", "01053"}, // 6 Lauenburg vs 1 Hamburg (first)
	}
	for _, tt := range tests {
		t.Run(tt.pc, func(t *testing.T) {
			lat, lon, ags, err := g.Centroid(tt.pc)
			if err != nil {
				t.Fatal(err)
			}
			if ags != tt.wantAGS {
				t.Errorf("ags = %s, want %s", ags, tt.wantAGS)
			}
			ps, _ := g.Lookup(tt.pc)
			var sl, so float64
			for _, p := range ps {
				sl += p.Lat
				so += p.Lon
			}
			n := float64(len(ps))
			if math.Abs(lat-sl/n) > 1e-9 || math.Abs(lon-so/n) > 1e-9 {
				t.Errorf("centroid %v,%v, want %v,%v", lat, lon, sl/n, so/n)
			}
		})
	}
	for _, in := range []string{"00000", "abc"} {
		if _, _, _, err := g.Centroid(in); err == nil {
			t.Errorf("Centroid(%q) without error", in)
		}
	}
}

// TestCentroidFixture checks the majority and tie rule on hand-made data.
func TestCentroidFixture(t *testing.T) {
	g, err := load(fixturePostcodes, fixtureDestatis, fixtureGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pc, ags  string
		lat, lon float64
	}{
		{"11111", "03101", 52.2, 10.5}, // 2×03101, 1×03102, in that order
		{"22222", "03102", 52, 10},     // 2×03102 after 1×03101
		{"33333", "03102", 51, 11},     // tie, 03102 first
	}
	for _, tt := range tests {
		t.Run(tt.pc, func(t *testing.T) {
			lat, lon, ags, err := g.Centroid(tt.pc)
			if err != nil {
				t.Fatal(err)
			}
			if ags != tt.ags || math.Abs(lat-tt.lat) > 1e-9 || math.Abs(lon-tt.lon) > 1e-9 {
				t.Errorf("got %v,%v %s; want %v,%v %s", lat, lon, ags, tt.lat, tt.lon, tt.ags)
			}
		})
	}
}

const fixtureDestatis = `AGS;type;name;NUTS3;area_km2;population;population_male;population_female;population_per_km2
03101;Kreisfreie Stadt;Braunschweig, Stadt;DE911;192.70;248292;1;1;1
03102;Kreisfreie Stadt;Salzgitter, Stadt;DE912;224.49;104948;1;1;1
`

const fixturePostcodes = `postcode,place,state_code,district_ags,district,lat,lon
11111,A,NI,03101,x,52.0,10.0
11111,B,NI,03102,x,52.3,10.5
11111,C,NI,03101,x,52.3,11.0
22222,D,NI,03101,x,52.0,10.0
22222,E,NI,03102,x,52.0,10.0
22222,F,NI,03102,x,52.0,10.0
33333,G,NI,03102,x,51.0,11.0
33333,H,NI,03101,x,51.0,11.0
`

const fixtureGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ags":"03101","name":"Braunschweig","kind":"Kreisfreie Stadt"},"geometry":{"type":"Polygon","coordinates":[[[10,52],[11,52],[11,53],[10,53],[10,52]],[[10.4,52.4],[10.6,52.4],[10.6,52.6],[10.4,52.6],[10.4,52.4]]]}},
{"type":"Feature","properties":{"ags":"03102","name":"Salzgitter","kind":"Kreisfreie Stadt"},"geometry":{"type":"MultiPolygon","coordinates":[[[[12,52],[13,52],[13,53],[12,53],[12,52]]],[[[14,52],[15,52],[15,53],[14,53],[14,52]]]]}}
]}`

func TestDistrictOfFixture(t *testing.T) {
	g, err := load(fixturePostcodes, fixtureDestatis, fixtureGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		lat, lon float64
		ags      string
	}{
		{"polygon", 52.2, 10.2, "03101"},
		{"hole", 52.5, 10.5, ""},
		{"multi first", 52.5, 12.5, "03102"},
		{"multi second", 52.5, 14.5, "03102"},
		{"between parts", 52.5, 13.5, ""},
		{"NaN", math.NaN(), 10.5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := g.DistrictOf(tt.lat, tt.lon)
			if ok != (tt.ags != "") || d.AGS != tt.ags {
				t.Errorf("got %q %v, want %q", d.AGS, ok, tt.ags)
			}
		})
	}
	if d, _ := g.District("03101"); math.Abs(d.Lat-52.5) > 1e-9 || math.Abs(d.Lon-10.5) > 1e-9 {
		t.Errorf("polygon centroid with hole = %v,%v", d.Lat, d.Lon)
	}
	if d, _ := g.District("03102"); math.Abs(d.Lat-52.5) > 1e-9 || math.Abs(d.Lon-13.5) > 1e-9 {
		t.Errorf("multipolygon centroid = %v,%v", d.Lat, d.Lon)
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	tests := []struct {
		name, pcs, destatis, gj string
	}{
		{"bad postcode", strings.Replace(fixturePostcodes, "11111,A", "1111,A", 1), fixtureDestatis, fixtureGeoJSON},
		{"bad lat", strings.Replace(fixturePostcodes, "52.0,10.0", "x,10.0", 1), fixtureDestatis, fixtureGeoJSON},
		{"unknown district", strings.Replace(fixturePostcodes, "03101", "03999", 1), fixtureDestatis, fixtureGeoJSON},
		{"bad header", "a,b\n", fixtureDestatis, fixtureGeoJSON},
		{"bad json", fixturePostcodes, fixtureDestatis, "{"},
		{"bad geometry", fixturePostcodes, fixtureDestatis, strings.Replace(fixtureGeoJSON, `"MultiPolygon"`, `"Point"`, 1)},
		{"bad population", fixturePostcodes, strings.Replace(fixtureDestatis, "248292", "many", 1), fixtureGeoJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := load(tt.pcs, tt.destatis, tt.gj); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestSearchPlaces(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		query string
		want  string // name expected among results
		first string // expected name of the first result ("" = don't care)
	}{
		{"Göttingen", "Göttingen", "Göttingen"},
		{"Goettingen", "Göttingen", "Göttingen"},
		{"goettingen", "Göttingen", "Göttingen"},
		{"GÖTTINGEN", "Göttingen", "Göttingen"},
		{"Gottingen", "Göttingen", "Göttingen"},
		{"Go\u0308ttingen", "Göttingen", "Göttingen"}, // decomposed ö (macOS input)
		{"Götting", "Göttingen", ""},
		{"hannover", "Hannover", "Hannover"},
		{"Lüneb", "Lüneburg", "Lüneburg"},
		{"Lueneburg", "Lüneburg", "Lüneburg"},
		{"Bremen", "Bremen", ""},
		{"Muenchen", "München", "München"},
		{"Strasse", "", ""},
		{"Weißenburg", "Weißenburg in Bayern", ""},
		{"weissenburg", "Weißenburg in Bayern", ""},
		{"oldenburg oldb", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ps := g.SearchPlaces(tt.query, 20)
			if len(ps) > 20 {
				t.Fatalf("%d results > limit", len(ps))
			}
			if tt.first != "" && (len(ps) == 0 || ps[0].Name != tt.first) {
				t.Errorf("first = %v", ps)
			}
			if tt.want == "" {
				return
			}
			found := false
			for _, p := range ps {
				found = found || p.Name == tt.want
			}
			if !found {
				t.Errorf("%q not in %v", tt.want, ps)
			}
		})
	}

	t.Run("NI first and dedup", func(t *testing.T) {
		ps := g.SearchPlaces("B", 5000)
		seenOther := false
		seen := map[[2]string]bool{}
		for _, p := range ps {
			if p.StateCode != "NI" {
				seenOther = true
			} else if seenOther {
				t.Fatalf("NI place %v after non-NI", p)
			}
			k := [2]string{p.Name, p.Postcode}
			if seen[k] {
				t.Fatalf("duplicate %v", k)
			}
			seen[k] = true
		}
		if !seenOther {
			t.Error("expected non-NI results too")
		}
	})
	t.Run("Bremen NI first", func(t *testing.T) {
		// "Bremen" is in HB, "Bremervörde" in NI: NI comes first.
		ps := g.SearchPlaces("Breme", 3)
		if len(ps) == 0 || ps[0].StateCode != "NI" {
			t.Errorf("got %v", ps)
		}
	})
	for _, q := range []string{"", "   ", "---", "xyzzy", strings.Repeat("a", 10000)} {
		if ps := g.SearchPlaces(q, 10); len(ps) != 0 {
			t.Errorf("SearchPlaces(%.20q) = %d results", q, len(ps))
		}
	}
	if ps := g.SearchPlaces("Hannover", 0); ps != nil {
		t.Error("limit 0 should give nil")
	}
}

func TestSuggest(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		in    string
		limit int
		check func(t *testing.T, ps []Place)
	}{
		{"30160", 3, func(t *testing.T, ps []Place) {
			if len(ps) != 3 {
				t.Fatalf("got %d", len(ps))
			}
			// 30159 and 30161 are both at distance 1; the smaller wins.
			if ps[0].Postcode != "30159" || ps[1].Postcode != "30161" {
				t.Errorf("got %v", ps)
			}
		}},
		{"00000", 2, func(t *testing.T, ps []Place) {
			// No 00xxx region: nearest anywhere (01xxx).
			if len(ps) != 2 || !strings.HasPrefix(ps[0].Postcode, "01") {
				t.Errorf("got %v", ps)
			}
		}},
		{"30159", 5, func(t *testing.T, ps []Place) {
			for _, p := range ps {
				if p.Postcode == "30159" {
					t.Error("input suggested")
				}
			}
			if len(ps) != 5 {
				t.Errorf("got %d", len(ps))
			}
		}},
		{"abc", 5, func(t *testing.T, ps []Place) {
			if ps != nil {
				t.Errorf("got %v", ps)
			}
		}},
		{"30160", 0, func(t *testing.T, ps []Place) {
			if ps != nil {
				t.Errorf("got %v", ps)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { tt.check(t, g.Suggest(tt.in, tt.limit)) })
	}

	t.Run("region first", func(t *testing.T) {
		// Every suggestion for a 30xxx code must be 30xxx as long as the
		// region has enough codes, and unique.
		ps := g.Suggest("30999", 10)
		seen := map[string]bool{}
		for _, p := range ps {
			if !strings.HasPrefix(p.Postcode, "30") || seen[p.Postcode] {
				t.Errorf("got %v", ps)
			}
			seen[p.Postcode] = true
		}
	})
	t.Run("spill over", func(t *testing.T) {
		all := g.Suggest("30000", 100000)
		if len(all) != len(g.codes) {
			t.Errorf("got %d of %d", len(all), len(g.codes))
		}
		// Region 30 first, then by distance.
		inRegion := true
		for _, p := range all {
			if !strings.HasPrefix(p.Postcode, "30") {
				inRegion = false
			} else if !inRegion {
				t.Fatalf("region code %s after others", p.Postcode)
			}
		}
	})
}

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		lo, hi                 float64
	}{
		{"Hannover–Braunschweig", 52.3744, 9.7386, 52.2689, 10.5268, 52, 62},
		{"same point", 52.37, 9.73, 52.37, 9.73, 0, 0},
		{"quarter meridian", 0, 0, 90, 0, 10007.5, 10007.6},
		{"antipodes", 0, 0, 0, 180, 20015.0, 20015.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if d < tt.lo || d > tt.hi {
				t.Errorf("got %v, want [%v, %v]", d, tt.lo, tt.hi)
			}
			if r := DistanceKm(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(r-d) > 1e-9 {
				t.Errorf("not symmetric: %v vs %v", d, r)
			}
		})
	}
	t.Run("postcode centroids", func(t *testing.T) {
		g := gaz(t)
		la1, lo1, _, _ := g.Centroid("30159")
		la2, lo2, _, _ := g.Centroid("38100")
		if d := DistanceKm(la1, lo1, la2, lo2); d < 52 || d > 62 {
			t.Errorf("Hannover–Braunschweig by postcode = %v km", d)
		}
	})
}

func TestDistrictOf(t *testing.T) {
	g := gaz(t)
	t.Run("NI postcode points", func(t *testing.T) {
		ps := g.NIPostcodes()
		if len(ps) != 1748 {
			t.Errorf("NIPostcodes = %d rows, want 1748", len(ps))
		}
		inside, outside, wrong := 0, 0, 0
		for _, p := range ps {
			d, ok := g.DistrictOf(p.Lat, p.Lon)
			switch {
			case !ok:
				outside++
				t.Logf("outside NI: %+v", p)
			case d.AGS != p.DistrictAGS:
				wrong++
				t.Logf("in %s %s: %+v", d.AGS, d.Name, p)
			default:
				inside++
			}
		}
		share := float64(inside) / float64(len(ps))
		t.Logf("%d of %d NI points in own district (%.2f%%), %d in another, %d outside NI",
			inside, len(ps), 100*share, wrong, outside)
		if share < 0.99 {
			t.Errorf("only %.2f%% in own district", 100*share)
		}
	})
	tests := []struct {
		name     string
		lat, lon float64
		ags      string // "" = outside Lower Saxony
	}{
		{"Bremen city", 53.0793, 8.8017, ""},
		{"Bremerhaven", 53.5396, 8.5809, ""},
		{"Hamburg", 53.5511, 9.9937, ""},
		{"Berlin", 52.52, 13.405, ""},
		{"North Sea", 54.5, 7.0, ""},
		{"Hannover Kröpcke", 52.3745, 9.7386, "03241"},
		{"Osnabrück city", 52.2799, 8.0472, "03404"},
		{"Melle (LK Osnabrück)", 52.2031, 8.3361, "03459"},
		{"Göttingen", 51.5413, 9.9158, "03159"},
		{"Oldenburg city", 53.1435, 8.2146, "03403"},
		{"Borkum (LK Leer island)", 53.5877, 6.6693, "03457"},
		{"NaN", math.NaN(), math.NaN(), ""},
		{"Inf", math.Inf(1), 9, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := g.DistrictOf(tt.lat, tt.lon)
			if ok != (tt.ags != "") || d.AGS != tt.ags {
				t.Errorf("DistrictOf(%v, %v) = %s %q, %v; want %q", tt.lat, tt.lon, d.AGS, d.Name, ok, tt.ags)
			}
		})
	}
}

func TestGeoJSONAndAttribution(t *testing.T) {
	g := gaz(t)
	b := g.GeoJSON()
	if len(b) < 1000 || !strings.HasPrefix(string(b), `{"type":"FeatureCollection"`) {
		t.Errorf("GeoJSON = %.40q", b)
	}
	b[0] = 'X'
	if g.GeoJSON()[0] != '{' {
		t.Error("GeoJSON returns shared bytes")
	}
	for name, s := range map[string]string{
		"AttributionPostcodes":     AttributionPostcodes,
		"AttributionBoundaries":    AttributionBoundaries,
		"AttributionBoundariesURL": AttributionBoundariesURL,
		"AttributionDistricts":     AttributionDistricts,
	} {
		if !strings.Contains(readme, s) {
			t.Errorf("%s %q not in data/README.md", name, s)
		}
	}
}

func TestNIPostcodesOrder(t *testing.T) {
	g := gaz(t)
	ps := g.NIPostcodes()
	j := 0
	for _, p := range g.places {
		if p.StateCode == "NI" {
			if ps[j] != p {
				t.Fatalf("row %d differs", j)
			}
			j++
		}
	}
	codes := map[string]bool{}
	dists := map[string]bool{}
	for _, p := range ps {
		codes[p.Postcode] = true
		dists[p.DistrictAGS] = true
	}
	if len(codes) != 822 || len(dists) != 45 {
		t.Errorf("%d postcodes, %d districts; want 822, 45", len(codes), len(dists))
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, ae, plain string }{
		{"Göttingen", "goettingen", "gottingen"},
		{"  Bad  Zwischenahn-Ost ", "bad zwischenahn ost", "bad zwischenahn ost"},
		{"Weißenburg", "weissenburg", "weissenburg"},
		{"ÄÖÜẞ", "aeoeuess", "aouss"},
		{"Oldenburg (Oldb)", "oldenburg oldb", "oldenburg oldb"},
		{"a\u0308", "ae", "a"},
		{"\xff", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fold(tt.in, true); got != tt.ae {
				t.Errorf("ae: %q", got)
			}
			if got := fold(tt.in, false); got != tt.plain {
				t.Errorf("plain: %q", got)
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		if _, err := g.Lookup("30159"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDistrictOf(b *testing.B) {
	g := gaz(b)
	ps := g.NIPostcodes()
	i := 0
	for b.Loop() {
		p := ps[i%len(ps)]
		g.DistrictOf(p.Lat, p.Lon)
		i++
	}
}

func BenchmarkSearchPlaces(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		g.SearchPlaces("Gö", 10)
	}
}

func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"30159", " 30159 ", "12a45", "", "123456", "３０１５９", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePostcode(s)
		if err != nil {
			if !errors.Is(err, ErrPostcodeFormat) || got != "" {
				t.Fatalf("ParsePostcode(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 5 || strings.Trim(got, "0123456789") != "" {
			t.Fatalf("ParsePostcode(%q) = %q", s, got)
		}
		if again, err := ParsePostcode(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q", got)
		}
	})
}

func FuzzSearchPlaces(f *testing.F) {
	g := gaz(f)
	for _, s := range []string{"Göttingen", "goe", "B", "", "\xff\xfe", "a\u0308", strings.Repeat("ß", 200)} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		limit %= 1000
		ps := g.SearchPlaces(q, limit)
		if len(ps) > max(limit, 0) {
			t.Fatalf("%d results for limit %d", len(ps), limit)
		}
		for _, p := range ps {
			if p.Name == "" || !utf8.ValidString(p.Name) {
				t.Fatalf("bad result %+v", p)
			}
		}
		// Suggest must not panic either.
		g.Suggest(q, limit)
	})
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{"a,b,c", []string{"a", "b", "c"}, false},
		{`"a, x",b,c`, []string{"a, x", "b", "c"}, false},
		{`a,"say ""hi""",c`, []string{"a", `say "hi"`, "c"}, false},
		{`a,b,""`, []string{"a", "b", ""}, false},
		{"a,b,c\r", []string{"a", "b", "c"}, false},
		{"a,b", nil, true},
		{`"a,b,c`, nil, true},
		{`"a"x,b,c`, nil, true},
		{`a"b,c,d`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			rec, err := newLineReader(tt.in+"\n", 3).next()
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if !tt.err && !slicesEqual(rec, tt.want) {
				t.Errorf("got %q, want %q", rec, tt.want)
			}
		})
	}
	t.Run("quoted rows in data", func(t *testing.T) {
		ps, err := gaz(t).Lookup("01994")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ps {
			found = found || p.Name == "Schipkau Annahütte, Karl-Marx-Siedlung"
		}
		if !found {
			t.Errorf("quoted place name missing: %v", ps)
		}
	})
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
