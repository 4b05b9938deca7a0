package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// deadlinesVersion names the definition below. Files whose rows an older
// definition computed (client_files.deadlines_version) are recomputed by
// RefreshDeadlines at start.
const deadlinesVersion = 1

// deadlineRow is one stored deadline of an open file (case_deadlines).
type deadlineRow struct {
	fileID, fileCode, kind, itemID, area, officeID, counselorID string
	due                                                         time.Time
}

// The one definition of a file's deadlines, from its sources:
//   - every open measure's due date (KindMeasure) and review date
//     (KindReview with the measure's id);
//   - the plan's review date (KindReview);
//   - the residence title's expiry (residence);
//   - for a JMD file with a birth month, the 27th birthday (KindJMD27),
//     taken as the first of the birth month (only year and month are kept).
//
// Closed files have none. Every page that counts or lists deadlines reads
// the rows this writes (Deadlines, DeadlineCounts, the caseload's due
// filters and next deadline), so they cannot disagree.

// refreshDeadlines recomputes the rows of the files ids (any number) in
// the caller's transaction, with each file's next_due_on. Every change of a
// source calls it.
func refreshDeadlines(ctx context.Context, q db.Querier, ids []string) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := refreshBatch(ctx, q, ids[:n]); err != nil {
			return fmt.Errorf("casework: deadlines: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

func refreshBatch(ctx context.Context, q db.Querier, ids []string) error {
	in, args := "("+db.Placeholders(len(ids))+")", appendIDs(nil, ids)
	files, err := deadlineFiles(ctx, q, in, args)
	if err != nil {
		return err
	}
	var rows []deadlineRow
	for _, f := range files {
		rows = append(rows, f.ownRows()...)
	}
	more, err := planDeadlines(ctx, q, in, args, files)
	if err != nil {
		return err
	}
	rows = append(rows, more...)
	if _, err := q.Exec(ctx, "DELETE FROM case_deadlines WHERE file_id IN "+in, args...); err != nil {
		return err
	}
	if err := insertDeadlines(ctx, q, rows); err != nil {
		return err
	}
	return setNextDue(ctx, q, ids, rows)
}

// deadlineFile is what a file's own fields add to its deadlines.
type deadlineFile struct {
	id, code, officeID, counselorID, program string
	open                                     bool
	birthYear                                int
	birthMonth                               sql.NullInt64
	residence                                sql.NullTime
}

func deadlineFiles(ctx context.Context, q db.Querier, in string, args []any) (map[string]deadlineFile, error) {
	rows, err := q.Query(ctx, `SELECT id, code, office_id, counselor_id, program_id, status, birth_year, birth_month,
		residence_expires_on FROM client_files WHERE id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]deadlineFile{}
	for rows.Next() {
		var f deadlineFile
		var status string
		if err := rows.Scan(&f.id, &f.code, &f.officeID, &f.counselorID, &f.program, &status, &f.birthYear, &f.birthMonth,
			&f.residence); err != nil {
			return nil, err
		}
		f.open = status == string(Open)
		out[f.id] = f
	}
	return out, rows.Err()
}

// ownRows are the deadlines of the file's own fields.
func (f deadlineFile) ownRows() []deadlineRow {
	if !f.open {
		return nil
	}
	var out []deadlineRow
	if f.residence.Valid {
		out = append(out, f.row(kindResidence, "", "", f.residence.Time))
	}
	if f.program == "jmd" && f.birthMonth.Valid {
		birthday := time.Date(f.birthYear+jmdAge, time.Month(f.birthMonth.Int64), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, f.row(KindJMD27, "", "", birthday))
	}
	return out
}

func (f deadlineFile) row(kind, item, area string, due time.Time) deadlineRow {
	return deadlineRow{fileID: f.id, fileCode: f.code, kind: kind, itemID: item, area: area, officeID: f.officeID, counselorID: f.counselorID, due: day(due)}
}

// planDeadlines are the deadlines of the open files' plans: the plan's
// review and each open measure's due and review dates.
func planDeadlines(ctx context.Context, q db.Querier, in string, args []any, files map[string]deadlineFile) ([]deadlineRow, error) {
	var out []deadlineRow
	rows, err := q.Query(ctx, "SELECT file_id, review_on FROM support_plans WHERE file_id IN "+in, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var review time.Time
		if err := rows.Scan(&id, &review); err != nil {
			rows.Close()
			return nil, err
		}
		if f := files[id]; f.open {
			out = append(out, f.row(KindReview, "", "", review))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT m.file_id, m.id, g.area, m.due_on, m.review_on FROM plan_measures m
		JOIN plan_goals g ON g.id = m.goal_id WHERE m.status = 'open' AND m.file_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, measure, area string
		var due time.Time
		var review sql.NullTime
		if err := rows.Scan(&id, &measure, &area, &due, &review); err != nil {
			return nil, err
		}
		f := files[id]
		if !f.open {
			continue
		}
		out = append(out, f.row(KindMeasure, measure, area, due))
		if review.Valid {
			out = append(out, f.row(KindReview, measure, area, review.Time))
		}
	}
	return out, rows.Err()
}

// insertDeadlines writes rows with multi-row INSERTs.
func insertDeadlines(ctx context.Context, q db.Querier, rows []deadlineRow) error {
	const perInsert = 100
	for len(rows) > 0 {
		n := min(len(rows), perInsert)
		var b strings.Builder
		args := make([]any, 0, n*8)
		b.WriteString("INSERT INTO case_deadlines (file_id, file_code, kind, item_id, due_on, area, office_id, counselor_id) VALUES ")
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.fileID, r.fileCode, r.kind, r.itemID, r.due, r.area, r.officeID, r.counselorID)
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// setNextDue stores each file's earliest deadline (NULL without one) and
// marks its rows as computed by this definition.
func setNextDue(ctx context.Context, q db.Querier, ids []string, rows []deadlineRow) error {
	next := map[string]time.Time{}
	for _, r := range rows {
		if n, ok := next[r.fileID]; !ok || r.due.Before(n) {
			next[r.fileID] = r.due
		}
	}
	for _, id := range ids {
		var due any
		if n, ok := next[id]; ok {
			due = n
		}
		if _, err := q.Exec(ctx, "UPDATE client_files SET next_due_on = ?, deadlines_version = ? WHERE id = ?",
			due, deadlinesVersion, id); err != nil {
			return err
		}
	}
	return nil
}

// RefreshDeadlines recomputes the deadlines of every file whose rows an
// older definition computed (or none yet: files from before the table),
// in batches, and returns how many files it recomputed. Idempotent; the
// server runs it at start.
func (s *Store) RefreshDeadlines(ctx context.Context) (int, error) {
	total := 0
	for {
		var ids []string
		rows, err := s.db.Query(ctx, "SELECT id FROM client_files WHERE deadlines_version < ? ORDER BY id LIMIT 1000", deadlinesVersion)
		if err != nil {
			return total, fmt.Errorf("casework: refresh deadlines: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return total, fmt.Errorf("casework: refresh deadlines: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return total, rows.Err()
		}
		if err := s.db.InTx(ctx, func(tx *db.Tx) error { return refreshDeadlines(ctx, tx, ids) }); err != nil {
			return total, err
		}
		total += len(ids)
	}
}
