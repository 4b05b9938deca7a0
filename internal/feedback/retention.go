package feedback

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// purgeBatch bounds the messages deleted in one transaction.
const purgeBatch = 200

// PurgeDue deletes every handled message whose deletion date has come,
// auditing each as "feedback.delete" (reason "retention", actor "system"),
// and the rate limit's rows older than its window. It returns how many
// messages it deleted. It is idempotent, so the housekeeping of several
// servers may run it at once.
func (s *Store) PurgeDue(ctx context.Context) (int, error) {
	now := s.clock.Now()
	if _, err := s.db.Exec(ctx, "DELETE FROM accessibility_feedback_senders WHERE sent_at <= ?", now.Add(-RateWindow)); err != nil {
		return 0, fmt.Errorf("feedback: purge senders: %w", err)
	}
	return db.InBatches(purgeBatch, func() (int, error) { return s.purgeBatch(ctx, now) })
}

func (s *Store) purgeBatch(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		ids, err := dueIDs(ctx, tx, now)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "DELETE FROM accessibility_feedback WHERE id = ?", id); err != nil {
				return fmt.Errorf("feedback: purge: %w", err)
			}
			e := audit.Entry{Actor: "system", Action: "feedback.delete", ObjectType: objectType, ObjectID: id,
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

// dueIDs lists handled messages whose deletion date is now or earlier.
func dueIDs(ctx context.Context, q db.Querier, now time.Time) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT id FROM accessibility_feedback WHERE delete_after IS NOT NULL AND delete_after <= ?
		ORDER BY delete_after, id LIMIT ?`, now, purgeBatch)
	if err != nil {
		return nil, fmt.Errorf("feedback: due messages: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("feedback: due messages: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
