// Package web serves the staff interface as server-rendered HTML. Handlers
// are thin: parse, validate, call the domain, render or redirect. Every route
// and the permission it needs stand in one table (routes.go).
package web

import (
	"log/slog"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

// maxFormBytes bounds form bodies; larger requests get 413. Routes that
// take uploads set their own Route.MaxBody.
const maxFormBytes = 64 << 10

// Deps is what the web layer needs from the rest of the platform.
type Deps struct {
	Config   config.Config
	DB       *db.DB
	Auth     *auth.Service
	Audit    *audit.Log
	Catalog  *i18n.Catalog
	Keys     *secret.Keyring
	Log      *slog.Logger
	Registry *prometheus.Registry
	Version  string
	// Clock is the platform's one clock ("today" is the date in Lower Saxony).
	Clock   clock.Clock
	Geo     *geo.Gazetteer
	Network *network.Store
	Finder  *finder.Finder
	// Cases keeps client files (case management).
	Cases *casework.Store
	// API serves /api/ (the open-data API, internal/api).
	API http.Handler
}

// Handler holds the dependencies of every page handler.
type Handler struct {
	Deps
	views   *views
	assets  *assets
	cookies cookieNames
	csrfKey []byte
	// metricsHandler serves the Prometheus registry.
	metricsHandler http.Handler
	// choices caches the finder form's select options by language.
	choices sync.Map // lang → *choiceSet
	// pages caches rendered finder results pages (see pagecache.go).
	pages *pageCache
}

// Site is the HTTP handler of the whole site with its route table.
type Site struct {
	http.Handler
	// Routes is the table the handler was built from (for the role matrix test).
	Routes []Route
}

// New builds the HTTP handler of the whole site, middleware included.
func New(d Deps) (*Site, error) {
	h, err := newHandler(d)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	routes := h.Routes()
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+rt.Pattern, h.guard(rt))
	}
	metrics := httpx.NewMetrics(d.Registry)
	var site http.Handler = mux
	site = h.crossOrigin(site)
	site = httpx.Observe(d.Log, metrics, h.panicPage, site)
	return &Site{Handler: httpx.SecurityHeaders(d.Config.SecureCookies, site), Routes: routes}, nil
}

func newHandler(d Deps) (*Handler, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	v, err := parseViews(a)
	if err != nil {
		return nil, err
	}
	h := &Handler{Deps: d, views: v, assets: a, cookies: namesFor(d.Config.SecureCookies), csrfKey: d.Keys.Derive("csrf"),
		metricsHandler: promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{}), pages: newPageCache(2000)}
	return h, nil
}

// crossOrigin refuses state-changing requests from other origins (by the
// browser's Sec-Fetch-Site and Origin headers), on top of the CSRF token.
func (h *Handler) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusForbidden, "error.csrf")
	}))
	return cop.Handler(next)
}
