// Package staff is the surface for signed-in staff: login and account,
// administration, the network registry, case files with their plans,
// deadlines and substitutions. Every route names its permission in the
// route table (routes*.go); which rows a user reaches is decided by the
// stores' SQL scopes.
//
// Files are named by feature so that a page is found in one step:
// login*.go, account.go, admin_*.go, dashboard.go, network_*.go,
// cases_*.go (the case file and everything on it, plan pages included),
// deadlines.go; templates/pages/ follows the same names.
package staff

import (
	"context"
	"embed"
	"log/slog"

	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Templates are the staff pages and partials (parsed by the site layer).
//
//go:embed templates
var Templates embed.FS

// Deps is what the staff surface needs.
type Deps struct {
	Config  config.Config
	Auth    *auth.Service
	Audit   *audit.Log
	Catalog *i18n.Catalog
	Log     *slog.Logger
	Clock   clock.Clock
	Geo     *geo.Gazetteer
	Network *network.Store
	// Cases keeps client files (case management).
	Cases *casework.Store
	// Keys rotates the encryption key (admin page).
	Keys KeyManager
	// Feedback is the inbox of the accessibility statement's form.
	Feedback *feedback.Store
	// Notify keeps the staff's notifications.
	Notify *notify.Store
	// Jobs is the background queue (admin page).
	Jobs JobQueue
	// Referrals sends clients from one member of the network to another.
	Referrals *referral.Store
	// Online keeps anonymous online counseling (nil: not offered).
	Online *online.Store
	// Live signals changes of conversations to open pages.
	Live *online.Hub
	// Events are the trainings and events staff organise.
	Events *event.Store
	// Regional is the regional networks' work.
	Regional *regional.Store
	// Stats are the protected statistics.
	Stats *stats.Service
	// MSO keeps migrant self-organisations' profiles and support requests.
	MSO *mso.Store
	// Volunteers keeps volunteers and language mediation (nil: not offered).
	Volunteers *volunteer.Store
}

// JobQueue is what the admin page of background jobs needs (jobs.Queue).
type JobQueue interface {
	List(ctx context.Context, states []string, limit int) ([]jobs.Job, error)
	Counts(ctx context.Context) (map[string]int, error)
	Retry(ctx context.Context, id int64) (jobs.Job, error)
	Tasks() []jobs.Task
}

// Handler holds the staff pages.
type Handler struct {
	*site.Kit
	Deps
}

// New returns the staff surface, rendering through kit.
func New(kit *site.Kit, d Deps) *Handler { return &Handler{Kit: kit, Deps: d} }
