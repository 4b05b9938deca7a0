// Package audit keeps the platform's append-only, hash-chained audit log.
//
// Every row carries the SHA-256 hash of its own content chained to the hash
// of the row before it, so editing a row, deleting one from the middle or
// inserting one breaks the chain at a seq that Verify names. The database
// additionally refuses UPDATE and DELETE on audit_log (triggers in migration
// 00002); the chain is what still catches an attacker who can drop them.
//
// Limits that a chain without a secret cannot overcome, and why Verify
// returns Head:
//   - Deleting the newest rows (tail truncation) leaves a shorter chain that
//     is still valid. It is only detectable against a head hash (and row
//     count) recorded elsewhere, e.g. in the operator's monitoring or a
//     daily report; compare Report.Head and Report.Rows with that record.
//   - An attacker who rewrites a row and recomputes every later hash also
//     leaves a valid chain; again, only a head recorded elsewhere exposes it.
//
// Append writes inside the caller's transaction, so a change and the audit
// row describing it commit or roll back together.
package audit

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Result is the outcome of an audited action.
type Result string

const (
	// ResultSuccess means the action was carried out.
	ResultSuccess Result = "success"
	// ResultFailure means the action was attempted and failed (bad password,
	// invalid input, error).
	ResultFailure Result = "failure"
	// ResultDenied means the caller lacked the permission or scope.
	ResultDenied Result = "denied"
)

// ErrInvalidEntry is wrapped by the error Append and Write return for an
// Entry that cannot be logged; nothing is written then.
var ErrInvalidEntry = errors.New("audit: invalid entry")

// Entry is what a caller reports about one action.
type Entry struct {
	// ActorID is the user id and Actor a display snapshot of that user
	// (e-mail) at the time; both are empty for anonymous actions.
	ActorID, Actor string
	// Action is a dotted verb such as "auth.login" or "user.create".
	Action string
	// ObjectType and ObjectID name the object acted upon, if any.
	ObjectType, ObjectID string
	// Result is the outcome.
	Result Result
	// IP is the client address.
	IP string
	// Detail holds extra facts such as before/after values. It is stored as
	// canonical JSON (sorted keys); an empty map is stored as "".
	Detail map[string]string
}

// Record is a stored Entry with its place in the chain.
type Record struct {
	// Seq numbers the rows 1, 2, 3, … without gaps.
	Seq int64
	// At is when the row was written (UTC, microseconds).
	At time.Time
	Entry
	// PrevHash is the previous row's Hash ("" for the first row).
	PrevHash string
	// Hash is the hex SHA-256 over PrevHash and this row's content.
	Hash string
}

// Log appends to, reads and verifies the audit log.
type Log struct {
	db    *db.DB
	now   func() time.Time
	batch *batcher // shared by Write calls on this Log (batch.go)
}

// New returns a Log on d that stamps rows with the system clock (the
// platform passes its clock with WithClock).
func New(d *db.DB) *Log { return &Log{db: d, now: clock.System().Now, batch: &batcher{}} }

// WithClock returns a copy of l that stamps rows with now (for tests). The
// time is normalised like clock.Now (UTC, microseconds) so it hashes the same
// after a round trip through either engine.
func (l *Log) WithClock(now func() time.Time) *Log {
	c := *l
	c.now = func() time.Time { return now().UTC().Truncate(time.Microsecond) }
	c.batch = &batcher{} // a batch is stamped by one clock
	return &c
}

// validate refuses entries that could not be stored or hashed faithfully.
// Invalid UTF-8 is refused because JSON would silently replace it, so two
// different entries could hash alike (and PostgreSQL rejects it anyway).
func (e Entry) validate() error {
	if e.Action == "" {
		return fmt.Errorf("%w: action is empty", ErrInvalidEntry)
	}
	switch e.Result {
	case ResultSuccess, ResultFailure, ResultDenied:
	default:
		return fmt.Errorf("%w: result %q", ErrInvalidEntry, e.Result)
	}
	for _, s := range e.strings() {
		if !utf8.ValidString(s) || containsNUL(s) {
			return fmt.Errorf("%w: invalid UTF-8 or NUL in %q", ErrInvalidEntry, s)
		}
	}
	return nil
}

// strings lists every text of the entry, detail keys and values included.
func (e Entry) strings() []string {
	s := []string{e.ActorID, e.Actor, e.Action, e.ObjectType, e.ObjectID, e.IP}
	for k, v := range e.Detail {
		s = append(s, k, v)
	}
	return s
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
