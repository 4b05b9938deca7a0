package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// FuzzParams feeds arbitrary query strings to the parser and to the real
// handler: no panic, only 200 or 400, and accepted values within limits.
func FuzzParams(f *testing.F) {
	for _, seed := range []string{
		"", "page=2&per_page=10", "postcode=30159&proximity=70000", "lat=52.1&lon=9.7&proximity=1",
		"proximity=-1", "page=1000000000", "search=%E2%82%AC", "lang=ar", "lang=xx", "postcode=３０１５９",
		"lat=NaN&lon=Inf", "modified_after=2025-01-01T00:00:00Z", "taxonomy_term_id=abc&full=true",
		"page=1&page=2", "%zz", "a;b", "per_page=9223372036854775808",
	} {
		f.Add(seed)
	}
	a, _ := newTestAPI(f, Options{Rate: 1e9, Burst: 1 << 30})
	g := gazetteer(f)
	f.Fuzz(func(t *testing.T, raw string) {
		if q, err := url.ParseQuery(raw); err == nil {
			p, perr := parseParams(q, salListP, g)
			if perr == nil {
				checkParams(t, p)
			} else if perr.message == "" || perr.param == "" {
				t.Errorf("empty error for %q", raw)
			}
		}
		req := httptest.NewRequest(http.MethodGet, "/api/hsds/service_at_locations", nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d: %s", raw, rec.Code, rec.Body)
		}
		if !utf8.Valid(rec.Body.Bytes()) {
			t.Errorf("%q: response is not UTF-8", raw)
		}
	})
}

func checkParams(t *testing.T, p params) {
	t.Helper()
	switch {
	case p.page < 1 || p.page > MaxPage:
		t.Errorf("page %d", p.page)
	case p.perPage < 1 || p.perPage > MaxPerPage:
		t.Errorf("per_page %d", p.perPage)
	case utf8.RuneCountInString(p.search) > MaxSearchLen:
		t.Errorf("search of %d runes", utf8.RuneCountInString(p.search))
	case p.proximity < 0 || p.proximity > MaxProximity:
		t.Errorf("proximity %v", p.proximity)
	case p.proximity > 0 && p.origin == nil:
		t.Error("proximity without origin")
	case !slices.Contains(i18n.Public, p.lang):
		t.Errorf("lang %q", p.lang)
	case p.origin != nil && (p.origin.lat != p.origin.lat || p.origin.lat < -90 || p.origin.lat > 90):
		t.Errorf("origin %+v", *p.origin)
	}
}
