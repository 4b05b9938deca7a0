// Package volunteer keeps volunteers and language mediation (issue 18):
// the public sign-up with double opt-in, the coordinator's confirmation
// with the confidentiality pledge and documents that expire, mediation
// requests from counselors (never with client identity), asking the
// volunteers package match proposes, their answer through the personal
// link, and the hours logged afterwards. It owns the tables of migration
// 00030 and decides in SQL which rows a principal reaches.
package volunteer

import (
	"context"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

// Places turns a postcode into its centre and district (package geo's
// Gazetteer).
type Places interface {
	Centroid(postcode string) (lat, lon float64, ags string, err error)
}

// Mailer queues a mail in the caller's transaction.
type Mailer func(ctx context.Context, tx *db.Tx, m Mail) error

// Options configure the store.
type Options struct {
	Clock clock.Clock
	// EmailKey makes the e-mail address's lookup key (HMAC), from the key file.
	EmailKey []byte
	Mail     Mailer
	Places   Places
	// RemindBefore is how long before a document expires its holder and
	// the coordinator are reminded (default 30 days).
	RemindBefore time.Duration
}

// Store keeps volunteers, their documents and the mediation requests.
type Store struct {
	db    *db.DB
	audit *audit.Log
	keys  auth.Sealer
	o     Options
}

// NewStore wires the store; keys seal volunteers' personal data.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	if o.Mail == nil {
		o.Mail = func(context.Context, *db.Tx, Mail) error { return nil }
	}
	if o.RemindBefore <= 0 {
		o.RemindBefore = 30 * 24 * time.Hour
	}
	return &Store{db: d, audit: a, keys: keys, o: o}
}

func (s *Store) now() time.Time { return s.o.Clock.Now().UTC() }

// emailKey is the lookup key of an address.
func (s *Store) emailKey(email string) string { return linktoken.AddressKey(s.o.EmailKey, email) }

// seal and open a volunteer's field under "volunteers.<f>:<id>".
func (s *Store) seal(v, field, id string) string {
	if v == "" {
		return ""
	}
	return s.keys.Encrypt([]byte(v), "volunteers."+field+":"+id)
}

func (s *Store) open(v, field, id string) string {
	if v == "" {
		return ""
	}
	b, err := s.keys.Decrypt(v, "volunteers."+field+":"+id)
	if err != nil {
		return ""
	}
	return string(b)
}
