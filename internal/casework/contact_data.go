package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

const contactDataTable = "client_contact_data"

// Field limits of contact data (characters).
const (
	maxName    = 200
	maxPhone   = 50
	maxEmail   = 254
	maxAddress = 500
)

// SetContactData stores (or replaces) the client's name and contact details.
// It needs an active contact-data consent (else a valid.Errors with
// "case.consent_required") and an open file. Every field is sealed under an
// AAD naming its column and the file. Audited as "case.contact_data_write".
func (s *Store) SetContactData(ctx context.Context, v Viewer, fileID string, cd ContactData) error {
	cd.normalize()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(f); err != nil {
			return err
		}
		if err := s.requireConsent(ctx, tx, fileID); err != nil {
			return err
		}
		if err := cd.validate(); err != nil {
			return err
		}
		if err := s.upsertContactData(ctx, tx, fileID, cd); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, v.entry("case.contact_data_write", fileID, nil))
	})
}

func (s *Store) upsertContactData(ctx context.Context, tx *db.Tx, fileID string, cd ContactData) error {
	_, err := tx.Exec(ctx, `INSERT INTO client_contact_data (file_id, name_enc, phone_enc, email_enc, address_enc, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET name_enc = excluded.name_enc,
		phone_enc = excluded.phone_enc, email_enc = excluded.email_enc, address_enc = excluded.address_enc,
		updated_at = excluded.updated_at`, fileID,
		s.seal(cd.Name, contactDataTable, "name", fileID), s.seal(cd.Phone, contactDataTable, "phone", fileID),
		s.seal(cd.Email, contactDataTable, "email", fileID), s.seal(cd.Address, contactDataTable, "address", fileID),
		s.now())
	if err != nil {
		return fmt.Errorf("casework: write contact data: %w", err)
	}
	return nil
}

// requireConsent refuses contact data without an active contact-data consent.
func (s *Store) requireConsent(ctx context.Context, q db.Querier, fileID string) error {
	ok, err := consented(ctx, q, fileID, PurposeContactData)
	if err != nil || ok {
		return err
	}
	var e valid.Errors
	e.Add("contact_data", "case.consent_required")
	return e
}

func (cd *ContactData) normalize() {
	cd.Name, cd.Phone = strings.TrimSpace(cd.Name), strings.TrimSpace(cd.Phone)
	cd.Email, cd.Address = strings.TrimSpace(cd.Email), strings.TrimSpace(cd.Address)
}

func (cd ContactData) validate() error {
	var e valid.Errors
	if cd.Name == "" {
		e.Add("name", "case.name_required")
	}
	for _, f := range []struct {
		field, value string
		max          int
	}{{"name", cd.Name, maxName}, {"phone", cd.Phone, maxPhone}, {"email", cd.Email, maxEmail}, {"address", cd.Address, maxAddress}} {
		if tooLong(f.value, f.max) {
			e.Add(f.field, "case.too_long", "max", f.max)
		}
	}
	return e.Err()
}

// ContactData reads the client's contact details: ErrNoConsent without an
// active contact-data consent, ErrNotFound when none are stored. Audited as
// "case.read" of the part "contact_data".
func (s *Store) ContactData(ctx context.Context, v Viewer, fileID string) (*ContactData, error) {
	var cd *ContactData
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		ok, err := consented(ctx, q, fileID, PurposeContactData)
		if err != nil {
			return audit.Entry{}, err
		}
		if !ok {
			return audit.Entry{}, ErrNoConsent
		}
		if cd, err = s.loadContactData(ctx, q, fileID); err != nil {
			return audit.Entry{}, err
		}
		return v.entry("case.read", fileID, map[string]string{"part": "contact_data"}), nil
	})
	return cd, err
}

// loadContactData reads and opens the stored contact data (no consent check).
func (s *Store) loadContactData(ctx context.Context, q db.Querier, fileID string) (*ContactData, error) {
	var sealed [4]string
	err := q.QueryRow(ctx, `SELECT name_enc, phone_enc, email_enc, address_enc FROM client_contact_data
		WHERE file_id = ?`, fileID).Scan(&sealed[0], &sealed[1], &sealed[2], &sealed[3])
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("casework: read contact data: %w", err)
	}
	var plain [4]string
	for i, col := range []string{"name", "phone", "email", "address"} {
		if plain[i], err = s.open(sealed[i], contactDataTable, col, fileID); err != nil {
			return nil, err
		}
	}
	return &ContactData{Name: plain[0], Phone: plain[1], Email: plain[2], Address: plain[3]}, nil
}
