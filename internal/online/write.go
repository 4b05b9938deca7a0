package online

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
)

// Post adds pt's message m to a conversation. The message must be the next
// one (seq = last + 1, else ErrSequence), of the current epoch, from pt;
// staff write only in conversations assigned to them, nobody in a closed
// one (ErrChanged).
func (s *Store) Post(ctx context.Context, pt Party, convID string, m Message) error {
	if err := checkBody(m.Body); err != nil {
		return err
	}
	if err := checkAttachment(m.Attachment); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := conversation(ctx, tx, pt, convID)
		if err != nil {
			return err
		}
		if !pt.IsClient() && c.CounselorID != pt.ID() {
			return ErrNotFound
		}
		if c.State == StateClosed {
			return ErrChanged
		}
		if m.Seq != c.LastSeq+1 || m.Epoch != c.Epoch || m.SenderID != pt.ID() {
			return ErrSequence
		}
		now := s.now()
		seen := `staff_seen = ?`
		if pt.IsClient() {
			seen = `client_seen = ?`
		}
		// The condition on last_seq decides a race between two writers.
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET last_seq = ?, updated_at = ?, `+seen+`
			WHERE id = ? AND last_seq = ?`, m.Seq, now, m.Seq, convID, c.LastSeq)
		if err != nil {
			return fmt.Errorf("online: post: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrSequence
		}
		m.FromClient = pt.IsClient()
		if err := insertMessage(ctx, tx, convID, m, now); err != nil {
			return err
		}
		if err := s.noticeClient(ctx, tx, pt, c); err != nil {
			return err
		}
		return s.tellAbout(ctx, tx, pt, c)
	})
	if err == nil {
		s.o.Signal(convID)
	}
	return err
}

// tellAbout notifies the counselor when a client writes again and they
// had read everything before (one note per unread stretch, not per message).
func (s *Store) tellAbout(ctx context.Context, tx *db.Tx, pt Party, c *Conversation) error {
	if !pt.IsClient() || c.CounselorID == "" || c.LastSeq > c.StaffSeen {
		return nil
	}
	return s.tell(ctx, tx, []Recipient{{ID: c.CounselorID}}, notify.OnlineMessage, "/online/c/"+c.ID)
}

// Seen records that pt has read up to seq.
func (s *Store) Seen(ctx context.Context, pt Party, convID string, seq int) error {
	col := `staff_seen`
	if pt.IsClient() {
		col = `client_seen`
	}
	cond, args := pt.scope()
	_, err := s.db.Exec(ctx, `UPDATE online_conversations SET `+col+` = ? WHERE id = ? AND `+col+` < ? AND last_seq >= ?
		AND id IN (SELECT c.id FROM online_conversations c WHERE `+cond+`)`, append([]any{seq, convID, seq, seq}, args...)...)
	if err != nil {
		return fmt.Errorf("online: seen: %w", err)
	}
	return nil
}

// Take assigns a new enquiry to the counselor pt, who must hold its key.
// Without team access in the routed office, the other counselors' copies
// of the key are deleted: they no longer see the conversation.
func (s *Store) Take(ctx context.Context, pt Party, convID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := conversation(ctx, tx, pt, convID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET state = 'open', counselor_id = ?, updated_at = ?
			WHERE id = ? AND state = 'new' AND EXISTS (SELECT 1 FROM online_keys k WHERE k.conversation_id = ? AND k.recipient_id = ?)`,
			pt.ID(), s.now(), convID, convID, pt.ID())
		if err != nil {
			return fmt.Errorf("online: take: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrChanged
		}
		if !s.teamAccess(ctx, tx, c.OfficeID) {
			if _, err := tx.Exec(ctx, `DELETE FROM online_keys WHERE conversation_id = ? AND recipient_id NOT IN (?, ?)`,
				convID, pt.ID(), c.ClientID); err != nil {
				return fmt.Errorf("online: take: %w", err)
			}
		}
		return s.audit.Append(ctx, tx, pt.staff.Entry("online.take", audit.ResultSuccess, "online_conversation", convID, nil))
	})
}

func (s *Store) teamAccess(ctx context.Context, q db.Querier, officeID string) bool {
	var team bool
	if officeID == "" {
		return false
	}
	_ = q.QueryRow(ctx, `SELECT team_access FROM online_offices WHERE office_id = ?`, officeID).Scan(&team)
	return team
}

// Close ends a conversation assigned to pt; it is deleted after the
// retention (the client sees the countdown and can save it before).
func (s *Store) Close(ctx context.Context, pt Party, convID string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := conversation(ctx, tx, pt, convID); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET state = 'closed', closed_at = ?, delete_after = ?, updated_at = ?
			WHERE id = ? AND state = 'open' AND counselor_id = ?`, now, now.Add(s.o.Retention), now, convID, pt.ID())
		if err != nil {
			return fmt.Errorf("online: close: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrChanged
		}
		return s.audit.Append(ctx, tx, pt.staff.Entry("online.close", audit.ResultSuccess, "online_conversation", convID, nil))
	})
	if err == nil {
		s.o.Signal(convID)
	}
	return err
}

// Purge deletes closed conversations past their retention and anonymous
// accounts without activity for the inactivity period (a daily job).
func (s *Store) Purge(ctx context.Context) (conversations, clients int64, err error) {
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM online_conversations WHERE delete_after IS NOT NULL AND delete_after <= ?`, now)
		if err != nil {
			return fmt.Errorf("online: purge: %w", err)
		}
		conversations, _ = res.RowsAffected()
		clients, err = deleteClients(ctx, tx, `active_at <= ?`, now.Add(-s.o.Inactive))
		return err
	})
	return conversations, clients, err
}
