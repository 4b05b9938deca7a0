package httpx

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name, remote, xff string
		proxy             bool
		want              string
	}{
		{"direct", "203.0.113.5:4000", "", false, "203.0.113.5"},
		{"header ignored without proxy", "203.0.113.5:4000", "198.51.100.1", false, "203.0.113.5"},
		{"proxy: last hop", "127.0.0.1:5000", "10.0.0.1, 198.51.100.7", true, "198.51.100.7"},
		{"proxy: garbage header", "127.0.0.1:5000", "not-an-ip", true, "127.0.0.1"},
		{"ipv6", "[2001:db8::1]:443", "", false, "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := ClientIP(r, tt.proxy); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestObserveRecoversAndCountsByPattern(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom/{id}", func(http.ResponseWriter, *http.Request) { panic("kaputt") })
	mux.HandleFunc("GET /ok/{id}", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	onPanic := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(500)
		w.Write([]byte("friendly 500"))
	}
	h := Observe(slog.New(slog.NewTextHandler(io.Discard, nil)), m, onPanic, mux)
	for _, tt := range []struct {
		path   string
		status int
		body   string
	}{{"/boom/1", 500, "friendly 500"}, {"/ok/1", 200, "ok"}, {"/ok/2", 200, "ok"}} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s: %d %q", tt.path, rec.Code, rec.Body.String())
		}
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("GET /ok/{id}", "GET", "200")); got != 2 {
		t.Errorf("requests by pattern: %v, want 2 (ids must not become labels)", got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("GET /boom/{id}", "GET", "500")); got != 1 {
		t.Errorf("panics counted as 500: %v", got)
	}
}

func TestLimitBody(t *testing.T) {
	h := LimitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			w.WriteHeader(413)
		}
	}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/", strings.NewReader("a="+strings.Repeat("x", 100)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Fatalf("oversized body: %d", rec.Code)
	}
}
