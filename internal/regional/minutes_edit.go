package regional

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// StartMinutes starts the minutes of a meeting x coordinates (version 1,
// a draft) once the meeting has begun; never for a cancelled meeting.
// Starting minutes that exist changes nothing.
func (s *Store) StartMinutes(ctx context.Context, x Participant, meetingID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := minutesMeeting(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case m.State == Cancelled:
			return valid.Errors{{Field: "minutes", Key: "minutes.cancelled"}}
		case !m.Held(now):
			return valid.Errors{{Field: "minutes", Key: "minutes.not_held"}}
		}
		if _, err := latestMinutes(ctx, tx, meetingID); !errors.Is(err, ErrNotFound) {
			return err // started already (nil), or failed
		}
		if _, err := tx.Exec(ctx, `INSERT INTO minutes (id, meeting_id, version, state, summary, created_by, created_at, updated_at)
			VALUES (?, ?, 1, 'draft', '', ?, ?, ?)`, newID(), meetingID, x.UserID(), now, now); err != nil {
			return fmt.Errorf("regional: start minutes: %w", err)
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.start", m, 1))
	})
}

// SaveMinutes saves the summary and the texts of the latest version of a
// meeting's minutes while they are not approved (ErrLocked then).
func (s *Store) SaveMinutes(ctx context.Context, x Participant, meetingID string, in MinutesInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, in.Version)
		if err != nil {
			return err
		}
		if !in.Changed.IsZero() && !sameStamp(in.Changed, cur.UpdatedAt) {
			return ErrStale
		}
		agenda, err := strings1(ctx, tx, "SELECT id FROM agenda_items WHERE meeting_id = ?", meetingID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE minutes SET summary = ?, updated_at = ? WHERE id = ? AND state <> 'approved'",
			in.Summary, s.now(), cur.ID)
		if err := lockedUnless(res, err); err != nil {
			return err
		}
		for item, text := range in.Texts {
			if !slices.Contains(agenda, item) {
				// The agenda changed since the editor was opened.
				return ErrStale
			}
			if err := saveMinuteItem(ctx, tx, cur.ID, item, text); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.save", m, cur.Version))
	})
}

// saveMinuteItem keeps the text of an agenda item (an empty text no row,
// so an item nothing was written for may still leave the agenda).
func saveMinuteItem(ctx context.Context, tx *db.Tx, minutesID, item, text string) error {
	var err error
	if text == "" {
		_, err = tx.Exec(ctx, "DELETE FROM minute_items WHERE minutes_id = ? AND agenda_item_id = ?", minutesID, item)
	} else {
		_, err = tx.Exec(ctx, `INSERT INTO minute_items (minutes_id, agenda_item_id, text) VALUES (?, ?, ?)
			ON CONFLICT (minutes_id, agenda_item_id) DO UPDATE SET text = excluded.text`, minutesID, item, text)
	}
	if err != nil {
		return fmt.Errorf("regional: minute item: %w", err)
	}
	return nil
}

// CirculateMinutes sends a draft to everybody in the region for
// corrections; its decisions then enter the search in place of those of
// the versions before. Circulating circulated minutes changes nothing.
func (s *Store) CirculateMinutes(ctx context.Context, x Participant, meetingID string, version int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, version)
		if err != nil || cur.State == MinutesCirculated {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE minutes SET state = 'circulated', circulated_at = ? WHERE id = ? AND state = 'draft'", s.now(), cur.ID)
		if err := lockedUnless(res, err); err != nil {
			return err
		}
		if err := s.publishDecisions(ctx, tx, m, cur.ID); err != nil {
			return err
		}
		if err := s.noticeInvitees(ctx, tx, x, m.ID, NoticeMinutes, "/meetings/"+m.ID+"/minutes"); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.circulate", m, cur.Version))
	})
}

// noticeInvitees tells everybody invited to the meeting but x of
// something about it (the minutes to read and correct).
func (s *Store) noticeInvitees(ctx context.Context, tx *db.Tx, x Participant, meetingID, kind, href string) error {
	invited, err := strings1(ctx, tx, "SELECT user_id FROM meeting_invitations WHERE meeting_id = ? AND user_id <> ? ORDER BY user_id", meetingID, x.UserID())
	if err != nil {
		return err
	}
	for _, u := range invited {
		if err := s.o.Notify(ctx, tx, Notice{Kind: kind, UserID: u, Href: href}); err != nil {
			return err
		}
	}
	return nil
}

// ApproveMinutes approves circulated minutes, which locks them for good.
// changed is the version's UpdatedAt as the confirmation showed it
// (ErrStale when it changed since); drafts are circulated first
// (ErrForbidden).
func (s *Store) ApproveMinutes(ctx context.Context, x Participant, meetingID string, version int, changed time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, version)
		if err != nil {
			return err
		}
		if cur.State != MinutesCirculated {
			return ErrForbidden
		}
		if !sameStamp(changed, cur.UpdatedAt) {
			return ErrStale
		}
		res, err := tx.Exec(ctx, `UPDATE minutes SET state = 'approved', approved_at = ?, approved_by = ?
			WHERE id = ? AND state = 'circulated'`, s.now(), x.UserID(), cur.ID)
		if err := lockedUnless(res, err); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.approve", m, cur.Version))
	})
}

// CorrectMinutes starts a correction of approved minutes: version n+1, a
// draft linked to the approved version n (which the form showed: ErrStale
// otherwise), with its summary, texts and decisions copied. It returns
// the new version.
func (s *Store) CorrectMinutes(ctx context.Context, x Participant, meetingID string, version int) (int, error) {
	next := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := minutesMeeting(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		cur, err := latestMinutes(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return ErrStale
		}
		if cur.State != MinutesApproved {
			return ErrForbidden
		}
		id, now := newID(), s.now()
		next = cur.Version + 1
		if _, err := tx.Exec(ctx, `INSERT INTO minutes (id, meeting_id, version, state, corrects_id, summary, created_by, created_at, updated_at)
			VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)`, id, meetingID, next, cur.ID, cur.Summary, x.UserID(), now, now); err != nil {
			return fmt.Errorf("regional: correct minutes: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO minute_items (minutes_id, agenda_item_id, text)
			SELECT ?, agenda_item_id, text FROM minute_items WHERE minutes_id = ?`, id, cur.ID); err != nil {
			return fmt.Errorf("regional: correct minutes: %w", err)
		}
		if err := s.copyDecisions(ctx, tx, m, cur.ID, id, now); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.correct", m, next, "corrects", fmt.Sprint(cur.Version)))
	})
	return next, err
}
