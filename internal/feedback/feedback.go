// Package feedback keeps the messages visitors send with the accessibility
// statement's feedback form (BITV 2.0 § 7, NBGG): a barrier on the public
// site, the page it concerns, and, if they want an answer, an e-mail
// address. The admins read them in an inbox, mark them handled and delete
// them.
//
// Privacy rules carried here, not in handlers:
//   - the form is anonymous; what the person wrote (message, page, e-mail)
//     is sealed with the platform's keyring under an AAD naming table,
//     column and row, and never written to a log or the audit log;
//   - the rate limit counts accepted messages per address range (IPv4
//     /24, IPv6 /64, auth.AddressRange) and stores only an HMAC of the
//     range, for one window;
//   - a handled message is deleted Retention after it was handled
//     (PurgeDue, run by the platform's housekeeping);
//   - every read and change by an admin appends an audit row, without
//     any of the message's text.
package feedback

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Limits of the form. The message limit leaves room for a detailed
// description and stays far below the site's form body limit (64 KiB)
// even in four-byte characters.
const (
	MaxMessageRunes = 4000
	MaxPageRunes    = 500
	MaxEmailBytes   = 254
)

// RetentionMonths is how long a handled message is kept after it was
// handled: long enough to see whether a reported barrier comes back and to
// answer a follow-up or a conciliation request about it, short enough
// that nobody's report lingers.
const RetentionMonths = 12

// The rate limit: at most RateLimit accepted messages per address range
// within RateWindow. A person with a real problem rarely writes more than
// twice in an hour; a script is stopped after a handful.
const (
	RateLimit  = 5
	RateWindow = time.Hour
)

// Errors the web layer turns into answers.
var (
	// ErrNotFound is returned for a message that does not exist (or no
	// longer: deleted or purged).
	ErrNotFound = db.ErrNotFound
	// ErrRateLimited is returned when the sender's address range sent
	// RateLimit messages within RateWindow; nothing is stored.
	ErrRateLimited = errors.New("feedback: too many messages from this address range")
	// ErrForbidden is returned when the principal may not read feedback.
	ErrForbidden = errors.New("feedback: not allowed")
)

// objectType names feedback messages in the audit log.
const objectType = "accessibility_feedback"

// Options configure a Store.
type Options struct {
	// Clock is the platform's clock; tests pass a movable one.
	Clock clock.Clock
	// RangeKey keys the HMAC of address ranges for the rate limit (derived
	// from the key file by the caller).
	RangeKey []byte
}

// Store reads and writes feedback messages.
type Store struct {
	db       *db.DB
	audit    *audit.Log
	keys     auth.Sealer
	clock    clock.Clock
	rangeKey []byte
}

// NewStore wires the store. keys is the platform's keyring, taken as
// auth.Sealer so that the public surface, which submits messages, does not
// reach the keys package. The audit log should use the same clock as o.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	return &Store{db: d, audit: a, keys: keys, clock: o.Clock, rangeKey: o.RangeKey}
}

// Message is one feedback message as admins read it.
type Message struct {
	ID         string
	ReceivedAt time.Time
	// Lang is the language of the page the form was sent from.
	Lang string
	// Text, Page and Email are what the person wrote ("" when not given).
	Text, Page, Email string
	// HandledAt is zero while the message is open.
	HandledAt time.Time
	// HandledBy names the admin who marked it handled.
	HandledBy string
	// DeleteAfter is when a handled message is deleted.
	DeleteAfter time.Time
}

// Open reports whether nobody has handled the message yet.
func (m Message) Open() bool { return m.HandledAt.IsZero() }

// allowed refuses principals without the feedback permission.
func allowed(p auth.Principal) error {
	if !p.Can(perm.FeedbackManage) {
		return ErrForbidden
	}
	return nil
}

// readAudited is audit.Log.AuditedRead on the store's log: read on a
// snapshot, hand out only after the audit row is committed.
func (s *Store) readAudited(ctx context.Context, read func(q db.Querier) (audit.Entry, error)) error {
	return s.audit.AuditedRead(ctx, read)
}

// checkOne turns an UPDATE or DELETE of one row into ErrNotFound when no
// row matched.
func checkOne(res interface{ RowsAffected() (int64, error) }, err error, what string) error {
	if err != nil {
		return fmt.Errorf("feedback: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("feedback: %s: %w", what, err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}
