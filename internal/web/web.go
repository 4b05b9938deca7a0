// Package web puts the surfaces of the web interface together: the shared
// site layer (internal/web/site), the public surface for everybody
// (internal/web/public) and the staff surface (internal/web/staff), each
// with its own route table, behind one router. The HTTP test suites of the
// whole site (role matrix, hostile input, headers, journeys) live here.
package web

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/web/public"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
	"github.com/kmn-niedersachsen/kmn/internal/web/staff"
)

// Deps is what the web interface needs from the rest of the platform.
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
	// Feedback keeps the accessibility statement's feedback messages.
	Feedback *feedback.Store
	// API serves /api/ (the open-data API, internal/api).
	API http.Handler
	// KeyManager rotates the encryption key from the admin pages.
	KeyManager staff.KeyManager
	// Notify keeps the staff's notifications (the bell, /notifications).
	Notify *notify.Store
	// Jobs is the background queue admins watch (/admin/jobs).
	Jobs staff.JobQueue
	// Referrals sends clients from one member of the network to another.
	Referrals *referral.Store
	// Online keeps anonymous online counseling.
	Online *online.Store
	// Live signals changes of online conversations to open pages.
	Live *online.Hub
	// Events are the network's trainings and events.
	Events *event.Store
	// WriteCertificate writes an event's certificate of attendance as PDF.
	WriteCertificate func(w io.Writer, p event.Print) error
	// Regional keeps the regional networks' work.
	Regional *regional.Store
	// Stats are the protected statistics.
	Stats *stats.Service
	// MSO keeps migrant self-organisations' profiles and support requests.
	MSO *mso.Store
	// Volunteers keeps volunteers and language mediation.
	Volunteers *volunteer.Store
}

// Route is one entry of a route table (see site.Route).
type Route = site.Route

// Site is the HTTP handler of the whole site with its route table.
type Site struct {
	http.Handler
	// Routes are the tables of every surface the handler was built from
	// (for the role matrix and the hostile-input walk).
	Routes []Route
}

// New builds the HTTP handler of the whole site, middleware included.
func New(d Deps) (*Site, error) {
	kit, err := site.New(site.Options{Config: d.Config, Catalog: d.Catalog, Auth: d.Auth, Log: d.Log, Clock: d.Clock,
		Version: d.Version, CSRFKey: d.Keys.Derive("csrf"), Metrics: d.Registry,
		Ready: func(ctx context.Context) error { return d.DB.Ping(ctx) }, Templates: []fs.FS{public.Templates, staff.Templates},
		Unread: func(ctx context.Context, p auth.Principal) int {
			n, err := d.Notify.Unread(ctx, p)
			if err != nil {
				d.Log.Warn("unread notifications", "err", err)
			}
			return n
		},
		OnlineClient: d.Online.SessionClient, VolunteerSession: volunteerSession(d.Volunteers)})
	if err != nil {
		return nil, err
	}
	pub := public.New(kit, public.Deps{Catalog: d.Catalog, Log: d.Log, Clock: d.Clock, Geo: d.Geo, Finder: d.Finder, API: d.API,
		Feedback: d.Feedback, AccessibilityContact: d.Config.AccessibilityContact, Online: d.Online, Live: d.Live, Events: d.Events, WriteCertificate: d.WriteCertificate, Stats: d.Stats, Network: d.Network, MSO: d.MSO, Volunteers: d.Volunteers,
		OnlineLimits: public.OnlineLimits{SignUp: online.NewLimiter(10, time.Hour, d.Clock.Now), Login: online.NewLimiter(10, 15*time.Minute, d.Clock.Now)}})
	stf := staff.New(kit, staff.Deps{Config: d.Config, Auth: d.Auth, Audit: d.Audit, Catalog: d.Catalog,
		Log: d.Log, Clock: d.Clock, Geo: d.Geo, Network: d.Network, Cases: d.Cases, Keys: d.KeyManager, Feedback: d.Feedback,
		Notify: d.Notify, Jobs: d.Jobs, Referrals: d.Referrals, Online: d.Online, Live: d.Live, Events: d.Events, Regional: d.Regional, Stats: d.Stats, MSO: d.MSO, Volunteers: d.Volunteers})
	var routes []Route
	for _, table := range [][]Route{kit.CoreRoutes(), pub.Routes(), stf.Routes()} {
		routes = append(routes, table...)
	}
	return &Site{Handler: kit.Handler(routes), Routes: routes}, nil
}

// volunteerSession answers for the site whether a volunteer's account
// session is valid (nil without the volunteer store).
func volunteerSession(s *volunteer.Store) func(ctx context.Context, token string) bool {
	if s == nil {
		return nil
	}
	return func(ctx context.Context, token string) bool {
		_, ok := s.SessionVolunteer(ctx, token)
		return ok
	}
}
