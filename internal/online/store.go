package online

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/password"
)

// Notes adds notifications in a transaction (notify.Store).
type Notes interface {
	Add(ctx context.Context, tx *db.Tx, n notify.Note) error
}

// Options configure the store.
type Options struct {
	Clock clock.Clock
	// Cost is the argon2id cost of the login and recovery hashes.
	Cost password.Cost
	// Notes tells counselors of new enquiries and answers (nil: nobody).
	Notes Notes
	// Finder is the registry snapshot enquiries are routed with.
	Finder *finder.Finder
	Geo    *geo.Gazetteer
	// Retention is how long a closed conversation is kept (default 30 days).
	Retention time.Duration
	// Inactive is after how long without activity an anonymous account is
	// deleted (default 90 days).
	Inactive time.Duration
	// SaltKey makes the stand-in salts for unknown nicknames (a key
	// derived from the key file, so every server answers the same).
	SaltKey []byte
	// Notice queues the "new answer" mail to a client's notice address in
	// the transaction of the answer (nil: none is sent).
	Notice func(ctx context.Context, tx *db.Tx, to, lang string) error
	// Signal is told of every new message (the live updates); nil: nobody.
	Signal func(conversationID string)
}

// Session lengths of an anonymous client: idle and absolute.
const (
	sessionIdle     = time.Hour
	sessionAbsolute = 12 * time.Hour
)

// Store keeps online counseling.
type Store struct {
	db     *db.DB
	audit  *audit.Log
	keys   auth.Sealer
	hasher *password.Hasher
	o      Options
}

// NewStore wires the store; keys seal the optional notice address.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	if o.Retention <= 0 {
		o.Retention = 30 * 24 * time.Hour
	}
	if o.Inactive <= 0 {
		o.Inactive = 90 * 24 * time.Hour
	}
	if o.Signal == nil {
		o.Signal = func(string) {}
	}
	return &Store{db: d, audit: a, keys: keys, hasher: password.NewHasher(o.Cost), o: o}
}

// DB is the store's database (for reads outside a transaction).
func (s *Store) DB() db.Querier { return s.db }

// Retention is how long a closed conversation is kept.
func (s *Store) Retention() time.Duration { return s.o.Retention }

func (s *Store) now() time.Time { return s.o.Clock.Now() }

// record writes an audit entry for an anonymous client: the account's id
// only, never the nickname, and no address (anonymous counseling keeps
// none).
func (s *Store) record(ctx context.Context, tx *db.Tx, clientID, action string, result audit.Result) error {
	e := audit.Entry{Actor: "online client", Action: action, ObjectType: "online_client", ObjectID: clientID, Result: result}
	if err := s.audit.Append(ctx, tx, e); err != nil {
		return fmt.Errorf("online: audit %s: %w", action, err)
	}
	return nil
}

// NotifyServers tells every server (PostgreSQL NOTIFY on Channel) that a
// conversation changed; the payload is its id.
func (s *Store) NotifyServers(ctx context.Context, conversationID string) error {
	_, err := s.db.Exec(ctx, `SELECT pg_notify(?, ?)`, Channel, conversationID)
	return err
}
