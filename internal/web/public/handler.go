// Package public is the surface for everybody, without an account: the
// office finder and office pages in seven languages, the district
// boundaries for its map and the open-data API mounted under /api/.
// Later it carries anonymous online counseling, event registration and
// volunteer sign-up. It must never reach case data or keys: it depends on
// the registry snapshot (finder) and the shared site layer only, and a test
// in internal/web fails if its imports reach internal/casework or
// internal/secret.
package public

import (
	"embed"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/stats"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Templates are the public pages and partials (parsed by the site layer).
//
//go:embed templates
var Templates embed.FS

// Deps is what the public surface needs.
type Deps struct {
	Catalog *i18n.Catalog
	Log     *slog.Logger
	Clock   clock.Clock
	Geo     *geo.Gazetteer
	Finder  *finder.Finder
	// API serves /api/ (the open-data API, internal/api).
	API http.Handler
	// Feedback stores messages sent with the accessibility statement.
	Feedback *feedback.Store
	// AccessibilityContact is the e-mail address the statement names
	// ("" names none).
	AccessibilityContact string
	// Online keeps anonymous online counseling (nil: not offered).
	Online *online.Store
	// OnlineLimits bound sign-ups and failed logins per address range.
	OnlineLimits OnlineLimits
	// Live signals changes of conversations to open pages.
	Live *online.Hub
	// Events are the network's trainings and events (calendar, registration).
	Events *event.Store
	// WriteCertificate writes a certificate of attendance as PDF.
	WriteCertificate func(w io.Writer, p event.Print) error
	// Stats are the protected statistics (the open-data page).
	Stats *stats.Service
	// Network names the programs on the statistics page.
	Network *network.Store
	// MSO is the directory of migrant self-organisations that agreed to it.
	MSO *mso.Store
	// Volunteers takes volunteers' sign-ups and answers on their personal pages.
	Volunteers *volunteer.Store
}

// OnlineLimits are the attempt limits of anonymous accounts.
type OnlineLimits struct {
	SignUp, Login *online.Limiter
}

// Bounds of the results page cache: at about 22 KB a page, the byte
// budget is what binds (see docs/BENCHMARKS.md, memory under load).
const (
	maxCachedPages = 4096
	maxCachedBytes = 16 << 20
)

// Handler holds the public pages.
type Handler struct {
	*site.Kit
	Deps
	// choices caches the finder form's select options by language.
	choices sync.Map // lang → *choiceSet
	// skeletons holds the results page skeleton by language (skeleton.go).
	skeletons sync.Map // lang → *skeleton
	// frames holds the result list's office frames by language (fasthtml.go).
	frames sync.Map // lang → *frameSet
	// pages caches rendered finder results pages (see pagecache.go).
	pages *pageCache
}

// New returns the public surface, rendering through kit.
func New(kit *site.Kit, d Deps) *Handler {
	return &Handler{Kit: kit, Deps: d, pages: newPageCache(maxCachedPages, maxCachedBytes)}
}
