package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// fileDeadlines is how many of its deadlines a file's overview lists.
const fileDeadlines = 5

// PlanProgress sums up a file's support plan for its overview.
type PlanProgress struct {
	// Exists says the file has a plan at all.
	Exists bool
	// Goals and the measures by status.
	Goals, Open, Done, Cancelled int
	ReviewOn                     time.Time
}

// loadOverview fills the file's next deadlines (the stored rows every
// deadline page reads) and its plan's progress.
func loadOverview(ctx context.Context, q db.Querier, f *File) error {
	rows, err := q.Query(ctx, `SELECT kind, file_id, file_code, due_on, area, item_id FROM case_deadlines
		WHERE file_id = ? ORDER BY due_on, kind, item_id LIMIT ?`, f.ID, fileDeadlines)
	if err != nil {
		return fmt.Errorf("casework: file deadlines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Deadline
		if err := rows.Scan(&d.Kind, &d.FileID, &d.FileCode, &d.Due, &d.GoalArea, &d.MeasureID); err != nil {
			return fmt.Errorf("casework: file deadlines: %w", err)
		}
		d.Due = day(d.Due)
		f.NextDeadlines = append(f.NextDeadlines, d)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return loadPlanProgress(ctx, q, f)
}

func loadPlanProgress(ctx context.Context, q db.Querier, f *File) error {
	var review time.Time
	err := q.QueryRow(ctx, "SELECT review_on FROM support_plans WHERE file_id = ?", f.ID).Scan(&review)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("casework: plan progress: %w", err)
	}
	p := PlanProgress{Exists: true, ReviewOn: day(review)}
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM plan_goals WHERE file_id = ?", f.ID).Scan(&p.Goals); err != nil {
		return fmt.Errorf("casework: plan progress: %w", err)
	}
	rows, err := q.Query(ctx, "SELECT status, COUNT(*) FROM plan_measures WHERE file_id = ? GROUP BY status", f.ID)
	if err != nil {
		return fmt.Errorf("casework: plan progress: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return fmt.Errorf("casework: plan progress: %w", err)
		}
		switch status {
		case MeasureOpen:
			p.Open = n
		case "done":
			p.Done = n
		default:
			p.Cancelled += n
		}
	}
	f.Plan = p
	return rows.Err()
}
