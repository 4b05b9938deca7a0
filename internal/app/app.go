// Package app wires the platform together: configuration, database, stores,
// HTTP server and background work, and the command line that drives them.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/stats"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/kmn-niedersachsen/kmn/internal/api"
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
	"github.com/kmn-niedersachsen/kmn/internal/httpx"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web"
)

// App is a running platform instance.
type App struct {
	Config config.Config
	// Clock is the platform's one clock.
	Clock   clock.Clock
	Log     *slog.Logger
	DB      *db.DB
	Keys    *secret.Keyring
	Audit   *audit.Log
	Auth    *auth.Service
	Geo     *geo.Gazetteer
	Network *network.Store
	Finder  *finder.Finder
	API     *api.API
	Cases   *casework.Store
	Handler http.Handler
	// Routes is the staff site's route table.
	Routes []web.Route
	// Feedback keeps the accessibility statement's feedback messages.
	Feedback *feedback.Store
	// Jobs is the background job queue (mail, periodic tasks).
	Jobs *jobs.Queue
	// Notify keeps the staff's notifications and mails them.
	Notify *notify.Store
	// Referrals sends clients from one member of the network to another.
	Referrals *referral.Store
	// Online keeps anonymous online counseling.
	Online *online.Store
	// Events keeps the network's trainings and events.
	Events *event.Store
	// Regional keeps the regional networks' work (meetings, minutes,
	// tasks, announcements, libraries, threads).
	Regional *regional.Store
	// Stats computes the protected statistics (cached per period).
	Stats *stats.Service
	// MSO keeps the migrant self-organisations' profiles and support requests.
	MSO *mso.Store
	// Volunteers keeps volunteers, language mediation requests and assignments.
	Volunteers *volunteer.Store
	// Live tells readers of online conversations that something is new.
	Live *online.Hub
	// stopLive ends the PostgreSQL listener of Live.
	stopLive context.CancelFunc
	// catalog translates what the platform writes outside pages (mail).
	catalog *i18n.Catalog
	// apiLimit is the API's rate limit shared by all servers (PostgreSQL).
	apiLimit *api.SharedLimiter
	// KeyCreated is true when this start created the key file.
	KeyCreated bool
	// bg is the server's context (set by Serve) for background work that
	// requests start, such as re-encryption after a key rotation.
	bg context.Context
}

// backgroundContext is the context of work that outlives a request: the
// server's while it serves, else one that never ends.
func (a *App) backgroundContext() context.Context {
	if a.bg != nil {
		return a.bg
	}
	return context.Background()
}

// Open loads keys, opens and migrates the database and builds the handler.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return OpenWithClock(ctx, cfg, log, clock.System())
}

