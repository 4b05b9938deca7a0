package notify_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// outbox records the mails queued, as the job queue would send them.
type outbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (o *outbox) SendMailTx(_ context.Context, _ *db.Tx, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) count() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.sent) }

// person inserts an account directly (auth's seeding needs a whole service).
func person(t *testing.T, d *db.DB, id, lang string, disabled bool) {
	t.Helper()
	_, err := d.Exec(context.Background(), `INSERT INTO users (id, email, name, role, scope_kind, scope_id, password_hash,
		language, disabled, created_at, updated_at) VALUES (?, ?, ?, 'counselor', 'office', 'o1', 'x', ?, ?, ?, ?)`,
		id, id+"@kmn.example", id, lang, disabled, time.Now(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
}

func newStore(t *testing.T, d *db.DB, box *outbox, now *time.Time) *notify.Store {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return notify.New(d, box, notify.Options{Clock: clock.New(func() time.Time { return *now }), Catalog: cat,
		BaseURL: "https://kmn.example.org", UnsubscribeKey: []byte("0123456789abcdef0123456789abcdef")})
}

func TestAddFollowsItsTransaction(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		person(t, d, "u1", "en", false)
		person(t, d, "off", "de", true)
		now := time.Now()
		box := &outbox{}
		s := newStore(t, d, box, &now)
		failed := errors.New("the change fails")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := s.Add(ctx, tx, notify.Note{UserID: "u1", Kind: notify.FileTransferred, Link: "/cases/x"}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatal(err)
		}
		// (The outbox is not transactional; the job queue is: see internal/jobs.)
		add := func(n notify.Note) error {
			return d.InTx(ctx, func(tx *db.Tx) error { return s.Add(ctx, tx, n) })
		}
		if err := add(notify.Note{UserID: "u1", Kind: notify.FileTransferred, Link: "/cases/x"}); err != nil {
			t.Fatal(err)
		}
		if err := add(notify.Note{UserID: "off", Kind: notify.FileTransferred, Link: "/cases/y"}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []notify.Note{{UserID: "u1", Kind: "no_such_kind", Link: "/"}, {UserID: "u1", Kind: notify.Deadlines, Link: "https://evil.example"}} {
			if err := add(bad); err == nil {
				t.Errorf("Add(%+v) accepted", bad)
			}
		}
		var rows int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM notifications").Scan(&rows); err != nil || rows != 2 {
			t.Errorf("%d notifications stored (%v), want the committed two", rows, err)
		}
		// The disabled account gets the notification but no mail.
		if box.count() != 2 || box.sent[1].To != "u1@kmn.example" || box.sent[1].Lang != "en" ||
			!strings.Contains(box.sent[1].Text, "https://kmn.example.org/notifications") {
			t.Errorf("mails: %+v", box.sent)
		}
	})
}

func TestPurgeKeepsRecentAndUnread(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		person(t, d, "u1", "de", false)
		now := time.Now()
		s := newStore(t, d, nil, &now)
		add := func() {
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				return s.Add(ctx, tx, notify.Note{UserID: "u1", Kind: notify.SubstitutionEnds, Link: "/substitutions"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		now = now.AddDate(0, 0, -400)
		add() // unread, over a year old: goes
		now = now.AddDate(0, 0, 300)
		add() // read below, 100 days old: goes
		if _, err := d.Exec(ctx, "UPDATE notifications SET read_at = created_at"); err != nil {
			t.Fatal(err)
		}
		now = now.AddDate(0, 0, 50)
		add() // unread, 50 days old: stays
		now = now.AddDate(0, 0, 50)
		n, err := s.Purge(ctx)
		if err != nil || n != 2 {
			t.Errorf("Purge = %d, %v; want 2", n, err)
		}
	})
}
