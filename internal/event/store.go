package event

import (
	"context"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

// Mail kinds the store asks to send to registrants (the app renders them in
// the registrant's language with the link).
const (
	MailConfirm    = "confirm"    // open the link to confirm (double opt-in)
	MailConfirmed  = "confirmed"  // a place is yours
	MailWaitlisted = "waitlisted" // you are on the waitlist
	MailOffer      = "offer"      // a place is free for you until …
	MailCancelled  = "cancelled"  // the event was cancelled
	MailRequested  = "requested"  // the organiser decides on the registration
	MailDeclined   = "declined"   // the organiser declined it
)

// Mail is one mail to a registrant: Link is the personal page (or the
// confirmation link), Until the end of an offer.
type Mail struct {
	Kind, To, Lang, Link, EventTitle string
	Until                            time.Time
}

// Mailer queues mails in the caller's transaction.
type Mailer func(ctx context.Context, tx *db.Tx, m Mail) error

// Options configure the store.
type Options struct {
	Clock clock.Clock
	// EmailKey makes the e-mail address's lookup key (HMAC), from the key file.
	EmailKey []byte
	Mail     Mailer
	// OfferFor is how long a freed place stays offered (default 48 h; never
	// past the registration's close).
	OfferFor time.Duration
}

// Store keeps events and registrations.
type Store struct {
	db    *db.DB
	audit *audit.Log
	keys  auth.Sealer
	o     Options
}

// NewStore wires the store; keys seal registrants' data.
func NewStore(d *db.DB, a *audit.Log, keys auth.Sealer, o Options) *Store {
	if o.OfferFor <= 0 {
		o.OfferFor = 48 * time.Hour
	}
	if o.Mail == nil {
		o.Mail = func(context.Context, *db.Tx, Mail) error { return nil }
	}
	return &Store{db: d, audit: a, keys: keys, o: o}
}

func (s *Store) now() time.Time { return s.o.Clock.Now() }

// emailKey is the lookup key of an address.
func (s *Store) emailKey(email string) string { return linktoken.AddressKey(s.o.EmailKey, email) }

// seal and open a registrant's field under "event_registrations.<f>:<id>".
func (s *Store) seal(v, field, id string) string {
	if v == "" {
		return ""
	}
	return s.keys.Encrypt([]byte(v), "event_registrations."+field+":"+id)
}

func (s *Store) open(v, field, id string) string {
	if v == "" {
		return ""
	}
	b, err := s.keys.Decrypt(v, "event_registrations."+field+":"+id)
	if err != nil {
		return ""
	}
	return string(b)
}
