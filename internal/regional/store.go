package regional

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

var (
	// ErrNotFound: no such item, or in a space the reader does not take
	// part in (404 either way).
	ErrNotFound = errors.New("regional: not found")
	// ErrForbidden: the reader sees the item but may not do this to it
	// (a member editing the agenda, say).
	ErrForbidden = errors.New("regional: not allowed")
	// ErrLocked: approved minutes (and what they recorded) do not change;
	// a correction is a new version.
	ErrLocked = errors.New("regional: approved minutes are locked")
	// ErrStale: somebody changed the item since it was read.
	ErrStale = errors.New("regional: stale version")
)

// StateSpace is the statewide space: its library, threads and
// announcements reach everybody taking part in any region.
const StateSpace = "state"

// Notice is something a person should hear of (a task given to them, a
// reply in a thread they follow, a mention); the app turns it into a
// notification in the same transaction. It carries no content beyond a
// link target.
type Notice struct {
	Kind, UserID, Href string
}

// Notices are the kinds of Notice.
const (
	NoticeTask     = "region_task"
	NoticeReply    = "thread_reply"
	NoticeMention  = "thread_mention"
	NoticeMeeting  = "meeting_invitation"
	NoticeAnnounce = "announcement"
	// NoticeMinutes: minutes were circulated for corrections (to those
	// invited to the meeting).
	NoticeMinutes = "minutes_circulated"
)

// Notifier records notices in the caller's transaction.
type Notifier func(ctx context.Context, tx *db.Tx, n Notice) error

// Invitation is a meeting invitation to send by e-mail (the app renders
// it in the recipient's language and attaches the iCalendar file).
type Invitation struct {
	To, Lang, Name string
	Meeting        *Meeting
	RegionName     string
	// Cancelled says the meeting was called off (the mail says so and the
	// calendar entry is cancelled).
	Cancelled bool
	// Updated says the meeting changed after the invitation went out (the
	// mail says so; the calendar entry replaces the old one).
	Updated bool
}

// Mailer queues invitation mails in the caller's transaction.
type Mailer func(ctx context.Context, tx *db.Tx, inv Invitation) error

// Options configure the store.
type Options struct {
	Clock  clock.Clock
	Notify Notifier
	Mail   Mailer
}

// Store keeps the regional networks' work.
type Store struct {
	db    *db.DB
	audit *audit.Log
	keys  auth.Sealer
	o     Options
}

// NewStore wires the store; keys seal library documents.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	if o.Notify == nil {
		o.Notify = func(context.Context, *db.Tx, Notice) error { return nil }
	}
	if o.Mail == nil {
		o.Mail = func(context.Context, *db.Tx, Invitation) error { return nil }
	}
	return &Store{db: d, audit: a, keys: keys, o: o}
}

func (s *Store) now() time.Time { return s.o.Clock.Now() }

func newID() string { return uuid.Must(uuid.NewV7()).String() }
