package notify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// Mailer queues an e-mail in a transaction (jobs.Queue).
type Mailer interface {
	SendMailTx(ctx context.Context, tx *db.Tx, m mail.Message) error
}

// Options configure the store.
type Options struct {
	Clock   clock.Clock
	Catalog *i18n.Catalog
	// BaseURL is the platform's public address for links in mails.
	BaseURL string
	// UnsubscribeKey signs the digests' unsubscribe links.
	UnsubscribeKey []byte
	// Deadlines counts each counselor's deadlines for the digest (nil: none).
	Deadlines func(ctx context.Context) (map[string]DeadlineCounts, error)
}

// Store keeps the notifications.
type Store struct {
	db   *db.DB
	mail Mailer
	o    Options
}

// New returns the store; mail may be nil (no e-mails, tests).
func New(d *db.DB, m Mailer, o Options) *Store {
	return &Store{db: d, mail: m, o: o}
}

// Note is a notification to add.
type Note struct {
	UserID string
	Kind   Kind
	// Link is the platform path of the thing ("/cases/…"), shown only in
	// the platform.
	Link string
	// Counts are the deadline digest's figures.
	Counts DeadlineCounts
}

// Add stores n in tx and, as the recipient chose, queues an e-mail in the
// same transaction or marks it for the daily digest. A note for a
// disabled account is stored but mailed to nobody.
func (s *Store) Add(ctx context.Context, tx *db.Tx, n Note) error {
	info, ok := infoOf(n.Kind)
	if !ok || n.UserID == "" || !strings.HasPrefix(n.Link, "/") {
		return fmt.Errorf("notify: invalid note %+v", n)
	}
	ch, err := channelOf(ctx, tx, n.UserID, info)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO notifications (id, user_id, kind, link, counts, created_at, digest_pending)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), n.UserID, string(n.Kind), n.Link,
		n.Counts.encode(), s.o.Clock.Now(), ch == Digest)
	if err != nil {
		return fmt.Errorf("notify: add: %w", err)
	}
	if ch != Email || s.mail == nil {
		return nil
	}
	r, ok, err := recipientOf(ctx, tx, n.UserID)
	if err != nil || !ok {
		return err
	}
	m, err := s.instantMail(r, n)
	if err != nil {
		return err
	}
	return s.mail.SendMailTx(ctx, tx, m)
}

// link is an absolute URL of a platform path, for mails.
func (s *Store) link(path string) string {
	base, err := url.Parse(strings.TrimRight(s.o.BaseURL, "/"))
	if err != nil || base.Host == "" {
		return s.o.BaseURL + path
	}
	return base.String() + path
}
