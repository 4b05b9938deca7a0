package event

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// maxComment bounds a feedback comment.
const maxComment = 1000

// GiveFeedback records a participant's short feedback through the personal
// link, once, after the event's last date (ErrChanged before it is over,
// ErrDuplicate the second time).
func (s *Store) GiveFeedback(ctx context.Context, token string, rating int, comment string) error {
	comment = strings.TrimSpace(comment)
	var e valid.Errors
	if rating < 1 || rating > 5 {
		e.Add("rating", "event.rating_required")
	}
	if utf8.RuneCountInString(comment) > maxComment {
		e.Add("comment", "event.text_long", "Max", maxComment)
	}
	if len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, _, err := s.regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		ev, err := one(ctx, tx, `e.id = ?`, r.EventID)
		if err != nil {
			return err
		}
		if r.State != Confirmed || s.now().Before(ev.Dates[len(ev.Dates)-1].End) {
			return ErrChanged
		}
		id := uuid.Must(uuid.NewV7()).String()
		sealed := ""
		if comment != "" {
			sealed = s.keys.Encrypt([]byte(comment), "event_feedback.comment:"+id)
		}
		_, err = tx.Exec(ctx, `INSERT INTO event_feedback (id, event_id, registration_id, rating, comment_enc, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, ev.ID, r.ID, rating, sealed, s.now())
		if db.IsUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("event: feedback: %w", err)
		}
		return nil
	})
}

// FeedbackGiven reports whether the personal link's registration gave
// feedback already.
func (s *Store) FeedbackGiven(ctx context.Context, token string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM event_feedback f JOIN event_registrations r ON r.id = f.registration_id
		WHERE r.token_hash = ?`, linktoken.Hash(token)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("event: feedback: %w", err)
	}
	return n > 0, nil
}

// Feedback is what participants said of an event, without who said it.
type Feedback struct {
	Count    int
	Average  float64
	Comments []string
}

// FeedbackOf summarises the feedback of one of p's events.
func (s *Store) FeedbackOf(ctx context.Context, p auth.Principal, eventID string) (Feedback, error) {
	var f Feedback
	if _, err := s.Organised(ctx, p, eventID); err != nil {
		return f, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, rating, comment_enc FROM event_feedback WHERE event_id = ? ORDER BY created_at`, eventID)
	if err != nil {
		return f, fmt.Errorf("event: feedback: %w", err)
	}
	defer rows.Close()
	sum := 0
	for rows.Next() {
		var id, sealed string
		var rating int
		if err := rows.Scan(&id, &rating, &sealed); err != nil {
			return f, fmt.Errorf("event: feedback: %w", err)
		}
		f.Count++
		sum += rating
		if sealed != "" {
			if b, err := s.keys.Decrypt(sealed, "event_feedback.comment:"+id); err == nil {
				f.Comments = append(f.Comments, string(b))
			}
		}
	}
	if f.Count > 0 {
		f.Average = float64(sum) / float64(f.Count)
	}
	return f, rows.Err()
}
