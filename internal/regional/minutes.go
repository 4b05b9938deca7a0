package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// How minutes, decisions and tasks fit together:
//
//   - A meeting's minutes are versions 1, 2, …; only the latest changes,
//     and only until it is approved. Drafts are the coordinators'; once
//     circulated, everybody in the region reads them.
//   - Every write of minutes, their decisions or their tasks runs in a
//     transaction that holds the meeting's row and changes the minutes'
//     row with the condition state <> 'approved' (touchMinutes): approved
//     minutes do not change, whatever a caller checked before.
//   - A correction of approved minutes is a new draft version whose
//     corrects_id names the approved one. It starts as a copy: summary,
//     texts and decisions (as new rows; the approved version keeps its
//     own, unchanged).
//   - Decisions belong to the version that records them. Lists and the
//     search show those of each meeting's latest version that every
//     reader of the region sees (circulated or approved): a draft's
//     decisions are indexed for the coordinators only until it is
//     circulated, and a circulated correction replaces the decisions it
//     corrects (those of the versions before leave the index).
//   - Tasks belong to the meeting and keep their ids across versions;
//     minutes_id is the version that recorded a task, which may delete it
//     while that version is not approved. Their state is work and changes
//     also after approval; a correction neither copies nor renumbers them.

// Minutes states.
const (
	MinutesDraft      = "draft"
	MinutesCirculated = "circulated"
	MinutesApproved   = "approved"
)

// Limits of the minutes' texts in characters.
const (
	maxSummary  = 20000
	maxItemText = 20000
)

// Minutes are one version of a meeting's minutes.
type Minutes struct {
	ID, MeetingID string
	Version       int
	State         string
	// CorrectsVersion is the approved version this one corrects (0: none).
	CorrectsVersion int
	Summary         string
	CreatedBy       string
	// UpdatedAt is the last change of the version or of what it records
	// (forms send it back to detect changes made meanwhile).
	CreatedAt, UpdatedAt     time.Time
	CirculatedAt, ApprovedAt time.Time
	ApprovedBy, ApprovedName string
	// Latest: this is the meeting's latest version (the one that may
	// change while not approved).
	Latest bool
	// Items are the agenda's items with this version's text (read by
	// Minutes only), in agenda order.
	Items []MinuteItem
	// Decisions are those this version records; Tasks all of the
	// meeting's tasks (read by Minutes only).
	Decisions []Decision
	Tasks     []Task
}

// Editable reports whether the minutes may still change.
func (m *Minutes) Editable() bool { return m.Latest && m.State != MinutesApproved }

// MinuteItem is an agenda item with the minutes' text for it.
type MinuteItem struct {
	AgendaItemID, Title, Presenter string
	Text                           string
}

// MinutesInput is what the editor saves: the summary and the text per
// agenda item (items not named keep their text).
type MinutesInput struct {
	// Version is the minutes' version the editor shows; Changed its
	// UpdatedAt then (zero: not checked). ErrStale when either differs.
	Version int
	Changed time.Time
	Summary string
	Texts   map[string]string
}

func (in *MinutesInput) validate() error {
	in.Summary = strings.TrimSpace(in.Summary)
	var e valid.Errors
	if len([]rune(in.Summary)) > maxSummary {
		e.Add("summary", "minutes.summary_too_long", "Max", maxSummary)
	}
	for id, text := range in.Texts {
		in.Texts[id] = strings.TrimSpace(text)
		if len([]rune(in.Texts[id])) > maxItemText {
			e.Add("text-"+id, "minutes.text_too_long", "Max", maxItemText)
		}
	}
	return e.Err()
}

// meetingDay is the calendar day (Lower Saxony) a meeting begins on.
func meetingDay(m *Meeting) time.Time { return clock.Day(m.Start.In(clock.Berlin())) }