// OpenWithClock is Open with the platform's one clock, which every store,
// service and page reads; tests move it to expire sessions or reach a
// deadline without waiting.
func OpenWithClock(ctx context.Context, cfg config.Config, log *slog.Logger, clk clock.Clock) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	keys, created, err := secret.LoadOrCreate(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx, log); err != nil {
		d.Close()
		return nil, err
	}
	a := &App{Config: cfg, Clock: clk, Log: log, DB: d, Keys: keys, KeyCreated: created, Audit: audit.New(d).WithClock(clk.Now)}
	if err := a.openNetwork(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := a.openJobs(ctx); err != nil {
		d.Close()
		return nil, err
	}
	catalog, err := i18n.Load()
	if err != nil {
		a.Close()
		return nil, err
	}
	a.catalog = catalog
	a.Notify = notify.New(a.DB, a.Jobs, notify.Options{Clock: a.Clock, Catalog: catalog, BaseURL: cfg.PublicURL(),
		UnsubscribeKey: keys.Derive("unsubscribe"),
		Deadlines: func(ctx context.Context) (map[string]notify.DeadlineCounts, error) {
			return a.Cases.DeadlineCountsByCounselor(ctx)
		}})
	a.Cases = casework.NewStore(a.DB, a.Audit, a.Keys, casework.Options{Clock: a.Clock, Notes: a.Notify,
		ReferralConsentWithdrawn: func(ctx context.Context, tx *db.Tx, consentID string) error {
			return a.Referrals.RevokeByConsent(ctx, tx, consentID)
		}})
	a.Referrals = referral.NewStore(a.DB, a.Audit, a.Keys, a.Cases, referral.Options{Clock: a.Clock, Notes: a.Notify})
	a.openOnline(cfg)
	a.Events = event.NewStore(a.DB, a.Audit, a.Keys, event.Options{Clock: a.Clock, EmailKey: a.Keys.Derive("event-email"), Mail: a.eventMail})
	a.Stats = stats.New(statsSource{cases: a.Cases, registry: a.Network}, a.Clock, statsOptions(a.DB.Dialect()))
	a.Regional = regional.NewStore(a.DB, a.Audit, a.Keys, regional.Options{Clock: a.Clock, Notify: a.regionalNotice, Mail: a.meetingMail})
	a.Volunteers = volunteer.NewStore(a.DB, a.Audit, a.Keys, volunteer.Options{Clock: a.Clock, EmailKey: a.Keys.Derive("volunteer-email"),
		Places: a.Geo, Mail: a.volunteerMail})
	a.MSO = mso.NewStore(a.DB, a.Audit, a.Keys, mso.Options{Clock: a.Clock})
	a.Feedback = feedback.NewStore(a.DB, a.Audit, a.Keys, feedback.Options{Clock: a.Clock, RangeKey: keys.Derive("feedback-range")})
	a.Auth = auth.NewService(d, a.Audit, keys, auth.Options{IdleTimeout: cfg.IdleTimeout,
		AbsoluteTimeout: cfg.AbsoluteTimeout, Cost: passwordCost(cfg), Clock: clk, Scopes: a.Network,
		Grants: []auth.GrantSource{casework.SubstitutionGrants}, DeviceKey: keys.Derive("device"), Origin: cfg.PublicURL()})
	if err := a.buildHandler(catalog); err != nil {
		a.Close()
		return nil, err
	}
	// Deadlines are stored per file; files from before a change of their
	// definition (or before the table) are recomputed once.
	if n, err := a.Cases.RefreshDeadlines(ctx); err != nil {
		a.Close()
		return nil, err
	} else if n > 0 {
		log.Info("deadlines recomputed", "files", n)
	}
	return a, nil
}

func passwordCost(cfg config.Config) password.Cost {
	if cfg.PasswordCost == config.CostTest {
		return password.Test
	}
	return password.Production
}

func openDB(ctx context.Context, cfg config.Config) (*db.DB, error) {
	if cfg.Engine() == "postgres" {
		return db.OpenPostgres(ctx, cfg.DatabaseURL)
	}
	return db.OpenSQLite(ctx, cfg.SQLitePath())
}

func (a *App) buildHandler(catalog *i18n.Catalog) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.DB.SQL(), string(a.DB.Dialect())))
	reg.MustRegister(a.Jobs.Collectors()...)
	limit, err := a.apiLimiter()
	if err != nil {
		return err
	}
	a.API = api.New(a.Finder, a.Geo, api.Options{BaseURL: a.Config.PublicURL(), Catalog: catalog, Logger: a.Log, Rate: a.Config.APIRate, RateStore: limit,
		ClientIP: func(r *http.Request) string { return httpx.ClientIP(r, a.Config.BehindProxy) }})
	site, err := web.New(web.Deps{Config: a.Config, DB: a.DB, Auth: a.Auth, Audit: a.Audit, Catalog: catalog,
		Keys: a.Keys, Log: a.Log, Registry: reg, Version: Version(), Clock: a.Clock, Geo: a.Geo, Network: a.Network,
		Finder: a.Finder, API: a.API, Cases: a.Cases, Feedback: a.Feedback, KeyManager: &webKeys{a: a}, Notify: a.Notify, Jobs: a.Jobs, Referrals: a.Referrals,
		Online: a.Online, Live: a.Live, Events: a.Events, WriteCertificate: a.writeCertificate, Regional: a.Regional, Stats: a.Stats,
		MSO: a.MSO, Volunteers: a.Volunteers})
	if err != nil {
		return err
	}
	a.Handler, a.Routes = site, site.Routes
	return nil
}

