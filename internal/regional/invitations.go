package regional

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// The capacities in which people are invited, in the order Invite counts
// them (a person in two capacities is invited once, in the first).
const (
	AsRepresentative = "representative"
	AsDeputy         = "deputy"
	AsCoordinator    = "coordinator"
	AsGuest          = "guest"
)

// The answers to an invitation ("" until answered).
const (
	AnswerYes   = "yes"
	AnswerNo    = "no"
	AnswerMaybe = "maybe"
)

// Answers lists the answers in the order forms offer them.
var Answers = []string{AnswerYes, AnswerMaybe, AnswerNo}

// Invitee is a person invited to a meeting with their answer and, once
// recorded, whether they came.
type Invitee struct {
	UserID, Name, Capacity string
	Answer                 string
	AnsweredAt, InvitedAt  time.Time
	// Attended is nil until the coordinator recorded attendance.
	Attended *bool
}

// Invitations lists who was invited to a meeting x sees, by name. Names
// of staff are shown to everybody taking part in the region.
func (s *Store) Invitations(ctx context.Context, x Participant, meetingID string) ([]Invitee, error) {
	if _, err := meetingIn(ctx, s.db, x, meetingID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT user_id, capacity, answer, answered_at, invited_at, attended
		FROM meeting_invitations WHERE meeting_id = ?`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("regional: invitations: %w", err)
	}
	defer rows.Close()
	var out []Invitee
	var ids []string
	for rows.Next() {
		var v Invitee
		var answered sql.NullTime
		var attended sql.NullBool
		if err := rows.Scan(&v.UserID, &v.Capacity, &v.Answer, &answered, &v.InvitedAt, &attended); err != nil {
			return nil, fmt.Errorf("regional: invitations: %w", err)
		}
		if answered.Valid {
			v.AnsweredAt = answered.Time.UTC()
		}
		if attended.Valid {
			v.Attended = &attended.Bool
		}
		v.InvitedAt = v.InvitedAt.UTC()
		out, ids = append(out, v), append(ids, v.UserID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: invitations: %w", err)
	}
	rows.Close()
	names, err := auth.NamesOf(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name = names[out[i].UserID]
	}
	slices.SortFunc(out, func(a, b Invitee) int {
		return strings.Compare(strings.ToLower(a.Name)+a.UserID, strings.ToLower(b.Name)+b.UserID)
	})
	return out, nil
}

// Invite invites to a meeting x coordinates everybody who belongs to it
// and was not invited yet: the representatives and deputies of the
// region's member organisations, the region's coordinators and its
// guests whose invitation holds on the meeting's day; disabled accounts
// are left out. Each gets an e-mail (with the calendar entry) and a
// notice; calling Invite again after the network changed invites only
// the newcomers. It answers how many were invited now. (Changes of the
// meeting itself reach those invited through EditMeeting.)
func (s *Store) Invite(ctx context.Context, x Participant, meetingID string) (int, error) {
	count := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.coordinated(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		if m.State == Cancelled {
			return ErrCancelled
		}
		now := s.now()
		if !m.End.After(now) {
			return ErrOver
		}
		due, err := s.uninvited(ctx, tx, m)
		if err != nil {
			return err
		}
		if len(due) == 0 {
			return nil
		}
		if m.InvitedAt.IsZero() {
			m.InvitedAt = now
			if _, err := tx.Exec(ctx, "UPDATE meetings SET invited_at = ?, updated_at = ? WHERE id = ?", now, now, m.ID); err != nil {
				return fmt.Errorf("regional: invite: %w", err)
			}
		}
		for _, c := range due {
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_invitations (meeting_id, user_id, capacity, invited_at) VALUES (?, ?, ?, ?)`,
				m.ID, c.UserID, c.capacity, now); err != nil {
				return fmt.Errorf("regional: invite: %w", err)
			}
			if err := s.o.Mail(ctx, tx, invitation(c.Contact, m, false, false)); err != nil {
				return err
			}
			if err := s.o.Notify(ctx, tx, Notice{Kind: NoticeMeeting, UserID: c.UserID, Href: "/meetings/" + m.ID}); err != nil {
				return err
			}
		}
		count = len(due)
		return s.audit.Append(ctx, tx, x.p.Entry("meeting.invite", audit.ResultSuccess, "meeting", m.ID,
			map[string]string{"region": m.RegionID, "invited": fmt.Sprint(count)}))
	})
	return count, err
}

