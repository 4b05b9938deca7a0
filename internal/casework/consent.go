package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// maxRecipient bounds the named recipient of a referral consent.
const maxRecipient = 200

// RecordConsent records a consent given by the client of an open file and
// audits it as "consent.record".
func (s *Store) RecordConsent(ctx context.Context, v Viewer, fileID string, in ConsentInput) (*Consent, error) {
	in.normalize()
	c := &Consent{ID: uuid.Must(uuid.NewV7()).String(), ConsentInput: in, RecordedBy: v.UserID(), CreatedAt: s.now()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(f); err != nil {
			return err
		}
		if err := in.validate(s.today()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consents (id, file_id, purpose, recipient, given_on, form, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, fileID, in.Purpose, in.Recipient, in.GivenOn, in.Form,
			v.UserID(), c.CreatedAt); err != nil {
			return fmt.Errorf("casework: insert consent: %w", err)
		}
		detail := map[string]string{"consent": c.ID, "purpose": in.Purpose, "form": in.Form}
		return s.audit.Append(ctx, tx, v.entry("consent.record", fileID, detail))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (in *ConsentInput) normalize() {
	in.Purpose, in.Form = strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Form)
	in.Recipient = strings.TrimSpace(in.Recipient)
	if in.Purpose != PurposeReferral {
		in.Recipient = ""
	}
	in.GivenOn = day(in.GivenOn)
}

func (in ConsentInput) validate(today time.Time) error {
	var e valid.Errors
	if !slices.Contains(Purposes, in.Purpose) {
		e.Add("purpose", "case.purpose_invalid")
	}
	if !slices.Contains(Forms, in.Form) {
		e.Add("form", "case.form_invalid")
	}
	switch {
	case in.GivenOn.IsZero():
		e.Add("given_on", "case.date_required")
	case in.GivenOn.After(today):
		e.Add("given_on", "case.consent_future")
	}
	switch {
	case in.Purpose == PurposeReferral && in.Recipient == "":
		e.Add("recipient", "case.recipient_required")
	case tooLong(in.Recipient, maxRecipient):
		e.Add("recipient", "case.too_long", "max", maxRecipient)
	}
	return e.Err()
}

// WithdrawConsent records the withdrawal of a consent on the date on
// (today when zero). From then on the consent covers nothing: withdrawing
// the last contact-data consent erases the stored contact data at once
// (the privacy-friendly choice; it cannot be read or written any more
// anyway). Withdrawal works on closed files too. Audited as
// "consent.withdraw".
func (s *Store) WithdrawConsent(ctx context.Context, v Viewer, fileID, consentID string, on time.Time) error {
	on = day(on)
	if on.IsZero() {
		on = s.today()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadFile(ctx, tx, v, fileID); err != nil {
			return err
		}
		c, err := loadConsent(ctx, tx, fileID, consentID)
		if err != nil {
			return err
		}
		if err := checkWithdrawal(c, on, s.today()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE consents SET withdrawn_on = ? WHERE id = ?", on, consentID); err != nil {
			return fmt.Errorf("casework: withdraw consent: %w", err)
		}
		erased, err := eraseUnconsentedContactData(ctx, tx, fileID)
		if err != nil {
			return err
		}
		if c.Purpose == PurposeReferral && s.withdrawn != nil {
			// The referrals this consent carried are revoked with it.
			if err := s.withdrawn(ctx, tx, consentID); err != nil {
				return err
			}
		}
		detail := map[string]string{"consent": consentID, "purpose": c.Purpose, "contact_data_erased": fmt.Sprint(erased)}
		return s.audit.Append(ctx, tx, v.entry("consent.withdraw", fileID, detail))
	})
}

func checkWithdrawal(c *Consent, on, today time.Time) error {
	var e valid.Errors
	switch {
	case !c.Active():
		e.Add("consent", "case.consent_withdrawn")
	case on.After(today):
		e.Add("withdrawn_on", "case.withdrawal_future")
	case on.Before(c.GivenOn):
		e.Add("withdrawn_on", "case.withdrawal_before_consent")
	}
	return e.Err()
}

// eraseUnconsentedContactData deletes the file's contact data unless an
// active contact-data consent remains, and reports whether it deleted any.
func eraseUnconsentedContactData(ctx context.Context, q db.Querier, fileID string) (bool, error) {
	res, err := q.Exec(ctx, `DELETE FROM client_contact_data WHERE file_id = ? AND NOT EXISTS (
		SELECT 1 FROM consents WHERE file_id = ? AND purpose = ? AND withdrawn_on IS NULL)`,
		fileID, fileID, PurposeContactData)
	if err != nil {
		return false, fmt.Errorf("casework: erase contact data: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const consentSelect = `SELECT id, purpose, recipient, given_on, form, withdrawn_on, recorded_by, created_at,
	recipient_kind, recipient_id, categories FROM consents`

func loadConsent(ctx context.Context, q db.Querier, fileID, id string) (*Consent, error) {
	c, err := scanConsent(q.QueryRow(ctx, consentSelect+" WHERE file_id = ? AND id = ?", fileID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("casework: load consent: %w", err)
	}
	return c, nil
}

func loadConsents(ctx context.Context, q db.Querier, fileID string) ([]Consent, error) {
	rows, err := q.Query(ctx, consentSelect+" WHERE file_id = ? ORDER BY given_on, created_at, id", fileID)
	if err != nil {
		return nil, fmt.Errorf("casework: consents: %w", err)
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, fmt.Errorf("casework: consents: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

func scanConsent(row interface{ Scan(...any) error }) (*Consent, error) {
	var c Consent
	var withdrawn sql.NullTime
	var categories string
	if err := row.Scan(&c.ID, &c.Purpose, &c.Recipient, &c.GivenOn, &c.Form, &withdrawn,
		&c.RecordedBy, &c.CreatedAt, &c.For.Kind, &c.For.ID, &categories); err != nil {
		return nil, err
	}
	c.For.Categories, c.For.Name = splitCategories(categories), c.Recipient
	c.GivenOn, c.WithdrawnOn = day(c.GivenOn), day(withdrawn.Time)
	return &c, nil
}

// hasActive reports whether one of consents covers purpose now.
func hasActive(consents []Consent, purpose string) bool {
	return slices.ContainsFunc(consents, func(c Consent) bool { return c.Purpose == purpose && c.Active() })
}

// consented asks the database whether the file has an active consent for purpose.
func consented(ctx context.Context, q db.Querier, fileID, purpose string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM consents WHERE file_id = ? AND purpose = ? AND withdrawn_on IS NULL",
		fileID, purpose).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("casework: consent check: %w", err)
	}
	return n > 0, nil
}
