package volunteer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Confirm records the coordinator's conversation: the volunteer signed the
// confidentiality pledge and may now be asked; they get the mail with
// their personal page. Without the pledge nothing changes.
func (s *Store) Confirm(ctx context.Context, p auth.Principal, id string, pledge bool, note string) error {
	var e valid.Errors
	if !pledge {
		e.Add("pledge", "volunteer.pledge_required")
	}
	if utf8.RuneCountInString(note) > 2000 {
		e.Add("note", "volunteer.note_long")
	}
	if len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if v.State != Registered && v.State != Inactive {
			return ErrChanged
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE volunteers SET state = 'confirmed', pledge_at = ?, confirmed_by = ?, confirmed_at = ?,
			note_enc = ?, updated_at = ? WHERE id = ?`, now, p.UserID(), now, s.seal(strings.TrimSpace(note), "note", id), now, id); err != nil {
			return fmt.Errorf("volunteer: confirm: %w", err)
		}
		if err := s.audit.Append(ctx, tx, p.Entry("volunteer.confirm", audit.ResultSuccess, "volunteer", id, nil)); err != nil {
			return err
		}
		token, err := s.token(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailWelcome, To: v.Email, Lang: v.Lang, Link: token})
	})
}

// token opens the volunteer's personal link for a mail.
func (s *Store) token(ctx context.Context, q db.Querier, id string) (string, error) {
	var enc string
	if err := q.QueryRow(ctx, `SELECT token_enc FROM volunteers WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", notFound(err)
	}
	return s.open(enc, "token", id), nil
}

// Deactivate ends a volunteer's work: they are no longer proposed; their
// open asks are withdrawn.
func (s *Store) Deactivate(ctx context.Context, p auth.Principal, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if v.State == Inactive {
			return ErrChanged
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE volunteers SET state = 'inactive', updated_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("volunteer: deactivate: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE mediation_asks SET state = 'withdrawn', answered_at = ? WHERE volunteer_id = ? AND state = 'asked'`, now, id); err != nil {
			return fmt.Errorf("volunteer: deactivate: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("volunteer.deactivate", audit.ResultSuccess, "volunteer", id, nil))
	})
}

// DocumentInput is a document the coordinator saw.
type DocumentInput struct {
	Kind       string
	ValidUntil time.Time
}

// RecordDocument records a document the coordinator saw with its expiry
// (a renewal is a new record of the same kind; the newest counts).
func (s *Store) RecordDocument(ctx context.Context, p auth.Principal, id string, in DocumentInput) error {
	var e valid.Errors
	if !slices.Contains(DocumentKinds, in.Kind) {
		e.Add("kind", "volunteer.choice_invalid")
	}
	today := s.o.Clock.Today()
	if in.ValidUntil.IsZero() || !in.ValidUntil.After(today) || in.ValidUntil.After(today.AddDate(10, 0, 0)) {
		e.Add("valid_until", "volunteer.valid_until_range")
	}
	if len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.get(ctx, tx, p, id); err != nil {
			return err
		}
		doc := uuid.Must(uuid.NewV7()).String()
		if _, err := tx.Exec(ctx, `INSERT INTO volunteer_documents (id, volunteer_id, kind, valid_until, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?)`, doc, id, in.Kind, in.ValidUntil.UTC(), p.UserID(), s.now()); err != nil {
			return fmt.Errorf("volunteer: document: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("volunteer.document", audit.ResultSuccess, "volunteer", id, map[string]string{"kind": in.Kind}))
	})
}
