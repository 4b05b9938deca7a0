package api

import (
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// testPage mirrors the HSDS envelope with raw contents.
type testPage struct {
	TotalItems int               `json:"total_items"`
	TotalPages int               `json:"total_pages"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	FirstPage  bool              `json:"first_page"`
	LastPage   bool              `json:"last_page"`
	Empty      *bool             `json:"empty"`
	Contents   []json.RawMessage `json:"contents"`
}

func get(t testing.TB, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, rec.Body.String())
	}
	return v
}

func TestCollections(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	tests := []struct {
		path  string
		total int
	}{
		{"/api/hsds/organizations", 2},
		{"/api/hsds/services", 3},
		{"/api/hsds/locations", 4},
		{"/api/hsds/service_at_locations", 5},
		{"/api/hsds/taxonomies", 2},
		{"/api/hsds/taxonomy_terms", 5},
		{"/api/hsds/services?organization_id=" + orgCaritas, 2},
		{"/api/hsds/services?taxonomy_term_id=" + programTermID("jmd"), 2},
		{"/api/hsds/services?taxonomy_term_id=" + topicTermID("housing"), 1},
		{"/api/hsds/services?taxonomy_id=" + taxonomyID(topicsTaxonomy), 3},
		{"/api/hsds/services?search=JUGEND", 2},
		{"/api/hsds/services?full=true", 3},
		{"/api/hsds/organizations?full_service=true", 2},
		{"/api/hsds/locations?search=göttingen", 1},
		{"/api/hsds/locations?modified_after=2025-03-02", 0},
		{"/api/hsds/locations?modified_after=2025-03-01T00:00:00Z", 4},
		{"/api/hsds/service_at_locations?taxonomy_term_id=" + topicTermID("work") + "&organization_id=" + orgAWO, 2},
		{"/api/hsds/service_at_locations?full=1", 5},
		{"/api/hsds/taxonomy_terms?taxonomy_id=" + taxonomyID(programsTaxonomy), 2},
		{"/api/hsds/taxonomies?search=topics", 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, a, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			p := decode[testPage](t, rec)
			if p.TotalItems != tt.total || len(p.Contents) != tt.total || p.Empty == nil {
				t.Errorf("total_items %d, contents %d, want %d", p.TotalItems, len(p.Contents), tt.total)
			}
		})
	}
}

func TestItems(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	svc := serviceID(orgCaritas, "mbe")
	tests := []struct{ path, id, want string }{
		{"/api/hsds/organizations/" + orgCaritas, orgCaritas, `"services":[`},
		{"/api/hsds/services/" + svc, svc, `"minimum_age":27`},
		{"/api/hsds/locations/" + offHannover, offHannover, `"byday":"MO,TU,WE,TH,FR","opens_at":"09:00","closes_at":"12:00"`},
		{"/api/hsds/service_at_locations/" + salID(offHannover, "mbe"), salID(offHannover, "mbe"), `"location":{`},
		{"/api/hsds/taxonomies/" + taxonomyID(topicsTaxonomy), taxonomyID(topicsTaxonomy), `"name":"kmn-topics"`},
		{"/api/hsds/taxonomy_terms/" + topicTermID("work"), topicTermID("work"), `"code":"work"`},
		{"/api/hsds/services/" + strings.ToUpper(svc), svc, `"service_at_locations":[`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, a, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			item := decode[map[string]any](t, rec)
			if item["id"] != tt.id {
				t.Errorf("id %v, want %s", item["id"], tt.id)
			}
			if !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("body lacks %s:\n%s", tt.want, rec.Body)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	for _, path := range []string{
		"/api/hsds/organizations/" + orgUnused, // has no office
		"/api/hsds/services/00000000-0000-0000-0000-000000000000",
		"/api/hsds/locations/" + offClosed,
		"/api/hsds/locations/" + offOrphan,
		"/api/hsds/service_at_locations/nope",
		"/api/hsds/taxonomies/nope",
		"/api/hsds/taxonomy_terms/" + strings.Repeat("x", 300),
		"/api/hsds/nothing-here",
	} {
		t.Run(path, func(t *testing.T) {
			rec := get(t, a, path)
			if rec.Code != http.StatusNotFound {
				t.Fatalf("status %d, want 404", rec.Code)
			}
			if e := decode[errorBody](t, rec); e.Error.Code != "not_found" || e.Error.Message == "" {
				t.Errorf("error body %+v", e)
			}
		})
	}
}

func TestPagination(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	tests := []struct {
		query                      string
		total, pages, number, size int
		first, last, empty         bool
	}{
		{"per_page=3", 4, 2, 1, 3, true, false, false},
		{"per_page=3&page=2", 4, 2, 2, 1, false, true, false},
		{"per_page=3&page=3", 4, 2, 3, 0, false, true, true},
		{"per_page=4", 4, 1, 1, 4, true, true, false},
		{"", 4, 1, 1, 4, true, true, false},
		{"search=zzz", 0, 0, 1, 0, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := get(t, a, "/api/hsds/locations?"+tt.query)
			p := decode[testPage](t, rec)
			got := []any{p.TotalItems, p.TotalPages, p.PageNumber, p.Size, p.FirstPage, p.LastPage, *p.Empty}
			want := []any{tt.total, tt.pages, tt.number, tt.size, tt.first, tt.last, tt.empty}
			if !slices.Equal(got, want) {
				t.Errorf("envelope %v, want %v", got, want)
			}
		})
	}
	// Pages do not overlap and together hold every item once.
	seen := map[string]bool{}
	for _, page := range []string{"1", "2"} {
		p := decode[testPage](t, get(t, a, "/api/hsds/locations?per_page=3&page="+page))
		for _, c := range p.Contents {
			var l Location
			_ = json.Unmarshal(c, &l)
			if seen[l.ID] {
				t.Errorf("%s on two pages", l.ID)
			}
			seen[l.ID] = true
		}
	}
	if len(seen) != 4 {
		t.Errorf("pages held %d locations, want 4", len(seen))
	}
}

func TestProximity(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	g := gazetteer(t)
	lat, lon, _, err := g.Centroid("30159")
	if err != nil {
		t.Fatal(err)
	}
	const radius = 70000.0
	type want struct {
		id string
		m  int
	}
	var expect []want
	snap := testSnapshot()
	for _, o := range snap.Offices {
		if o.ID == offClosed || o.ID == offOrphan {
			continue
		}
		d := geo.DistanceKm(lat, lon, o.Lat, o.Lon) * 1000
		for _, p := range o.Programs {
			if p != "unknown-program" && d <= radius {
				expect = append(expect, want{salID(o.ID, p), int(math.Round(d))})
			}
		}
	}
	slices.SortStableFunc(expect, func(x, y want) int { return x.m - y.m })

	rec := get(t, a, "/api/hsds/service_at_locations?postcode=30159&proximity=70000&per_page=500")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	p := decode[testPage](t, rec)
	var got []want
	locs := map[string]bool{}
	for _, c := range p.Contents {
		var s ServiceAtLocation
		if err := json.Unmarshal(c, &s); err != nil {
			t.Fatal(err)
		}
		if s.Ext.DistanceM == nil {
			t.Fatalf("%s has no x_kmn.distance_m", s.ID)
		}
		got = append(got, want{s.ID, *s.Ext.DistanceM})
		locs[s.LocationID] = true
	}
	if !slices.IsSortedFunc(got, func(x, y want) int { return x.m - y.m }) {
		t.Errorf("not sorted by distance: %v", got)
	}
	byDistID := func(x, y want) int {
		if x.m != y.m {
			return x.m - y.m
		}
		return strings.Compare(x.id, y.id)
	}
	slices.SortFunc(got, byDistID)
	slices.SortFunc(expect, byDistID)
	if !slices.Equal(got, expect) {
		t.Errorf("got %v\nwant %v", got, expect)
	}
	if !locs[offBraunschweig] || locs[offGoettingen] || !locs[offHannover] {
		t.Errorf("locations %v: want Braunschweig (~60 km) in, Göttingen (~100 km) out", locs)
	}

	// The same origin on /locations, and lat/lon instead of a postcode.
	for _, q := range []string{"postcode=30159&proximity=70000", "lat=52.3716&lon=9.7336&proximity=70000"} {
		p := decode[testPage](t, get(t, a, "/api/hsds/locations?"+q))
		if p.TotalItems != 3 {
			t.Errorf("%s: %d locations, want 3 (Hannover, Celle, Braunschweig)", q, p.TotalItems)
		}
	}
	// A postcode without proximity sorts everything by distance.
	p = decode[testPage](t, get(t, a, "/api/hsds/locations?postcode=37073"))
	var first Location
	_ = json.Unmarshal(p.Contents[0], &first)
	if p.TotalItems != 4 || first.ID != offGoettingen || first.Ext.DistanceM == nil {
		t.Errorf("postcode 37073: total %d, first %s", p.TotalItems, first.ID)
	}
}

func TestBadParameters(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	tests := []struct{ path, param string }{
		{"/api/hsds/service_at_locations?postcode=30159&proximity=-5", "proximity"},
		{"/api/hsds/service_at_locations?postcode=30159&proximity=0", "proximity"},
		{"/api/hsds/service_at_locations?postcode=30159&proximity=300001", "proximity"},
		{"/api/hsds/service_at_locations?postcode=30159&proximity=5km", "proximity"},
		{"/api/hsds/service_at_locations?proximity=5000", "proximity"},
		{"/api/hsds/service_at_locations?postcode=abc", "postcode"},
		{"/api/hsds/service_at_locations?postcode=00000", "postcode"},
		{"/api/hsds/service_at_locations?postcode=30159&lat=1&lon=2", "postcode"},
		{"/api/hsds/locations?lat=52", "lat"},
		{"/api/hsds/locations?lat=NaN&lon=9", "lat"},
		{"/api/hsds/locations?lat=52&lon=181", "lon"},
		{"/api/hsds/services?page=1000000000", "page"},
		{"/api/hsds/services?page=0", "page"},
		{"/api/hsds/services?page=-1", "page"},
		{"/api/hsds/services?page=1&page=2", "page"},
		{"/api/hsds/services?per_page=0", "per_page"},
		{"/api/hsds/services?per_page=501", "per_page"},
		{"/api/hsds/services?search=" + strings.Repeat("a", 101), "search"},
		{"/api/hsds/services?search=%00", "search"},
		{"/api/hsds/services?lang=xx", "lang"},
		{"/api/hsds/services/" + serviceID(orgCaritas, "mbe") + "?lang=xx", "lang"},
		{"/api/hsds/services?taxonomy_term_id=%3Cscript%3E", "taxonomy_term_id"},
		{"/api/hsds/services?modified_after=yesterday", "modified_after"},
		{"/api/hsds/services?full=maybe", "full"},
		{"/api/hsds/services?format=xml", "format"},
		{"/api/hsds/services?postcode=30159", "postcode"}, // not supported on services
		{"/api/hsds/taxonomies?organization_id=x", "organization_id"},
		{"/api/hsds/export?page=2", "page"},
		{"/api/hsds/services?search=%zz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, a, tt.path)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			e := decode[errorBody](t, rec)
			if e.Error.Code != "invalid_parameter" || e.Error.Message == "" || e.Error.Parameter != tt.param {
				t.Errorf("error %+v, want parameter %q", e.Error, tt.param)
			}
		})
	}
	// A search of exactly 100 characters is fine, and unknown parameters are ignored.
	for _, path := range []string{"/api/hsds/services?search=" + strings.Repeat("ä", 100), "/api/hsds/services?_=123"} {
		if rec := get(t, a, path); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", path, rec.Code)
		}
	}
}

func TestLanguage(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	svc := serviceID(orgCaritas, "mbe")
	de := decode[Service](t, get(t, a, "/api/hsds/services/"+svc))
	en := decode[Service](t, get(t, a, "/api/hsds/services/"+svc+"?lang=en"))
	if de.Name != "Migrationsberatung für Erwachsene – Caritasverband Hannover" {
		t.Errorf("German name %q", de.Name)
	}
	if en.Name != "Migration counselling for adults – Caritasverband Hannover" {
		t.Errorf("English name %q", en.Name)
	}
	if de.Ext.Translations["en"].Description != "Counselling for adults aged 27 and over." {
		t.Errorf("translations %v", de.Ext.Translations)
	}
	// JMD has no English text: German fallback in the standard field.
	jmd := decode[Service](t, get(t, a, "/api/hsds/services/"+serviceID(orgCaritas, "jmd")+"?lang=en"))
	if jmd.AlternateName != "Jugendmigrationsdienst" || jmd.MaximumAge == nil || *jmd.MaximumAge != 27 {
		t.Errorf("jmd %q max %v", jmd.AlternateName, jmd.MaximumAge)
	}
	if _, ok := jmd.Ext.Translations["ar"]; !ok {
		t.Errorf("jmd translations %v lack ar", jmd.Ext.Translations)
	}
	term := decode[TaxonomyTerm](t, get(t, a, "/api/hsds/taxonomy_terms/"+topicTermID("work")+"?lang=en"))
	if term.Name != "Work and job search" || term.Language != "en" || term.Ext == nil || term.Ext.Translations["de"].Name != "Arbeit und Arbeitssuche" {
		t.Errorf("term %+v", term)
	}
	loc := decode[Location](t, get(t, a, "/api/hsds/locations/"+offHannover+"?lang=en"))
	names := map[string]string{}
	for _, l := range loc.Languages {
		names[l.Code] = l.Name
	}
	if names["ar"] != "Arabic" || len(loc.Accessibility) != 2 || loc.Accessibility[0].Description != "Step-free access" {
		t.Errorf("languages %v, accessibility %+v", names, loc.Accessibility)
	}
}

func TestLocationMapping(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	loc := decode[Location](t, get(t, a, "/api/hsds/locations/"+offHannover))
	want := []Schedule{
		{Byday: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "12:00"},
		{Byday: "TH", OpensAt: "14:00", ClosesAt: "18:00"},
	}
	if len(loc.Schedules) != len(want) {
		t.Fatalf("schedules %+v", loc.Schedules)
	}
	for i, s := range loc.Schedules {
		if s.Freq != "WEEKLY" || s.Byday != want[i].Byday || s.OpensAt != want[i].OpensAt || s.ClosesAt != want[i].ClosesAt {
			t.Errorf("schedule %d: %+v", i, s)
		}
	}
	ad := loc.Addresses[0]
	if ad.Address1 != "Leibnizufer 13" || ad.PostalCode != "30169" || ad.Country != "DE" || ad.AddressType != "physical" {
		t.Errorf("address %+v", ad)
	}
	if loc.Ext.Status != "active" || len(loc.Ext.HoursExceptions) != 1 || loc.Ext.Timezone != "Europe/Berlin" {
		t.Errorf("x_kmn %+v", loc.Ext)
	}
	// Celle: unknown program and topic are left out, status carried.
	celle := decode[Location](t, get(t, a, "/api/hsds/locations/"+offCelle))
	if !slices.Equal(celle.Ext.Programs, []string{"jmd"}) || !slices.Equal(celle.Ext.Topics, []string{"work"}) {
		t.Errorf("celle %v %v", celle.Ext.Programs, celle.Ext.Topics)
	}
	awoJMD := decode[Service](t, get(t, a, "/api/hsds/services/"+serviceID(orgAWO, "jmd")))
	if awoJMD.Status != "active" || len(awoJMD.ServiceAtLocations) != 2 || awoJMD.Organization == nil {
		t.Errorf("awo jmd: status %s, %d sals", awoJMD.Status, len(awoJMD.ServiceAtLocations))
	}
	org := decode[Organization](t, get(t, a, "/api/hsds/organizations/"+orgAWO))
	if org.ParentOrganizationID != orgCaritas || org.Ext.Kind != "provider" {
		t.Errorf("org %+v", org)
	}
}

func TestExport(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	rec := get(t, a, "/api/hsds/export")
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == "" {
		t.Fatalf("status %d, etag %q", rec.Code, rec.Header().Get("ETag"))
	}
	e := decode[Export](t, rec)
	got := []int{len(e.Organizations), len(e.Services), len(e.Locations), len(e.ServiceAtLocations), len(e.Taxonomies), len(e.TaxonomyTerms)}
	if !slices.Equal(got, []int{2, 3, 4, 5, 2, 5}) || e.Version != "3.0" || e.DataVersion != "v1" {
		t.Errorf("export counts %v, version %s/%s", got, e.Version, e.DataVersion)
	}
	if again := get(t, a, "/api/hsds/export"); again.Header().Get("ETag") != rec.Header().Get("ETag") || again.Body.String() != rec.Body.String() {
		t.Error("export is not stable")
	}
	root := decode[Root](t, get(t, a, "/api/hsds/"))
	if root.Version != "3.0" || root.OpenAPIURL != "/api/hsds/openapi.json" || root.Ext.DataVersion != "v1" {
		t.Errorf("root %+v", root)
	}
}

func TestCORS(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	rec := get(t, a, "/api/hsds/services", "Origin", "https://example.org")
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET: ACAO %q", rec.Header().Get("Access-Control-Allow-Origin"))
	}
	req := httptest.NewRequest(http.MethodOptions, "/api/hsds/services", nil)
	req.Header.Set("Origin", "https://example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	pre := httptest.NewRecorder()
	a.ServeHTTP(pre, req)
	if pre.Code != http.StatusNoContent || pre.Header().Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight %d %v", pre.Code, pre.Header())
	}
	post := httptest.NewRecorder()
	a.ServeHTTP(post, httptest.NewRequest(http.MethodPost, "/api/hsds/services", strings.NewReader("{}")))
	if post.Code != http.StatusMethodNotAllowed || decode[errorBody](t, post).Error.Code != "method_not_allowed" {
		t.Errorf("POST: %d %s", post.Code, post.Body)
	}
}

func TestConditionalGet(t *testing.T) {
	a, src := newTestAPI(t, Options{})
	const path = "/api/hsds/services?per_page=2"
	first := get(t, a, path)
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") != "public, max-age=60" || first.Header().Get("Last-Modified") == "" {
		t.Fatalf("headers %v", first.Header())
	}
	if rec := get(t, a, path, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", rec.Code)
	}
	if rec := get(t, a, "/api/hsds/services?per_page=3", "If-None-Match", etag); rec.Code != http.StatusOK {
		t.Errorf("other URL: %d", rec.Code)
	}
	lm := first.Header().Get("Last-Modified")
	if rec := get(t, a, path, "If-Modified-Since", lm); rec.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", rec.Code)
	}
	src.setVersion("v2")
	rec := get(t, a, path, "If-None-Match", etag)
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Errorf("after new version: %d, etag %s", rec.Code, rec.Header().Get("ETag"))
	}
	oa := get(t, a, "/api/hsds/openapi.json")
	if rec := get(t, a, "/api/hsds/openapi.json", "If-None-Match", oa.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("openapi If-None-Match: %d", rec.Code)
	}
}

// wantBurstThenRefusal sends burst requests of one client to first, then
// wants second to refuse the next with 429, Retry-After 1 and the API's
// error body, and to serve another client (one server: first == second).
func wantBurstThenRefusal(t *testing.T, first, second *API, burst int) {
	t.Helper()
	for i := range burst {
		if rec := get(t, first, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.1"); rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := get(t, second, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.1")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" ||
		decode[errorBody](t, rec).Error.Code != "rate_limited" {
		t.Fatalf("over the limit: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := get(t, second, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.2"); rec.Code != http.StatusOK {
		t.Errorf("other client: %d", rec.Code)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, _ := newTestAPI(t, Options{Rate: 1, Burst: 3, Now: func() time.Time { return now },
		ClientIP: func(r *http.Request) string { return r.Header.Get("X-Test-IP") }})
	wantBurstThenRefusal(t, a, a, 3)
	now = now.Add(time.Second)
	if rec := get(t, a, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.1"); rec.Code != http.StatusOK {
		t.Errorf("after a second: %d", rec.Code)
	}
	now = now.Add(idleAfter + sweepInterval + time.Second)
	get(t, a, "/api/hsds/taxonomies", "X-Test-IP", "192.0.2.3")
	a.limiter.mu.Lock()
	n := len(a.limiter.clients)
	a.limiter.mu.Unlock()
	if n != 1 {
		t.Errorf("%d limiter entries after idle sweep, want 1", n)
	}
}

func TestSnapshotUnavailable(t *testing.T) {
	a, src := newTestAPI(t, Options{Logger: slog.New(slog.DiscardHandler)})
	src.err = errBroken
	rec := get(t, a, "/api/hsds/services")
	if rec.Code != http.StatusServiceUnavailable || decode[errorBody](t, rec).Error.Code != "unavailable" {
		t.Errorf("status %d: %s", rec.Code, rec.Body)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	a, _ := newTestAPI(t, Options{})
	rec := get(t, a, "/api/hsds/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	for _, r := range a.Routes() {
		path := strings.TrimSuffix(strings.TrimPrefix(r.Pattern, Prefix), "{$}")
		op, ok := doc.Paths[path]
		if !ok {
			t.Errorf("route %s %s (%s) missing from openapi.json", r.Method, r.Pattern, path)
			continue
		}
		if _, ok := op[strings.ToLower(r.Method)]; !ok {
			t.Errorf("path %s lacks %s", path, r.Method)
		}
	}
	if len(doc.Paths) != len(a.Routes()) {
		t.Errorf("openapi.json has %d paths, route table %d", len(doc.Paths), len(a.Routes()))
	}
}

func TestSchedules(t *testing.T) {
	w := weekdays(480, 720)
	w[5] = []hours.Interval{{From: 600, To: 540}, {From: 480, To: 720}} // inverted one is dropped
	got := schedules("loc", w)
	if len(got) != 1 || got[0].Byday != "MO,TU,WE,TH,FR,SA" || got[0].OpensAt != "08:00" {
		t.Errorf("schedules %+v", got)
	}
	if len(schedules("loc", hours.Weekly{})) != 0 {
		t.Error("empty week has schedules")
	}
}
