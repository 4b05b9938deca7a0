package event

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Approve accepts a requested registration of one of p's events: it takes
// a free place, or waits like everybody else when there is none.
func (s *Store) Approve(ctx context.Context, p auth.Principal, eventID, regID string) error {
	return s.decide(ctx, p, eventID, regID, func(ev *Event) (string, string) {
		if ev.Free() == 0 {
			return Waitlisted, MailWaitlisted
		}
		return Confirmed, MailConfirmed
	}, "event.approve")
}

// Decline refuses a requested registration; the person is told.
func (s *Store) Decline(ctx context.Context, p auth.Principal, eventID, regID string) error {
	return s.decide(ctx, p, eventID, regID, func(*Event) (string, string) { return Withdrawn, MailDeclined }, "event.decline")
}

// decide moves a requested registration to the state outcome names and
// mails the person.
func (s *Store) decide(ctx context.Context, p auth.Principal, eventID, regID string, outcome func(*Event) (string, string), action string) error {
	if _, err := s.Organised(ctx, p, eventID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ev, err := s.lock(ctx, tx, eventID)
		if err != nil {
			return err
		}
		var email, lang, token string
		err = tx.QueryRow(ctx, `SELECT email_enc, lang, token_enc FROM event_registrations WHERE id = ? AND event_id = ? AND state = 'requested'`,
			regID, eventID).Scan(&email, &lang, &token)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrChanged
		}
		if err != nil {
			return fmt.Errorf("event: %s: %w", action, err)
		}
		state, kind := outcome(ev)
		if err := s.setState(ctx, tx, regID, Requested, state, `confirmed_at = ?`, s.now()); err != nil {
			return err
		}
		if err := s.audit.Append(ctx, tx, p.Entry(action, audit.ResultSuccess, "event", eventID, nil)); err != nil {
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: kind, To: s.open(email, "email", regID), Lang: lang, Link: s.open(token, "token", regID), EventTitle: ev.Title(lang)})
	})
}
