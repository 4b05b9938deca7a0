package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The visibility of an office's files to its counselors (leads always see
// all of them).
const (
	// VisibilityOffice: every counselor of the office sees all its files.
	VisibilityOffice = "office"
	// VisibilityOwn: a counselor sees only the files they hold (and those
	// of colleagues they substitute for).
	VisibilityOwn = "own"
)

// Visibility reads the setting of one of v's offices (VisibilityOffice
// when none was made); another office is ErrNotFound.
func (s *Store) Visibility(ctx context.Context, v Viewer, officeID string) (string, error) {
	if !v.WorksIn(officeID) {
		return "", ErrNotFound
	}
	var vis string
	err := s.db.QueryRow(ctx, "SELECT visibility FROM case_office_settings WHERE office_id = ?", officeID).Scan(&vis)
	if errors.Is(err, sql.ErrNoRows) {
		return VisibilityOffice, nil
	}
	if err != nil {
		return "", fmt.Errorf("casework: visibility: %w", err)
	}
	return vis, nil
}

// SetVisibility decides whether the counselors of an office v leads see
// all of its files or only their own. Another office is ErrNotFound, an
// office v only counsels in ErrNotAllowed. Audited as "case.visibility".
func (s *Store) SetVisibility(ctx context.Context, v Viewer, officeID, visibility string) error {
	if !v.WorksIn(officeID) {
		return ErrNotFound
	}
	if !v.Leads(officeID) {
		return ErrNotAllowed
	}
	if visibility != VisibilityOffice && visibility != VisibilityOwn {
		return valid.Errors{{Field: "visibility", Key: "validation.choice"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO case_office_settings (office_id, visibility, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (office_id) DO UPDATE SET visibility = excluded.visibility, updated_at = excluded.updated_at`,
			officeID, visibility, s.now())
		if err != nil {
			return fmt.Errorf("casework: set visibility: %w", err)
		}
		return s.audit.Append(ctx, tx, v.p.Entry("case.visibility", audit.ResultSuccess, "office", officeID,
			map[string]string{"visibility.after": visibility}))
	})
}
