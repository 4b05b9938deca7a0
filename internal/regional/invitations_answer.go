package regional

import (
	"context"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Answer records x's answer (yes, no, maybe) to the invitation to a
// meeting: ErrNotInvited for anybody not invited, ErrCancelled for a
// cancelled meeting, ErrOver once it has ended. The answer may change
// until then.
func (s *Store) Answer(ctx context.Context, x Participant, meetingID, answer string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := meetingIn(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		switch {
		case m.State == Cancelled:
			return ErrCancelled
		case !m.End.After(s.now()):
			return ErrOver
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM meeting_invitations WHERE meeting_id = ? AND user_id = ?", m.ID, x.UserID()).Scan(&n); err != nil {
			return fmt.Errorf("regional: answer: %w", err)
		}
		if n == 0 {
			return ErrNotInvited
		}
		if !slices.Contains(Answers, answer) {
			return valid.Errors{{Field: "answer", Key: "meetings.answer_invalid"}}
		}
		if _, err := tx.Exec(ctx, "UPDATE meeting_invitations SET answer = ?, answered_at = ? WHERE meeting_id = ? AND user_id = ?",
			answer, s.now(), m.ID, x.UserID()); err != nil {
			return fmt.Errorf("regional: answer: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("meeting.answer", audit.ResultSuccess, "meeting", m.ID,
			map[string]string{"answer": answer}))
	})
}

// RecordAttendance records who came to a meeting x coordinates, once it
// has begun: attended maps invited people to whether they came (people
// not invited are ignored; those not named keep what was recorded).
// Approved minutes lock it.
func (s *Store) RecordAttendance(ctx context.Context, x Participant, meetingID string, attended map[string]bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		if !m.Held(s.now()) {
			return ErrNotStarted
		}
		present := 0
		for user, came := range attended {
			if _, err := tx.Exec(ctx, "UPDATE meeting_invitations SET attended = ? WHERE meeting_id = ? AND user_id = ?",
				came, m.ID, user); err != nil {
				return fmt.Errorf("regional: attendance: %w", err)
			}
			if came {
				present++
			}
		}
		return s.audit.Append(ctx, tx, x.p.Entry("meeting.attendance", audit.ResultSuccess, "meeting", m.ID,
			map[string]string{"region": m.RegionID, "present": fmt.Sprint(present)}))
	})
}