const minutesColumns = `mi.id, mi.meeting_id, mi.version, mi.state, COALESCE(c.version, 0), mi.summary, mi.created_by,
	mi.created_at, mi.updated_at, mi.circulated_at, mi.approved_at, COALESCE(mi.approved_by, '')
	FROM minutes mi LEFT JOIN minutes c ON c.id = mi.corrects_id`

func scanMinutes(row interface{ Scan(...any) error }) (*Minutes, error) {
	var m Minutes
	var circulated, approved sql.NullTime
	if err := row.Scan(&m.ID, &m.MeetingID, &m.Version, &m.State, &m.CorrectsVersion, &m.Summary, &m.CreatedBy,
		&m.CreatedAt, &m.UpdatedAt, &circulated, &approved, &m.ApprovedBy); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	if circulated.Valid {
		m.CirculatedAt = circulated.Time.UTC()
	}
	if approved.Valid {
		m.ApprovedAt = approved.Time.UTC()
	}
	return &m, nil
}

// minutesVersions lists a meeting's versions newest first: all of them
// for its coordinators, the circulated and approved ones for the others.
func minutesVersions(ctx context.Context, q db.Querier, x Participant, m *Meeting) ([]*Minutes, error) {
	cond := ""
	if !x.Coordinates(m.RegionID) {
		cond = " AND mi.state <> 'draft'"
	}
	rows, err := q.Query(ctx, "SELECT "+minutesColumns+" WHERE mi.meeting_id = ?"+cond+" ORDER BY mi.version DESC", m.ID)
	if err != nil {
		return nil, fmt.Errorf("regional: minutes: %w", err)
	}
	defer rows.Close()
	var out []*Minutes
	for rows.Next() {
		v, err := scanMinutes(rows)
		if err != nil {
			return nil, fmt.Errorf("regional: minutes: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: minutes: %w", err)
	}
	rows.Close()
	var latest int
	err = q.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM minutes WHERE meeting_id = ?", m.ID).Scan(&latest)
	for _, v := range out {
		v.Latest = v.Version == latest
	}
	return out, err
}

// MinutesVersions lists the versions of a meeting's minutes x may read,
// newest first (none before the minutes are started or circulated).
func (s *Store) MinutesVersions(ctx context.Context, x Participant, meetingID string) ([]*Minutes, error) {
	m, err := meetingIn(ctx, s.db, x, meetingID)
	if err != nil {
		return nil, err
	}
	return minutesVersions(ctx, s.db, x, m)
}

// Minutes reads one version of a meeting's minutes x may read (0: the
// latest x may read) with its texts, decisions and the meeting's tasks.
// ErrNotFound when there is none (drafts are the coordinators').
func (s *Store) Minutes(ctx context.Context, x Participant, meetingID string, version int) (*Minutes, error) {
	m, err := meetingIn(ctx, s.db, x, meetingID)
	if err != nil {
		return nil, err
	}
	versions, err := minutesVersions(ctx, s.db, x, m)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if version == 0 || v.Version == version {
			return v, s.completeMinutes(ctx, x, m, v)
		}
	}
	return nil, ErrNotFound
}

// completeMinutes reads what a version records and names its approver.
func (s *Store) completeMinutes(ctx context.Context, x Participant, m *Meeting, v *Minutes) error {
	var err error
	if v.Items, err = minuteItems(ctx, s.db, m.ID, v.ID); err != nil {
		return err
	}
	if v.Decisions, err = decisionsWhere(ctx, s.db, "d.minutes_id = ?", []any{v.ID}, "d.decided_on, d.created_at, d.id", 0, 0); err != nil {
		return err
	}
	if v.Tasks, err = tasksWhere(ctx, s.db, x, "t.meeting_id = ?", []any{m.ID}, "t.created_at, t.id", 0, 0); err != nil {
		return err
	}
	if v.ApprovedBy != "" {
		names, err := auth.NamesOf(ctx, s.db, []string{v.ApprovedBy})
		if err != nil {
			return err
		}
		v.ApprovedName = names[v.ApprovedBy]
	}
	return nil
}

