package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// DeadlineFields are the optional file fields deadlines are computed from.
type DeadlineFields struct {
	// ResidenceExpiresOn is the expiry of the residence title; zero when
	// not recorded.
	ResidenceExpiresOn time.Time
	// BirthMonth (1–12) with the file's birth year dates the JMD 27th
	// birthday; 0 when not recorded (then no reminder is shown).
	BirthMonth int
}

// DeadlineFieldsOf reads the deadline fields of a file, audited as
// "case.read_dates".
func (s *Store) DeadlineFieldsOf(ctx context.Context, v Viewer, fileID string) (DeadlineFields, error) {
	var out DeadlineFields
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		var err error
		if out, err = loadDeadlineFields(ctx, q, fileID); err != nil {
			return audit.Entry{}, err
		}
		return v.entry("case.read_dates", fileID, nil), nil
	})
	return out, err
}

// SetResidenceExpiry records (or, with nil, clears) the expiry date of the
// client's residence title on an open file. version is the File.Version the
// viewer saw (ErrStale otherwise). Audited as "case.residence_expiry"
// without the date.
func (s *Store) SetResidenceExpiry(ctx context.Context, v Viewer, fileID string, version int, date *time.Time) (*File, error) {
	var value any
	var e valid.Errors
	if date != nil && !date.IsZero() {
		d := day(*date)
		if d.Year() < minPlanYear || d.Year() > maxPlanYear {
			e.Add("residence_expires_on", "plan.date_implausible")
		}
		value = d
	}
	detail := map[string]string{"set": fmt.Sprint(value != nil)}
	return s.setFileField(ctx, v, fileID, version, "residence_expires_on", value, e, "case.residence_expiry", detail)
}

// SetBirthMonth records (or, with 0, clears) the client's birth month on an
// open file. Audited as "case.birth_month" without the month.
func (s *Store) SetBirthMonth(ctx context.Context, v Viewer, fileID string, version int, month int) (*File, error) {
	var value any
	var e valid.Errors
	switch {
	case month == 0:
	case month < 1 || month > 12:
		e.Add("birth_month", "plan.birth_month_invalid")
	default:
		value = month
	}
	detail := map[string]string{"set": fmt.Sprint(value != nil)}
	return s.setFileField(ctx, v, fileID, version, "birth_month", value, e, "case.birth_month", detail)
}

// setFileField writes one column (a constant of this file, never input) of
// an open file with optimistic locking and audits it.
func (s *Store) setFileField(ctx context.Context, v Viewer, fileID string, version int, column string, value any,
	problems valid.Errors, action string, detail map[string]string) (*File, error) {
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(old); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE client_files SET "+column+` = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, value, s.now(), fileID, version)
		if err := checkOne(res, err, "set "+column); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{fileID}); err != nil {
			return err
		}
		if err := s.audit.Append(ctx, tx, v.entry(action, fileID, detail)); err != nil {
			return err
		}
		f, err = loadFile(ctx, tx, v, fileID)
		return err
	})
	return f, err
}

// loadDeadlineFields reads the residence-title expiry and the birth month.
func loadDeadlineFields(ctx context.Context, q db.Querier, fileID string) (DeadlineFields, error) {
	var exp sql.NullTime
	var month sql.NullInt64
	if err := q.QueryRow(ctx, "SELECT residence_expires_on, birth_month FROM client_files WHERE id = ?",
		fileID).Scan(&exp, &month); err != nil {
		return DeadlineFields{}, fmt.Errorf("casework: deadline fields: %w", err)
	}
	return DeadlineFields{ResidenceExpiresOn: day(exp.Time), BirthMonth: int(month.Int64)}, nil
}
