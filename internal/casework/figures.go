package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OfficeFigures are the caseload figures of one office for its lead's
// dashboard: counts only, no file and no client.
type OfficeFigures struct {
	OfficeID string
	// Open and Closed count the office's files by status; ClosedThisYear
	// the files closed since 1 January, IntakesThisMonth the files opened
	// since the first of the month (by intake date).
	Open, Closed, ClosedThisYear, IntakesThisMonth int
	// Overdue counts the open files with a deadline before today.
	Overdue int
	// ByCounselor counts the open files of each counselor (user id).
	ByCounselor map[string]int
}

// OfficeFigures counts the files of every office v leads, in the order of
// v's led offices. Others get none: a counselor's dashboard shows their
// own deadlines instead. Aggregates name no file, so they are not audited
// as a read of one.
func (s *Store) OfficeFigures(ctx context.Context, v Viewer) ([]OfficeFigures, error) {
	var out []OfficeFigures
	today := s.today()
	for _, office := range v.lead {
		f := OfficeFigures{OfficeID: office, ByCounselor: map[string]int{}}
		if err := s.countOffice(ctx, &f, today); err != nil {
			return nil, fmt.Errorf("casework: office figures: %w", err)
		}
		out = append(out, f)
	}
	return out, nil
}

func (s *Store) countOffice(ctx context.Context, f *OfficeFigures, today time.Time) error {
	rows, err := s.db.Query(ctx, `SELECT counselor_id, status, COUNT(*) FROM client_files WHERE office_id = ?
		GROUP BY counselor_id, status`, f.OfficeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var counselor, status string
		var n int
		if err := rows.Scan(&counselor, &status, &n); err != nil {
			return err
		}
		if status == string(Open) {
			f.Open += n
			f.ByCounselor[counselor] += n
		} else {
			f.Closed += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	year := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	return s.db.QueryRow(ctx, `SELECT
		SUM(CASE WHEN status = 'closed' AND closed_on >= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN intake_on >= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN next_due_on < ? THEN 1 ELSE 0 END)
		FROM client_files WHERE office_id = ?`, year, month, today, f.OfficeID).
		Scan(nullCount(&f.ClosedThisYear), nullCount(&f.IntakesThisMonth), nullCount(&f.Overdue))
}

// nullCount scans a SUM that is NULL over no rows as 0.
func nullCount(n *int) sql.Scanner { return countScanner{n} }

type countScanner struct{ n *int }

func (c countScanner) Scan(src any) error {
	var v sql.NullInt64
	if err := v.Scan(src); err != nil {
		return err
	}
	*c.n = int(v.Int64)
	return nil
}

// OfficeFileCount counts an office's files of any status (for the demo:
// whether the demo office has its caseload yet). A count, not a read.
func (s *Store) OfficeFileCount(ctx context.Context, officeID string) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM client_files WHERE office_id = ?", officeID).Scan(&n); err != nil {
		return 0, fmt.Errorf("casework: office file count: %w", err)
	}
	return n, nil
}
