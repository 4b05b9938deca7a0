// Package site is what every surface of the web interface shares: the
// route type and the guard that enforces a route's permission, sessions
// and the language of a request, CSRF protection, rendering of typed pages
// into the common layout, error pages, flash messages and the embedded
// static assets. The surfaces (internal/web/public for everybody,
// internal/web/staff for signed-in staff) hold their pages and route
// tables; internal/web puts them together.
//
// This package must not reach case data or keys: the public surface
// depends on it (a test in internal/web checks the import graph).
package site

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// MaxFormBytes bounds form bodies; larger requests get 413. Routes that
// take uploads set their own Route.MaxBody.
const MaxFormBytes = 64 << 10

// maxMultipartMemory is how much of a multipart upload is kept in memory;
// the route's body limit is lower for every route that takes one, so an
// upload never touches the disk unencrypted.
const maxMultipartMemory = 10 << 20

// Options is what the shared layer needs from the platform.
type Options struct {
	Config  config.Config
	Catalog *i18n.Catalog
	Auth    *auth.Service
	Log     *slog.Logger
	Clock   clock.Clock
	Version string
	// CSRFKey signs the CSRF tokens (derived from the key file by the caller).
	CSRFKey []byte
	// Metrics is the Prometheus registry served at /metrics.
	Metrics *prometheus.Registry
	// Ready answers /readyz: nil when the database answers.
	Ready func(context.Context) error
	// Templates are the surfaces' templates: pages/*.html and
	// partials/*.html of each, parsed together with the layout.
	Templates []fs.FS
	// Unread counts a staff member's unread notifications for the bell in
	// the header (nil: no bell).
	Unread func(ctx context.Context, p auth.Principal) int
	// OnlineClient answers which online-counseling client a session token
	// belongs to (nil: the platform has no online counseling).
	OnlineClient func(ctx context.Context, token string) (clientID string, ok bool)
	// VolunteerSession answers whether a volunteer's session token is
	// valid (package volunteer; nil: no volunteer accounts).
	VolunteerSession func(ctx context.Context, token string) bool
}

// Kit carries out what every handler of every surface needs: rendering,
// error pages, redirects, cookies and flash messages. Surfaces embed it.
type Kit struct {
	o              Options
	views          *views
	assets         *assets
	cookies        CookieNames
	metricsHandler http.Handler
}

// New parses the templates (a broken template stops the start) and loads
// the static assets.
func New(o Options) (*Kit, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	v, err := parseViews(a, o.Templates)
	if err != nil {
		return nil, err
	}
	k := &Kit{o: o, views: v, assets: a, cookies: namesFor(o.Config.SecureCookies)}
	if o.Metrics != nil {
		k.metricsHandler = promhttp.HandlerFor(o.Metrics, promhttp.HandlerOpts{})
	}
	return k, nil
}

// Handler serves routes, each behind the guard, with the middleware every
// request passes: security headers, logging and metrics, panic recovery
// and the cross-origin check.
func (k *Kit) Handler(routes []Route) http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+rt.Pattern, k.guard(rt))
	}
	var h http.Handler = mux
	h = k.crossOrigin(h)
	h = httpx.Observe(k.o.Log, httpx.NewMetrics(k.o.Metrics), k.panicPage, h)
	return httpx.SecurityHeaders(k.o.Config.SecureCookies, h)
}

// crossOrigin refuses state-changing requests from other origins (by the
// browser's Sec-Fetch-Site and Origin headers), on top of the CSRF token.
func (k *Kit) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.Fail(w, r, http.StatusForbidden, "error.csrf")
	}))
	return cop.Handler(next)
}

// PublicURL is the platform's address for links that leave the page (a
// calendar file's event links).
func (k *Kit) PublicURL() string { return k.o.Config.PublicURL() }