// Close stops the finder's background refresh and releases the job
// queue's pool and the database.
func (a *App) Close() error {
	if a.stopLive != nil {
		a.stopLive()
	}
	if a.Finder != nil {
		a.Finder.Close()
	}
	if a.Jobs != nil {
		a.Jobs.Close()
	}
	return a.DB.Close()
}

// StartJobs works the job queue until ctx ends; Serve calls it, and tests
// that need mail delivered or periodic tasks run.
func (a *App) StartJobs(ctx context.Context) error { return a.Jobs.Start(ctx) }

// StopJobs lets running jobs finish, bounded by ctx.
func (a *App) StopJobs(ctx context.Context) error { return a.Jobs.Stop(ctx) }

// Serve runs the HTTP server until ctx ends, then shuts down gracefully:
// it stops accepting, lets running requests finish (bounded by
// ShutdownTimeout) and closes the database.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	a.bg = ctx
	// The queue stops when Serve stops it below, after the last request,
	// not the moment ctx ends (which would cut running jobs short).
	if err := a.StartJobs(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("listening", "addr", ln.Addr().String(), "engine", a.DB.Dialect(), "demo", a.Config.Demo)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err := errors.Join(srv.Shutdown(sctx), a.StopJobs(sctx))
	if errors.Is(<-errc, http.ErrServerClosed) && err == nil {
		return nil
	}
	return err
}

// FirstRun prints a one-time setup link for the first admin when no usable
// admin exists. There is never a default password.
func (a *App) FirstRun(ctx context.Context, adminEmail string) (string, error) {
	token, err := a.Auth.FirstAdminLink(ctx, adminEmail)
	if err != nil || token == "" {
		return "", err
	}
	return fmt.Sprintf("%s/setup/%s", a.Config.PublicURL(), token), nil
}

// openNetwork loads the embedded geodata and seeds the registry's reference
// rows (districts, default regions, programs, topics) that are missing.
func (a *App) openNetwork(ctx context.Context) error {
	g, err := geo.Load()
	if err != nil {
		return err
	}
	a.Geo = g
	a.Network = network.NewStore(a.DB, a.Audit, a.Clock)
	var seeds []network.DistrictSeed
	for _, d := range g.Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: d.AGS, Name: d.DisplayName(), Kind: d.Kind, Population: d.Population})
	}
	if err := a.Network.SeedReference(ctx, seeds); err != nil {
		return err
	}
	a.Finder = finder.New(a.Network, g, a.Clock)
	a.Finder.VersionQuery = a.Network.Version
	a.Finder.Logger = a.Log
	return nil
}

// openOnline wires online counseling: the store, and the live updates
// (through PostgreSQL LISTEN/NOTIFY when several servers may run).
func (a *App) openOnline(cfg config.Config) {
	a.Live = online.NewHub(a.Log)
	a.Online = online.NewStore(a.DB, a.Audit, a.Keys, online.Options{Clock: a.Clock, Cost: passwordCost(cfg), Notes: a.Notify,
		Finder: a.Finder, Geo: a.Geo, SaltKey: a.Keys.Derive("online-salt"), Signal: a.Live.Publish, Notice: a.onlineNotice,
		Retention: time.Duration(cfg.OnlineRetentionDays) * 24 * time.Hour})
	if a.DB.Dialect() == db.Postgres {
		ctx, cancel := context.WithCancel(context.Background())
		a.stopLive = cancel
		a.Live.ListenPostgres(ctx, cfg.DatabaseURL, a.Online.NotifyServers)
	}
}
