package mso

import (
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Options configure the store.
type Options struct {
	Clock clock.Clock
}

// Store keeps MSO profiles and support requests.
type Store struct {
	db    *db.DB
	audit *audit.Log
	keys  auth.Sealer
	o     Options
}

// NewStore wires the store; keys seal the requests' subjects and notes.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	return &Store{db: d, audit: a, keys: keys, o: o}
}

func (s *Store) now() time.Time { return s.o.Clock.Now() }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// seal and open a free text under "<table>.<field>:<id>", the key file's
// convention (internal/app/cmd_keys.go re-encrypts these columns).
func (s *Store) seal(v, table, field, id string) string {
	if v == "" {
		return ""
	}
	return s.keys.Encrypt([]byte(v), table+"."+field+":"+id)
}

func (s *Store) open(v, table, field, id string) string {
	if v == "" {
		return ""
	}
	b, err := s.keys.Decrypt(v, table+"."+field+":"+id)
	if err != nil {
		return ""
	}
	return string(b)
}
