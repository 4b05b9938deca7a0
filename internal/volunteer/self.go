package volunteer

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Assignment is an ask as the volunteer sees it: the appointment (what,
// when, where, how sensitive), never who the client is.
type Assignment struct {
	Ask
	Request Request
}

// Assignments lists what the volunteer of key was asked for and took,
// soonest first; ErrNotFound for an unknown key.
func (s *Store) Assignments(ctx context.Context, key Key) ([]Assignment, error) {
	v, err := s.Self(ctx, key)
	if err != nil {
		return nil, err
	}
	asks, err := s.asks(ctx, s.db, `a.volunteer_id = ?`, v.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Assignment, 0, len(asks))
	for _, a := range asks {
		r, err := scanRequest(s.db.QueryRow(ctx, `SELECT `+requestColumns+requestFrom+` WHERE r.id = ?`, a.RequestID))
		if err != nil {
			return nil, fmt.Errorf("volunteer: assignments: %w", err)
		}
		r.Conflicts = nil
		if err := s.nameOffices(ctx, s.db, r); err != nil {
			return nil, err
		}
		out = append(out, Assignment{Ask: a, Request: *r})
	}
	return out, nil
}

// Answer takes the volunteer's yes or no to an ask through their personal
// link or account. A yes fills the request (others asked are withdrawn) and tells
// the counselor; ErrDoubleBooked when they already took an appointment at
// that time, ErrCannotTake when a document has expired meanwhile,
// ErrChanged when the request is no longer open or the ask answered.
func (s *Store) Answer(ctx context.Context, key Key, askID string, accept bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, a, r, err := s.ownAsk(ctx, tx, key, askID)
		if err != nil {
			return err
		}
		if a.State != Asked || r.State != Open {
			return ErrChanged
		}
		now := s.now()
		if !accept {
			_, err := tx.Exec(ctx, `UPDATE mediation_asks SET state = 'declined', answered_at = ? WHERE id = ?`, now, askID)
			if err != nil {
				return fmt.Errorf("volunteer: decline: %w", err)
			}
			return s.audit.Append(ctx, tx, selfEntry("mediation.decline", r.ID, v.ID))
		}
		if err := s.canTake(ctx, tx, v, r); err != nil {
			return err
		}
		return s.accept(ctx, tx, v, a, r)
	})
}

// canTake rejects a yes the matching would not allow any longer.
func (s *Store) canTake(ctx context.Context, tx *db.Tx, v *Volunteer, r *Request) error {
	if v.State != Confirmed || v.Expired(s.o.Clock.Today()) {
		return ErrCannotTake
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM mediation_asks a JOIN mediation_requests r ON r.id = a.request_id
		WHERE a.volunteer_id = ? AND a.state = 'accepted' AND r.state <> 'cancelled' AND r.starts_at < ? AND ? < r.ends_at`,
		v.ID, r.End, r.Start).Scan(&n); err != nil {
		return fmt.Errorf("volunteer: double booking: %w", err)
	}
	if n > 0 {
		return ErrDoubleBooked
	}
	return nil
}

func (s *Store) accept(ctx context.Context, tx *db.Tx, v *Volunteer, a *Ask, r *Request) error {
	now := s.now()
	res, err := tx.Exec(ctx, `UPDATE mediation_requests SET state = 'filled', updated_at = ? WHERE id = ? AND state = 'open'`, now, r.ID)
	if err != nil {
		return fmt.Errorf("volunteer: accept: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrChanged
	}
	if _, err := tx.Exec(ctx, `UPDATE mediation_asks SET state = CASE WHEN id = ? THEN 'accepted' ELSE 'withdrawn' END, answered_at = ?
		WHERE request_id = ? AND state = 'asked'`, a.ID, now, r.ID); err != nil {
		return fmt.Errorf("volunteer: accept: %w", err)
	}
	if err := s.audit.Append(ctx, tx, selfEntry("mediation.accept", r.ID, v.ID)); err != nil {
		return err
	}
	to, err := auth.ContactsOf(ctx, tx, []string{r.RequestedBy})
	c, ok := to[r.RequestedBy]
	if err != nil || !ok { // the account is gone or disabled: nobody to tell
		return err
	}
	return s.o.Mail(ctx, tx, Mail{Kind: MailAccepted, To: c.Email, Lang: c.Language, Link: r.ID, When: r.Start})
}

// ownAsk reads an ask of the volunteer of key, with its request.
func (s *Store) ownAsk(ctx context.Context, q db.Querier, key Key, askID string) (*Volunteer, *Ask, *Request, error) {
	cond, args := key.cond(s.now())
	vs, err := s.volunteers(ctx, q, cond, args...)
	if err != nil || len(vs) == 0 {
		return nil, nil, nil, notFoundOr(err)
	}
	asks, err := s.asks(ctx, q, `a.id = ? AND a.volunteer_id = ?`, askID, vs[0].ID)
	if err != nil || len(asks) == 0 {
		return nil, nil, nil, notFoundOr(err)
	}
	r, err := scanRequest(q.QueryRow(ctx, `SELECT `+requestColumns+requestFrom+` WHERE r.id = ?`, asks[0].RequestID))
	if err != nil {
		return nil, nil, nil, notFound(err)
	}
	return vs[0], &asks[0], r, nil
}

func notFoundOr(err error) error {
	if err != nil {
		return err
	}
	return ErrNotFound
}

// LogHours records how long an assignment took, after it ended.
func (s *Store) LogHours(ctx context.Context, key Key, askID string, minutes int) error {
	if minutes < 1 || minutes > 1440 {
		return valid.Errors{{Field: "minutes", Key: "volunteer.hours_range"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, a, r, err := s.ownAsk(ctx, tx, key, askID)
		if err != nil {
			return err
		}
		if a.State != Accepted || r.State == Cancelled {
			return ErrChanged
		}
		if r.End.After(s.now()) {
			return valid.Errors{{Field: "minutes", Key: "volunteer.hours_early"}}
		}
		if _, err := tx.Exec(ctx, `UPDATE mediation_asks SET minutes = ?, logged_at = ? WHERE id = ?`, minutes, s.now(), askID); err != nil {
			return fmt.Errorf("volunteer: hours: %w", err)
		}
		return s.audit.Append(ctx, tx, selfEntry("mediation.hours", r.ID, v.ID))
	})
}

// selfEntry is the audit entry of a volunteer acting on their own record
// (link or account): no staff account, so the actor is anonymous and the
// volunteer is named in the detail.
func selfEntry(action, requestID, volunteerID string) audit.Entry {
	return auth.Anonymous(auth.Client{}).Entry(action, audit.ResultSuccess, "mediation_request", requestID, map[string]string{"volunteer": volunteerID})
}
