package casework

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// DeadlineCountsByCounselor counts every counselor's deadlines of the day
// on their own files (overdue, today, the next seven days), with the
// sections and horizon of the deadline page, for the daily digest. It is
// work of the platform, not a person's read, so it is not audited; it
// returns figures only.
func (s *Store) DeadlineCountsByCounselor(ctx context.Context) (map[string]notify.DeadlineCounts, error) {
	w := deadlineWindow(s.today())
	rows, err := s.db.Query(ctx, `SELECT d.counselor_id, SUM(CASE WHEN d.due_on < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.due_on = ? THEN 1 ELSE 0 END), SUM(CASE WHEN d.due_on > ? AND d.due_on <= ? THEN 1 ELSE 0 END)
		FROM case_deadlines d WHERE `+w.horizon+` GROUP BY d.counselor_id`,
		append([]any{w.today, w.today, w.today, w.week}, w.args...)...)
	if err != nil {
		return nil, fmt.Errorf("casework: deadline counts: %w", err)
	}
	defer rows.Close()
	out := map[string]notify.DeadlineCounts{}
	for rows.Next() {
		var id string
		var c notify.DeadlineCounts
		if err := rows.Scan(&id, &c.Overdue, &c.Today, &c.Week); err != nil {
			return nil, fmt.Errorf("casework: deadline counts: %w", err)
		}
		if c.Total() > 0 {
			out[id] = c
		}
	}
	return out, rows.Err()
}
