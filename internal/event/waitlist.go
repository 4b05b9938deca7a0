package event

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// CancelRegistration is the person's cancellation through their link; a
// place it held goes to the first person waiting.
func (s *Store) CancelRegistration(ctx context.Context, token string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, _, err := s.regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if r.State == Withdrawn {
			return ErrChanged
		}
		ev, err := s.lock(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		if err := s.setState(ctx, tx, r.ID, r.State, Withdrawn, `offer_expires_at = NULL`); err != nil {
			return err
		}
		if r.State == Confirmed || r.State == Offered {
			ev.Taken--
			return s.offerNext(ctx, tx, ev)
		}
		return nil
	})
}

// AcceptOffer takes the offered place while the offer lasts (ErrChanged
// after it lapsed: the place went on).
func (s *Store) AcceptOffer(ctx context.Context, token string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, _, err := s.regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if r.State != Offered || r.OfferExpires == nil || !s.now().Before(*r.OfferExpires) {
			return ErrChanged
		}
		ev, err := s.lock(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		if err := s.setState(ctx, tx, r.ID, Offered, Confirmed, `offer_expires_at = NULL`); err != nil {
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailConfirmed, To: r.Email, Lang: r.Lang, Link: token, EventTitle: ev.Title(r.Lang)})
	})
}

// offerNext offers free places of ev (read under its lock) to the people
// waiting longest, each for a limited time.
func (s *Store) offerNext(ctx context.Context, tx *db.Tx, ev *Event) error {
	until, ok := s.offerUntil(ev)
	for ; ok && ev.Free() > 0; ev.Taken++ {
		var id, email, lang, token string
		err := tx.QueryRow(ctx, `SELECT id, email_enc, lang, token_enc FROM event_registrations WHERE event_id = ? AND state = 'waitlisted'
			ORDER BY confirmed_at, id LIMIT 1`, ev.ID).Scan(&id, &email, &lang, &token)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("event: offer: %w", err)
		}
		if err := s.setState(ctx, tx, id, Waitlisted, Offered, `offer_expires_at = ?`, until); err != nil {
			return err
		}
		m := Mail{Kind: MailOffer, To: s.open(email, "email", id), Lang: lang, Link: s.open(token, "token", id), EventTitle: ev.Title(lang), Until: until}
		if err := s.o.Mail(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// ExpireOffers lets lapsed offers go (the person leaves the list) and
// offers the places on; a periodic job. It returns how many lapsed.
func (s *Store) ExpireOffers(ctx context.Context) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT event_id FROM event_registrations WHERE state = 'offered' AND offer_expires_at <= ?`, s.now())
	if err != nil {
		return 0, fmt.Errorf("event: expire offers: %w", err)
	}
	var events []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("event: expire offers: %w", err)
		}
		events = append(events, id)
	}
	rows.Close()
	lapsed := 0
	for _, id := range events {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE event_registrations SET state = 'cancelled', updated_at = ?, offer_expires_at = NULL
				WHERE event_id = ? AND state = 'offered' AND offer_expires_at <= ?`, s.now(), id, s.now())
			if err != nil {
				return fmt.Errorf("event: expire offers: %w", err)
			}
			n, _ := res.RowsAffected()
			lapsed += int(n)
			ev, err := s.lock(ctx, tx, id)
			if err != nil {
				return err
			}
			return s.offerNext(ctx, tx, ev)
		})
		if err != nil {
			return lapsed, err
		}
	}
	return lapsed, nil
}

// Promote moves a waiting person of one of p's events to the front of the
// waitlist (the organiser's choice): the next freed place is offered to
// them. A free place that nobody was offered (too close to the start for
// an offer) is given at once.
func (s *Store) Promote(ctx context.Context, p auth.Principal, eventID, regID string) error {
	if _, err := s.Organised(ctx, p, eventID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ev, err := s.lock(ctx, tx, eventID)
		if err != nil {
			return err
		}
		// MIN over a timestamp comes back as text on SQLite: ComputedTime.
		var first db.ComputedTime
		if err := tx.QueryRow(ctx, `SELECT MIN(confirmed_at) FROM event_registrations WHERE event_id = ? AND state = 'waitlisted'`,
			eventID).Scan(&first); err != nil {
			return fmt.Errorf("event: promote: %w", err)
		}
		res, err := tx.Exec(ctx, `UPDATE event_registrations SET confirmed_at = ?, updated_at = ? WHERE id = ? AND event_id = ? AND state = 'waitlisted'`,
			first.Time.Add(-time.Second), s.now(), regID, eventID)
		if err != nil {
			return fmt.Errorf("event: promote: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if err := s.audit.Append(ctx, tx, p.Entry("event.promote", audit.ResultSuccess, "event", eventID, nil)); err != nil {
			return err
		}
		return s.offerNext(ctx, tx, ev)
	})
}
