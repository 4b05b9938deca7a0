package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Close ends an open file on in.On (today when zero) for in.Reason and sets
// its deletion date: the closing date plus the program's retention years.
// version is the File.Version the viewer saw (ErrStale otherwise). Audited
// as "case.close".
func (s *Store) Close(ctx context.Context, v Viewer, id string, version int, in CloseInput) (*File, error) {
	in.On, in.Reason = day(in.On), strings.TrimSpace(in.Reason)
	if in.On.IsZero() {
		in.On = s.today()
	}
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadFile(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := checkClose(old, in, s.today()); err != nil {
			return err
		}
		years, err := s.retentionYears(ctx, tx, old.ProgramID)
		if err != nil {
			return err
		}
		deleteAfter := in.On.AddDate(years, 0, 0)
		res, err := tx.Exec(ctx, `UPDATE client_files SET status = 'closed', closed_on = ?, close_reason = ?,
			delete_after = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			in.On, in.Reason, deleteAfter, s.now(), id, version)
		if err := checkOne(res, err, "close file"); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
			return err
		}
		detail := map[string]string{"reason": in.Reason, "delete_after": deleteAfter.Format(time.DateOnly)}
		if err := s.audit.Append(ctx, tx, v.entry("case.close", id, detail)); err != nil {
			return err
		}
		f, err = loadFile(ctx, tx, v, id)
		return err
	})
	return f, err
}

func checkClose(f *File, in CloseInput, today time.Time) error {
	var e valid.Errors
	if f.Status == Closed {
		e.Add("status", "case.already_closed")
		return e
	}
	if !slices.Contains(CloseReasons, in.Reason) {
		e.Add("reason", "case.close_reason_invalid")
	}
	switch {
	case in.On.After(today):
		e.Add("on", "case.close_future")
	case in.On.Before(f.IntakeOn):
		e.Add("on", "case.close_before_intake")
	}
	return e.Err()
}

// Reopen opens a closed file again while its deletion date lies in the
// future, and clears that date. Audited as "case.reopen".
func (s *Store) Reopen(ctx context.Context, v Viewer, id string, version int) (*File, error) {
	var f *File
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadFile(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if err := checkReopen(old, s.today()); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE client_files SET status = 'open', closed_on = NULL, close_reason = '',
			delete_after = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			s.now(), id, version)
		if err := checkOne(res, err, "reopen file"); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{id}); err != nil {
			return err
		}
		if err := s.audit.Append(ctx, tx, v.entry("case.reopen", id, nil)); err != nil {
			return err
		}
		f, err = loadFile(ctx, tx, v, id)
		return err
	})
	return f, err
}

func checkReopen(f *File, today time.Time) error {
	var e valid.Errors
	switch {
	case f.Status != Closed:
		e.Add("status", "case.not_closed")
	case !today.Before(f.DeleteAfter):
		e.Add("status", "case.retention_expired")
	}
	return e.Err()
}

// Erase deletes a file with its consents, contacts and contact data at the
// client's request (Art. 17 GDPR), whatever its status. Audited as
// "case.erase" with reason "request".
func (s *Store) Erase(ctx context.Context, v Viewer, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadFile(ctx, tx, v, id); err != nil {
			return err
		}
		if err := deleteFile(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, v.entry("case.erase", id, map[string]string{"reason": "request"}))
	})
}

// purgeBatch bounds the files erased in one transaction.
const purgeBatch = 200

// PurgeDue erases every closed file whose deletion date is today or earlier
// (the store clock's calendar date in Lower Saxony) with its consents, contacts
// and contact data, audits each as "case.erase" (reason "retention", actor
// "system", no personal data) and returns how many it erased. It is
// idempotent, so running it on several servers at once is harmless.
func (s *Store) PurgeDue(ctx context.Context) (int, error) {
	today := s.today()
	return db.InBatches(purgeBatch, func() (int, error) { return s.purgeBatch(ctx, today) })
}

func (s *Store) purgeBatch(ctx context.Context, today time.Time) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		ids, err := dueIDs(ctx, tx, today)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := deleteFile(ctx, tx, id); err != nil {
				return err
			}
			e := audit.Entry{Actor: "system", Action: "case.erase", ObjectType: objectType, ObjectID: id,
				Result: audit.ResultSuccess, Detail: map[string]string{"reason": "retention"}}
			if err := s.audit.Append(ctx, tx, e); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func dueIDs(ctx context.Context, q db.Querier, today time.Time) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT id FROM client_files WHERE status = 'closed' AND delete_after <= ?
		ORDER BY delete_after, id LIMIT ?`, today, purgeBatch)
	if err != nil {
		return nil, fmt.Errorf("casework: due files: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("casework: due files: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// deleteFile removes the file; consents, contacts, their topics and the
// contact data go with it (ON DELETE CASCADE).
func deleteFile(ctx context.Context, q db.Querier, id string) error {
	if _, err := q.Exec(ctx, "DELETE FROM client_files WHERE id = ?", id); err != nil {
		return fmt.Errorf("casework: erase file: %w", err)
	}
	return nil
}