// invitee is a person to invite: their contact and capacity.
type invitee struct {
	auth.Contact
	capacity string
}

// uninvited lists who belongs to m's invitation and is not invited yet,
// in the order of the capacities.
func (s *Store) uninvited(ctx context.Context, tx *db.Tx, m *Meeting) ([]invitee, error) {
	want, err := s.belonging(ctx, tx, m)
	if err != nil {
		return nil, err
	}
	done, err := strings1(ctx, tx, "SELECT user_id FROM meeting_invitations WHERE meeting_id = ?", m.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, w := range want {
		ids = append(ids, w.UserID)
	}
	// ContactsOf leaves disabled accounts out.
	contacts, err := auth.ContactsOf(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	var out []invitee
	for _, w := range want {
		c, ok := contacts[w.UserID]
		if ok && !slices.Contains(done, w.UserID) {
			out = append(out, invitee{Contact: c, capacity: w.capacity})
		}
	}
	return out, nil
}

// belonging lists the people a meeting's invitation is for, each once.
func (s *Store) belonging(ctx context.Context, tx *db.Tx, m *Meeting) ([]invitee, error) {
	var out []invitee
	add := func(user, capacity string) {
		if user != "" && !slices.ContainsFunc(out, func(v invitee) bool { return v.UserID == user }) {
			out = append(out, invitee{Contact: auth.Contact{UserID: user}, capacity: capacity})
		}
	}
	ms, err := members(ctx, tx, "m.region_id = ?", m.RegionID)
	if err != nil {
		return nil, err
	}
	for _, mb := range ms {
		add(mb.RepresentativeID, AsRepresentative)
	}
	for _, mb := range ms {
		add(mb.DeputyID, AsDeputy)
	}
	coords, err := auth.RegionCoordinators(ctx, tx, m.RegionID)
	if err != nil {
		return nil, err
	}
	for _, c := range coords {
		add(c.UserID, AsCoordinator)
	}
	day := clock.Day(m.Start.In(clock.Berlin()))
	guests, err := strings1(ctx, tx, `SELECT user_id FROM region_guests WHERE region_id = ? AND (until_on IS NULL OR until_on >= ?)
		ORDER BY created_at, id`, m.RegionID, day)
	if err != nil {
		return nil, err
	}
	for _, g := range guests {
		add(g, AsGuest)
	}
	return out, nil
}

// mailInvited sends everybody invited to m the invitation again: updated
// after an edit, or the cancellation.
func (s *Store) mailInvited(ctx context.Context, tx *db.Tx, m *Meeting, cancelled bool) error {
	ids, err := strings1(ctx, tx, "SELECT user_id FROM meeting_invitations WHERE meeting_id = ? ORDER BY user_id", m.ID)
	if err != nil {
		return err
	}
	contacts, err := auth.ContactsOf(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if c, ok := contacts[id]; ok {
			if err := s.o.Mail(ctx, tx, invitation(c, m, true, cancelled)); err != nil {
				return err
			}
		}
	}
	return nil
}

// invitation is the mail to c about m: the first invitation, an update
// or the cancellation.
func invitation(c auth.Contact, m *Meeting, again, cancelled bool) Invitation {
	copied := *m
	return Invitation{To: c.Email, Lang: c.Language, Name: c.Name, Meeting: &copied, RegionName: m.Region,
		Cancelled: cancelled, Updated: again && !cancelled}
}
