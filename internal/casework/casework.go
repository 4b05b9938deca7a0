// Package casework keeps client files of counseling offices: a pseudonym code
// with statistics fields, consents, contact data (only while consented),
// counseling contacts, closing and retention.
//
// Privacy rules carried here, not in handlers:
//   - scope is part of every query: a viewer sees files of the offices they
//     work in, only their own where the office's case_visibility is "own"
//     (leads always see the whole office), and a substitute also the absent
//     colleague's files of that office during the substitution
//     (substitution.go); anything else is ErrNotFound;
//   - contact data and notes are sealed with AES-256-GCM (secret.Keyring)
//     under an AAD naming table, column and row, so a ciphertext cannot be
//     moved to another row or column;
//   - every read and write of a file appends an audit row in the same
//     transaction, never with personal data in its detail;
//   - a closed file gets a deletion date; PurgeDue erases what is due.
package casework

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

// ErrNotFound is returned for files that do not exist or lie outside the
// viewer's scope (the two must look the same).
var ErrNotFound = db.ErrNotFound

// ErrStale is returned when a file changed since the viewer loaded it.
var ErrStale = errors.New("casework: changed by someone else in the meantime")

// ErrNoConsent is returned when contact data is read without an active
// contact-data consent.
var ErrNoConsent = errors.New("casework: no active consent for contact data")

// DefaultRetentionYears is how long a closed file is kept unless the
// program's entry in Options.RetentionYears says otherwise.
const DefaultRetentionYears = 3

// objectType names client files in the audit log.
const objectType = "client_file"

// Options configure a Store.
type Options struct {
	// Clock is the platform's clock; tests pass a movable one.
	Clock clock.Clock
	// RetentionYears overrides DefaultRetentionYears per program id.
	RetentionYears map[string]int
	// Notes receives the notifications of changes that concern a
	// colleague (a transfer, a substitution), in the change's transaction;
	// nil tells nobody.
	Notes Notes
	// ReferralConsentWithdrawn is called in the transaction that withdraws
	// a referral consent, so the referrals it carried are revoked at once
	// (referral.Store.RevokeByConsent).
	ReferralConsentWithdrawn func(ctx context.Context, tx *db.Tx, consentID string) error
}

// Notes adds notifications in a transaction (notify.Store).
type Notes interface {
	Add(ctx context.Context, tx *db.Tx, n notify.Note) error
}

// Store reads and writes client files.
type Store struct {
	db        *db.DB
	audit     *audit.Log
	keys      *secret.Keyring
	clock     clock.Clock
	now       func() time.Time
	retention map[string]int
	notes     Notes
	withdrawn func(ctx context.Context, tx *db.Tx, consentID string) error
}

// NewStore wires the store. The audit log should use the same clock as opts.
func NewStore(d *db.DB, a *audit.Log, k *secret.Keyring, opts Options) *Store {
	return &Store{db: d, audit: a, keys: k, clock: opts.Clock, now: opts.Clock.Now, retention: opts.RetentionYears, notes: opts.Notes,
		withdrawn: opts.ReferralConsentWithdrawn}
}

// tell adds a notification for userID unless it is the person acting (who
// knows already) or nobody listens.
func (s *Store) tell(ctx context.Context, tx *db.Tx, v Viewer, userID string, kind notify.Kind, link string) error {
	if s.notes == nil || userID == v.UserID() {
		return nil
	}
	return s.notes.Add(ctx, tx, notify.Note{UserID: userID, Kind: kind, Link: link})
}

// today is the current calendar date in Lower Saxony, as midnight UTC.
func (s *Store) today() time.Time { return s.clock.Today() }

// day drops the clock time of t, keeping its calendar date, as midnight UTC:
// the form every DATE column is written in.
func day(t time.Time) time.Time { return clock.Day(t) }

// retentionYears is how long files of program are kept after closing:
// Options.RetentionYears if it names the program, else the program's
// retention_years column (set on the program form), else the default.
func (s *Store) retentionYears(ctx context.Context, q db.Querier, program string) (int, error) {
	if y, ok := s.retention[program]; ok && y > 0 {
		return y, nil
	}
	y, err := network.RetentionYears(ctx, q, program)
	switch {
	case err != nil:
		return 0, fmt.Errorf("casework: retention years: %w", err)
	case y <= 0:
		return DefaultRetentionYears, nil
	}
	return y, nil
}

// readAudited is audit.Log.AuditedRead on the store's log: read on a
// snapshot, hand out only after the audit row is committed.
func (s *Store) readAudited(ctx context.Context, read func(q db.Querier) (audit.Entry, error)) error {
	return s.audit.AuditedRead(ctx, read)
}
