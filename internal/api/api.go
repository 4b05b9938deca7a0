// Package api serves the open-data API under /api/hsds/: the public office
// directory as Open Referral HSDS 3.0 (organizations, services, locations,
// service_at_locations, taxonomies, taxonomy_terms), a full export and an
// OpenAPI document. It reads a finder.Snapshot through Source; its only
// writes are the shared rate limit's (limit_shared.go). README.md documents
// the mapping and the "x_kmn" extension.
package api

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// Prefix is the path every route of this package starts with.
const Prefix = "/api/hsds"

// HSDSVersion is the Open Referral HSDS version served.
const HSDSVersion = "3.0"

// Source provides the public snapshot of the registry (finder.Finder does).
type Source interface {
	Snapshot(ctx context.Context) (*finder.Snapshot, error)
}

// Options configure the API. The zero value is usable.
type Options struct {
	// ClientIP returns the client address a request is rate limited by; the
	// app passes its proxy-aware function. Default: the host of RemoteAddr.
	ClientIP func(*http.Request) string
	// Rate is the sustained requests per second per client (default 20);
	// Burst the number allowed at once (default 60). They configure the
	// in-process limiter; a RateStore has its own.
	Rate  float64
	Burst int
	// RateStore, when set, keeps the limit where every server sees it
	// (NewSharedLimiter: in the database), so that N servers do not allow N
	// times the limit. Nil: each process limits on its own, which is all a
	// single server needs. If RateStore fails, the in-process limiter
	// decides that request.
	RateStore Limiter
	// BaseURL is the public origin, e.g. "https://kmn.niedersachsen.de",
	// used for the absolute openapi_url of the root endpoint. Default: a
	// relative URL.
	BaseURL string
	// Catalog supplies topic and accessibility names; nil loads the
	// embedded catalogs (and without them topics are named by their id).
	Catalog *i18n.Catalog
	// Logger receives snapshot errors and recovered panics.
	Logger *slog.Logger
	// Now is the clock of the rate limiter (tests); default time.Now.
	Now func() time.Time
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Handler http.HandlerFunc
}

// API is the HSDS handler. Create it with New.
type API struct {
	src     Source
	geo     *geo.Gazetteer
	opts    Options
	tx      texts
	mux     *http.ServeMux
	limiter *limiter
	// limitErrAt is when a RateStore failure was last logged (unix nanos).
	limitErrAt atomic.Int64

	mu     sync.Mutex
	cached string            // snapshot version of models
	models map[string]*model // by language
}

// New returns the API over src; g resolves postcodes for proximity queries.
func New(src Source, g *geo.Gazetteer, opts Options) *API {
	if opts.ClientIP == nil {
		opts.ClientIP = remoteHost
	}
	if opts.Rate <= 0 {
		opts.Rate = defaultRate
	}
	if opts.Burst <= 0 {
		opts.Burst = defaultBurst
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Catalog == nil {
		if cat, err := i18n.Load(); err == nil {
			opts.Catalog = cat
		}
	}
	a := &API{src: src, geo: g, opts: opts, tx: texts{opts.Catalog}, mux: http.NewServeMux(),
		limiter: newLimiter(opts.Rate, opts.Burst, opts.Now)}
	for _, r := range a.Routes() {
		a.mux.HandleFunc(r.Method+" "+r.Pattern, r.Handler)
	}
	a.mux.HandleFunc(Prefix+"/", a.notFound)
	return a
}

// Routes is the route table: every endpoint, all GET (HEAD is served too).
func (a *API) Routes() []Route {
	return []Route{
		{"GET", Prefix + "/{$}", a.root},
		{"GET", Prefix + "/openapi.json", a.openAPI},
		{"GET", Prefix + "/export", a.export},
		{"GET", Prefix + "/organizations", a.listOrganizations},
		{"GET", Prefix + "/organizations/{id}", a.getOrganization},
		{"GET", Prefix + "/services", a.listServices},
		{"GET", Prefix + "/services/{id}", a.getService},
		{"GET", Prefix + "/locations", a.listLocations},
		{"GET", Prefix + "/locations/{id}", a.getLocation},
		{"GET", Prefix + "/service_at_locations", a.listServiceAtLocations},
		{"GET", Prefix + "/service_at_locations/{id}", a.getServiceAtLocation},
		{"GET", Prefix + "/taxonomies", a.listTaxonomies},
		{"GET", Prefix + "/taxonomies/{id}", a.getTaxonomy},
		{"GET", Prefix + "/taxonomy_terms", a.listTaxonomyTerms},
		{"GET", Prefix + "/taxonomy_terms/{id}", a.getTaxonomyTerm},
	}
}

// ServeHTTP applies CORS, the rate limit and panic recovery, then routes.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer a.recoverPanic(w, r)
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Retry-After")
	h.Set("X-Content-Type-Options", "nosniff")
	switch r.Method {
	case http.MethodOptions:
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since")
		h.Set("Access-Control-Max-Age", "86400")
		h.Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodGet, http.MethodHead:
	default:
		h.Set("Allow", "GET, HEAD, OPTIONS")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "this API is read-only; use GET", "")
		return
	}
	if ok, retry := a.admit(r); !ok {
		h.Set("Retry-After", retry)
		writeError(w, http.StatusTooManyRequests, "rate_limited", "too many requests; retry after "+retry+" seconds", "")
		return
	}
	a.mux.ServeHTTP(w, r)
}

func (a *API) recoverPanic(w http.ResponseWriter, r *http.Request) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		a.opts.Logger.Error("api: panic", "path", r.URL.Path, "panic", v)
		writeError(w, http.StatusInternalServerError, "internal", "internal error", "")
	}
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+excerpt(r.URL.Path), "")
}

// remoteHost is the default ClientIP: the host part of RemoteAddr.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// model returns the HSDS model of snap in lang, building it once per
// snapshot version and language.
func (a *API) model(snap *finder.Snapshot, lang string) *model {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cached != snap.Version || a.models == nil {
		a.cached, a.models = snap.Version, map[string]*model{}
	}
	m, ok := a.models[lang]
	if !ok || m.built != snap.Built {
		m = buildModel(snap, lang, a.tx)
		a.models[lang] = m
	}
	return m
}
