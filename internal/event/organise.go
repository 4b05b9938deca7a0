package event

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// CancelEvent cancels one of p's published events and tells everybody
// registered (confirmed, offered, waiting or not yet confirmed).
func (s *Store) CancelEvent(ctx context.Context, p auth.Principal, id string) error {
	if err := s.move(ctx, p, id, Published, Cancelled, "event.cancel"); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ev, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		regs, err := s.registrations(ctx, tx, id, `state <> 'cancelled'`)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if err := s.o.Mail(ctx, tx, Mail{Kind: MailCancelled, To: r.Email, Lang: r.Lang, EventTitle: ev.Title(r.Lang)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetCapacity changes the number of places of one of p's events; never
// below the places taken (a problem for the field), and new places go to
// the people waiting.
func (s *Store) SetCapacity(ctx context.Context, p auth.Principal, id string, capacity int) error {
	if capacity < 1 || capacity > maxCapacity {
		return valid.Errors{{Field: "capacity", Key: "event.capacity_range", Args: []any{"Max", maxCapacity}}}
	}
	if _, err := s.Organised(ctx, p, id); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ev, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if capacity < ev.Taken {
			return valid.Errors{{Field: "capacity", Key: "event.capacity_below_taken", Args: []any{"Taken", ev.Taken}}}
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET capacity = ?, updated_at = ?, version = version + 1 WHERE id = ?`, capacity, s.now(), id); err != nil {
			return fmt.Errorf("event: capacity: %w", err)
		}
		ev.Capacity = capacity
		if err := s.audit.Append(ctx, tx, p.Entry("event.capacity", audit.ResultSuccess, "event", id, nil)); err != nil {
			return err
		}
		if ev.State == Published {
			return s.offerNext(ctx, tx, ev)
		}
		return nil
	})
}

// Registrations lists the registrations of one of p's events, oldest
// first, opened for the organiser (audited: it is personal data).
func (s *Store) Registrations(ctx context.Context, p auth.Principal, id string) ([]Registration, error) {
	if _, err := s.Organised(ctx, p, id); err != nil {
		return nil, err
	}
	if err := s.audit.Write(ctx, p.Entry("event.registrations_read", audit.ResultSuccess, "event", id, nil)); err != nil {
		return nil, err
	}
	return s.registrations(ctx, s.db, id, `1 = 1`)
}

func (s *Store) registrations(ctx context.Context, q db.Querier, eventID, cond string) ([]Registration, error) {
	rows, err := q.Query(ctx, `SELECT `+regColumns+` FROM event_registrations WHERE event_id = ? AND `+cond+` ORDER BY created_at, id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("event: registrations: %w", err)
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		r, err := s.scanRegistration(rows)
		if err != nil {
			return nil, fmt.Errorf("event: registrations: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}
