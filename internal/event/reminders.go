package event

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// MailReminder reminds a confirmed participant of the event (Until is
// its start).
const MailReminder = "reminder"

// reminders are the two reminders: how long before the start, and the
// column that marks it sent.
var reminders = []struct {
	before time.Duration
	column string
}{
	{7 * 24 * time.Hour, "reminded7_at"},
	{24 * time.Hour, "reminded1_at"},
}

// SendReminders queues the reminders that are due: 7 days and 1 day before
// the first date, to confirmed participants of published events, each
// once (a periodic job; a run after downtime sends what is still useful).
func (s *Store) SendReminders(ctx context.Context) (int, error) {
	sent := 0
	for _, rm := range reminders {
		n, err := s.remind(ctx, rm.before, rm.column)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

func (s *Store) remind(ctx context.Context, before time.Duration, column string) (int, error) {
	now := s.now()
	rows, err := s.db.Query(ctx, `SELECT r.id, r.event_id, r.email_enc, r.lang, r.token_enc FROM event_registrations r
		JOIN events e ON e.id = r.event_id
		WHERE r.state = 'confirmed' AND e.state = 'published' AND r.`+column+` IS NULL
		AND (SELECT MIN(d.starts_at) FROM event_dates d WHERE d.event_id = e.id) BETWEEN ? AND ?`, now, now.Add(before))
	if err != nil {
		return 0, fmt.Errorf("event: reminders: %w", err)
	}
	type due struct{ id, event, email, lang, token string }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.event, &d.email, &d.lang, &d.token); err != nil {
			rows.Close()
			return 0, fmt.Errorf("event: reminders: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	for _, d := range list {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE event_registrations SET `+column+` = ? WHERE id = ? AND `+column+` IS NULL`, now, d.id)
			if err != nil {
				return fmt.Errorf("event: reminders: %w", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil // another server sent it
			}
			ev, err := one(ctx, tx, `e.id = ?`, d.event)
			if err != nil {
				return err
			}
			return s.o.Mail(ctx, tx, Mail{Kind: MailReminder, To: s.open(d.email, "email", d.id), Lang: d.lang,
				Link: s.open(d.token, "token", d.id), EventTitle: ev.Title(d.lang), Until: ev.Starts()})
		})
		if err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// registrantsKept is how long registrant data stays after an event's last
// date (then it is deleted; the event itself, without personal data, stays).
const registrantsKept = 365 * 24 * time.Hour

// PurgeRegistrations deletes the registrations of events whose last date
// ended more than twelve months ago (a periodic job).
func (s *Store) PurgeRegistrations(ctx context.Context) (int, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM event_registrations WHERE event_id IN (SELECT e.id FROM events e
		WHERE (SELECT MAX(d.ends_at) FROM event_dates d WHERE d.event_id = e.id) < ?)`, s.now().Add(-registrantsKept))
	if err != nil {
		return 0, fmt.Errorf("event: purge registrations: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