// minuteItems lists the meeting's agenda with the version's texts. The
// agenda is read here directly; it no longer changes once minutes are
// approved.
func minuteItems(ctx context.Context, q db.Querier, meetingID, minutesID string) ([]MinuteItem, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.title, a.presenter, COALESCE(t.text, '') FROM agenda_items a
		LEFT JOIN minute_items t ON t.agenda_item_id = a.id AND t.minutes_id = ?
		WHERE a.meeting_id = ? ORDER BY a.position, a.id`, minutesID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("regional: minute items: %w", err)
	}
	defer rows.Close()
	var out []MinuteItem
	for rows.Next() {
		var it MinuteItem
		if err := rows.Scan(&it.AgendaItemID, &it.Title, &it.Presenter, &it.Text); err != nil {
			return nil, fmt.Errorf("regional: minute items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// minutesMeeting reads a meeting x coordinates for a change of its
// minutes in tx, holding the meeting's row until the transaction ends
// (a write that changes nothing is PostgreSQL's row lock; SQLite has one
// writer anyway), so changes of one meeting's minutes, agenda and
// invitations happen one after the other.
func minutesMeeting(ctx context.Context, tx *db.Tx, x Participant, meetingID string) (*Meeting, error) {
	if _, err := tx.Exec(ctx, "UPDATE meetings SET version = version WHERE id = ?", meetingID); err != nil {
		return nil, fmt.Errorf("regional: minutes: %w", err)
	}
	m, err := meetingIn(ctx, tx, x, meetingID)
	if err != nil {
		return nil, err
	}
	if !x.Coordinates(m.RegionID) {
		return nil, ErrForbidden
	}
	return m, nil
}

// latestMinutes reads a meeting's latest version (ErrNotFound: none yet).
func latestMinutes(ctx context.Context, q db.Querier, meetingID string) (*Minutes, error) {
	v, err := scanMinutes(q.QueryRow(ctx, "SELECT "+minutesColumns+" WHERE mi.meeting_id = ? ORDER BY mi.version DESC LIMIT 1", meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("regional: minutes: %w", err)
	}
	v.Latest = true
	return v, nil
}

// editableMinutes is minutesMeeting with the meeting's latest minutes:
// ErrStale when they are not version (0: any), ErrLocked when approved.
func editableMinutes(ctx context.Context, tx *db.Tx, x Participant, meetingID string, version int) (*Meeting, *Minutes, error) {
	m, err := minutesMeeting(ctx, tx, x, meetingID)
	if err != nil {
		return nil, nil, err
	}
	cur, err := latestMinutes(ctx, tx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	if version != 0 && cur.Version != version {
		return nil, nil, ErrStale
	}
	if cur.State == MinutesApproved {
		return nil, nil, ErrLocked
	}
	return m, cur, nil
}

// touchMinutes marks a version changed. Its condition is the lock in SQL:
// no change passes once the version is approved.
func touchMinutes(ctx context.Context, tx *db.Tx, minutesID string, now time.Time) error {
	res, err := tx.Exec(ctx, "UPDATE minutes SET updated_at = ? WHERE id = ? AND state <> 'approved'", now, minutesID)
	return lockedUnless(res, err)
}

// lockedUnless turns a conditioned update that changed no row into
// ErrLocked.
func lockedUnless(res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("regional: minutes: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrLocked
	}
	return nil
}

// sameStamp compares a version's UpdatedAt with what a form sent back.
func sameStamp(a, b time.Time) bool { return a.UnixMicro() == b.UnixMicro() }

// minutesEntry is the audit entry of a change of a meeting's minutes.
func minutesEntry(x Participant, action string, m *Meeting, version int, more ...string) audit.Entry {
	detail := map[string]string{"region": m.RegionID, "version": fmt.Sprint(version)}
	for i := 0; i+1 < len(more); i += 2 {
		detail[more[i]] = more[i+1]
	}
	return x.p.Entry(action, audit.ResultSuccess, "meeting", m.ID, detail)
}
