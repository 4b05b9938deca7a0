package casework

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// substitutionNotice is what the substitute hears when a substitution is
// recorded: that it starts today (and then not again on the day), or that
// one was planned (and on its first day that it starts).
func substitutionNotice(in SubstitutionInput, today time.Time) (kind notify.Kind, started bool) {
	if !in.StartsOn.After(today) {
		return notify.SubstitutionStarts, true
	}
	return notify.SubstitutionPlanned, false
}

// noticeWindow bounds how late a substitution's end is still told: a
// server down for a few days catches up; older ends are left alone.
const noticeWindow = 7

// NoticeSubstitutions tells substitutes, each once, that their
// substitution starts today or that its last day has passed (the daily
// task "substitutions.notice"); ended-early ones were told when ended.
// It returns how many it told. The flag and the notification are written
// in one transaction per substitution, so a repeated run tells nobody twice.
func (s *Store) NoticeSubstitutions(ctx context.Context) (int, error) {
	if s.notes == nil {
		return 0, nil
	}
	today := s.today()
	rows, err := s.db.Query(ctx, `SELECT id, substitute_id, ? FROM case_substitutions
		WHERE NOT start_noticed AND ended_at IS NULL AND starts_on <= ? AND ends_on >= ?
		UNION ALL SELECT id, substitute_id, ? FROM case_substitutions
		WHERE NOT end_noticed AND ended_at IS NULL AND ends_on < ? AND ends_on >= ?`,
		string(notify.SubstitutionStarts), today, today, string(notify.SubstitutionEnds), today, today.AddDate(0, 0, -noticeWindow))
	if err != nil {
		return 0, fmt.Errorf("casework: substitutions to notice: %w", err)
	}
	type notice struct{ id, substitute, kind string }
	var due []notice
	for rows.Next() {
		var n notice
		if err := rows.Scan(&n.id, &n.substitute, &n.kind); err != nil {
			rows.Close()
			return 0, fmt.Errorf("casework: substitutions to notice: %w", err)
		}
		due = append(due, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("casework: substitutions to notice: %w", err)
	}
	told := 0
	for _, n := range due {
		column := "start_noticed"
		if n.kind == string(notify.SubstitutionEnds) {
			column = "end_noticed"
		}
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, "UPDATE case_substitutions SET "+column+" = ? WHERE id = ? AND NOT "+column, true, n.id)
			if err != nil {
				return fmt.Errorf("casework: notice substitution: %w", err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil // told by another run meanwhile
			}
			told++
			return s.notes.Add(ctx, tx, notify.Note{UserID: n.substitute, Kind: notify.Kind(n.kind), Link: "/substitutions"})
		})
		if err != nil {
			return told, err
		}
	}
	return told, nil
}
