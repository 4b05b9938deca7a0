package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
)

// BenchmarkPublicSearch renders a finder results page through the whole
// handler (middleware, finder, template) on the demo network, without the
// network in between: go test -bench PublicSearch ./internal/web
func BenchmarkPublicSearch(b *testing.B) {
	srv := apptest.Start(b, apptest.Options{})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		b.Fatal(err)
	}
	urls := []string{"/de/search?q=30159", "/ar/search?q=37073&lang_spoken=ar", "/en/search?q=49074&program=mbe", "/tr/search?q=26122&open_now=1"}
	h := srv.App.Handler
	for _, u := range urls { // build the finder snapshot before measuring
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", u, rec.Code)
		}
	}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", urls[i%len(urls)], nil))
		}
	})
	// Distinct URLs (radius varies): every request renders the page.
	b.Run("rendered", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rec := httptest.NewRecorder()
			u := fmt.Sprintf("%s&radius=%d&age=%d", urls[i%len(urls)], 10+i%290, i/290%100)
			h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		}
	})
}
