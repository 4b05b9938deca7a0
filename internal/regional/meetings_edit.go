package regional

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

var (
	// ErrCancelled: the meeting was called off; nothing about it changes
	// any more.
	ErrCancelled = errors.New("regional: the meeting is cancelled")
	// ErrOver: too late for this: the meeting has begun (cancelling) or
	// ended (answering, inviting).
	ErrOver = errors.New("regional: the meeting has begun or is over")
	// ErrNotStarted: attendance is recorded once the meeting has begun.
	ErrNotStarted = errors.New("regional: the meeting has not begun")
	// ErrNotInvited: only people invited to a meeting answer its
	// invitation.
	ErrNotInvited = errors.New("regional: not invited to the meeting")
)

// EditMeeting changes a meeting's title, time and place. version is the
// version the editor read (ErrStale when somebody changed it since).
// Repeat and Count of in are ignored: each meeting of a series is edited
// on its own. The start may not move into the past, except that a
// meeting under way keeps (or corrects to a later) start. Once the
// invitations went out, everybody
// invited gets the updated invitation (with the next SEQUENCE, so their
// calendar replaces the entry).
func (s *Store) EditMeeting(ctx context.Context, x Participant, id string, version int, in MeetingInput) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, id)
		if err != nil {
			return err
		}
		if m.Version != version {
			return ErrStale
		}
		in.Repeat, in.Count = Once, 1
		// A meeting already under way may keep its (past) start.
		if err := in.validate(earlier(s.now(), m.Start)); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, place = ?, online_url = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			in.Title, in.Start.UTC(), in.End.UTC(), in.Place, in.OnlineURL, s.now(), id, version)
		if err != nil {
			return fmt.Errorf("regional: edit meeting: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		m.Title, m.Start, m.End, m.Place, m.OnlineURL, m.Version = in.Title, in.Start.UTC(), in.End.UTC(), in.Place, in.OnlineURL, version+1
		if err := s.audit.Append(ctx, tx, x.p.Entry("meeting.edit", audit.ResultSuccess, "meeting", id,
			map[string]string{"region": m.RegionID, "version": fmt.Sprint(m.Version)})); err != nil {
			return err
		}
		if !m.InvitedAt.IsZero() {
			if err := s.mailInvited(ctx, tx, m, false); err != nil {
				return err
			}
		}
		return s.reindex(ctx, tx, m)
	})
}

// CancelMeeting calls off a planned meeting that has not begun; everybody
// invited gets a cancellation (with the calendar entry cancelled).
func (s *Store) CancelMeeting(ctx context.Context, x Participant, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.coordinated(ctx, tx, x, id)
		if err != nil {
			return err
		}
		if m.State == Cancelled {
			return ErrCancelled
		}
		if !m.Start.After(s.now()) {
			return ErrOver
		}
		if _, err := tx.Exec(ctx, "UPDATE meetings SET state = 'cancelled', version = version + 1, updated_at = ? WHERE id = ?",
			s.now(), id); err != nil {
			return fmt.Errorf("regional: cancel meeting: %w", err)
		}
		m.State, m.Version = Cancelled, m.Version+1
		if err := s.audit.Append(ctx, tx, x.p.Entry("meeting.cancel", audit.ResultSuccess, "meeting", id,
			map[string]string{"region": m.RegionID})); err != nil {
			return err
		}
		if err := s.mailInvited(ctx, tx, m, true); err != nil {
			return err
		}
		return s.reindex(ctx, tx, m)
	})
}

// coordinated reads a meeting for a change by x in tx, holding its row
// until the transaction ends (so two coordinators' changes of one
// meeting, its agenda or its invitations happen one after the other):
// ErrNotFound outside x's regions, ErrForbidden for a member who does not
// coordinate it.
func (s *Store) coordinated(ctx context.Context, tx *db.Tx, x Participant, id string) (*Meeting, error) {
	// A write to the row is the row lock PostgreSQL needs (SQLite has one
	// writer anyway); it changes nothing.
	if _, err := tx.Exec(ctx, "UPDATE meetings SET version = version WHERE id = ?", id); err != nil {
		return nil, fmt.Errorf("regional: meeting: %w", err)
	}
	m, err := meetingIn(ctx, tx, x, id)
	if err != nil {
		return nil, err
	}
	if !x.Coordinates(m.RegionID) {
		return nil, ErrForbidden
	}
	return m, nil
}

// changeable is coordinated for changes of the meeting's details or
// agenda: not for a cancelled meeting, nor once its minutes are approved.
func (s *Store) changeable(ctx context.Context, tx *db.Tx, x Participant, id string) (*Meeting, error) {
	m, err := s.coordinated(ctx, tx, x, id)
	if err != nil {
		return nil, err
	}
	if m.State == Cancelled {
		return nil, ErrCancelled
	}
	if err := unlocked(ctx, tx, id); err != nil {
		return nil, err
	}
	return m, nil
}

// unlocked answers ErrLocked once a meeting has approved minutes: what
// they recorded (the agenda, who came) stays as approved.
func unlocked(ctx context.Context, q db.Querier, meetingID string) error {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM minutes WHERE meeting_id = ? AND state = 'approved'", meetingID).Scan(&n); err != nil {
		return fmt.Errorf("regional: minutes state: %w", err)
	}
	if n > 0 {
		return ErrLocked
	}
	return nil
}

// reindex puts a meeting with its agenda's titles into the search.
func (s *Store) reindex(ctx context.Context, tx *db.Tx, m *Meeting) error {
	titles, err := strings1(ctx, tx, "SELECT title FROM agenda_items WHERE meeting_id = ? ORDER BY position, id", m.ID)
	if err != nil {
		return err
	}
	return s.index(ctx, tx, Doc{Kind: DocMeeting, ID: m.ID, Space: m.RegionID, Title: m.Title,
		Body: strings.Join(titles, "\n"), Date: m.Start})
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// MeetingLocked reports whether a meeting x sees has approved minutes
// (its details, agenda and attendance no longer change).
func (s *Store) MeetingLocked(ctx context.Context, x Participant, id string) (bool, error) {
	if _, err := meetingIn(ctx, s.db, x, id); err != nil {
		return false, err
	}
	err := unlocked(ctx, s.db, id)
	if errors.Is(err, ErrLocked) {
		return true, nil
	}
	return false, err
}
