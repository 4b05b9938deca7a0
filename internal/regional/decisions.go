package regional

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Decision is a decision taken at a meeting as one version of its minutes
// records it (see minutes.go for how versions and decisions relate).
type Decision struct {
	ID, RegionID, Region, MeetingID, Meeting, MinutesID string
	// AgendaItemID is the agenda item it was taken under ("" for none).
	AgendaItemID, AgendaItem string
	Text                     string
	// Topic is a registry topic ("" for none).
	Topic     string
	DecidedOn time.Time
	CreatedBy string
	CreatedAt time.Time
}

// maxDecision bounds a decision's text in characters.
const maxDecision = 2000

// DecisionInput is a decision to record in the latest minutes.
type DecisionInput struct {
	// Version is the minutes' version the form belongs to (ErrStale when
	// it is no longer the latest).
	Version                   int
	Text, AgendaItemID, Topic string
	// DecidedOn is the day (zero: the meeting's day).
	DecidedOn time.Time
}

// AddDecision records a decision in the minutes of a meeting x
// coordinates while they are not approved.
func (s *Store) AddDecision(ctx context.Context, x Participant, meetingID string, in DecisionInput) (string, error) {
	id := newID()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, in.Version)
		if err != nil {
			return err
		}
		if err := s.checkDecision(ctx, tx, m, &in); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO decisions (id, region_id, meeting_id, minutes_id, agenda_item_id, text, topic, decided_on,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, m.RegionID, m.ID, cur.ID, nullable(in.AgendaItemID),
			in.Text, in.Topic, in.DecidedOn, x.UserID(), now); err != nil {
			return fmt.Errorf("regional: add decision: %w", err)
		}
		if err := touchMinutes(ctx, tx, cur.ID, now); err != nil {
			return err
		}
		d := Decision{ID: id, Text: in.Text, Topic: in.Topic, DecidedOn: in.DecidedOn}
		if err := s.indexDecision(ctx, tx, m, d, cur.State == MinutesDraft); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.decision_add", m, cur.Version, "decision", id))
	})
	return id, err
}

// checkDecision validates a decision of meeting m and fills in its day.
func (s *Store) checkDecision(ctx context.Context, q db.Querier, m *Meeting, in *DecisionInput) error {
	in.Text, in.AgendaItemID, in.Topic = strings.TrimSpace(in.Text), strings.TrimSpace(in.AgendaItemID), strings.TrimSpace(in.Topic)
	var e valid.Errors
	switch {
	case in.Text == "":
		e.Add("decision_text", "minutes.decision_required")
	case len([]rune(in.Text)) > maxDecision:
		e.Add("decision_text", "minutes.decision_too_long", "Max", maxDecision)
	}
	if err := checkAgendaItem(ctx, q, m.ID, in.AgendaItemID, "decision_item", &e); err != nil {
		return err
	}
	if in.Topic != "" {
		known, err := network.KnownTopics(ctx, q, []string{in.Topic})
		if err != nil {
			return err
		}
		if !known[in.Topic] {
			e.Add("decision_topic", "minutes.topic_unknown")
		}
	}
	day := meetingDay(m)
	if in.DecidedOn.IsZero() {
		in.DecidedOn = day
	}
	switch {
	case in.DecidedOn.Before(day):
		e.Add("decided_on", "minutes.decided_before_meeting")
	case in.DecidedOn.After(s.o.Clock.Today()):
		e.Add("decided_on", "minutes.decided_future")
	}
	return e.Err()
}

// checkAgendaItem adds a problem for field when item ("" for none) is no
// item of the meeting's agenda.
func checkAgendaItem(ctx context.Context, q db.Querier, meetingID, item, field string, e *valid.Errors) error {
	if item == "" {
		return nil
	}
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM agenda_items WHERE id = ? AND meeting_id = ?", item, meetingID).Scan(&n); err != nil {
		return fmt.Errorf("regional: agenda item: %w", err)
	}
	if n == 0 {
		e.Add(field, "minutes.item_unknown")
	}
	return nil
}

// DeleteDecision removes a decision of the latest minutes of a meeting x
// coordinates while they are not approved; a decision of an approved
// version stays (ErrLocked).
func (s *Store) DeleteDecision(ctx context.Context, x Participant, meetingID, decisionID string, version int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, version)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM decisions WHERE id = ? AND minutes_id = ?", decisionID, cur.ID)
		if err != nil {
			return fmt.Errorf("regional: delete decision: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return lockedOrMissing(ctx, tx, "decisions", decisionID, meetingID)
		}
		if err := s.unindex(ctx, tx, DocDecision, decisionID); err != nil {
			return err
		}
		if err := touchMinutes(ctx, tx, cur.ID, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.decision_delete", m, cur.Version, "decision", decisionID))
	})
}

// lockedOrMissing explains why a row of the meeting's decisions or tasks
// could not be deleted: it belongs to approved minutes (ErrLocked), or
// there is no such row (ErrNotFound). table is a constant.
func lockedOrMissing(ctx context.Context, q db.Querier, table, id, meetingID string) error {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ? AND meeting_id = ?", id, meetingID).Scan(&n); err != nil {
		return fmt.Errorf("regional: %s: %w", table, err)
	}
	if n > 0 {
		return ErrLocked
	}
	return ErrNotFound
}

// Decisions lists the decisions of a region x sees, newest first, and
// how many there are: those of each meeting's latest circulated or
// approved minutes (drafts stay in the minutes editor).
func (s *Store) Decisions(ctx context.Context, x Participant, region string, limit, offset int) ([]Decision, int, error) {
	if region == StateSpace || !x.Sees(region) {
		return nil, 0, ErrNotFound
	}
	cond := `d.region_id = ? AND mi.version = (SELECT MAX(v.version) FROM minutes v
		WHERE v.meeting_id = d.meeting_id AND v.state <> 'draft')`
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM decisions d JOIN minutes mi ON mi.id = d.minutes_id WHERE "+cond,
		region).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: decisions: %w", err)
	}
	list, err := decisionsWhere(ctx, s.db, cond, []any{region}, "d.decided_on DESC, d.created_at DESC, d.id", limit, offset)
	return list, total, err
}

// decisionsWhere reads decisions matching cond in order (limit 0: all).
func decisionsWhere(ctx context.Context, q db.Querier, cond string, args []any, order string, limit, offset int) ([]Decision, error) {
	query := `SELECT d.id, d.region_id, d.meeting_id, mt.title, d.minutes_id, COALESCE(d.agenda_item_id, ''), COALESCE(a.title, ''),
		d.text, d.topic, d.decided_on, d.created_by, d.created_at
		FROM decisions d JOIN minutes mi ON mi.id = d.minutes_id JOIN meetings mt ON mt.id = d.meeting_id
		LEFT JOIN agenda_items a ON a.id = d.agenda_item_id WHERE ` + cond + " ORDER BY " + order
	if limit > 0 {
		query += " LIMIT ? OFFSET ?"
		args = append(args, limit, offset)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("regional: decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.ID, &d.RegionID, &d.MeetingID, &d.Meeting, &d.MinutesID, &d.AgendaItemID, &d.AgendaItem,
			&d.Text, &d.Topic, &d.DecidedOn, &d.CreatedBy, &d.CreatedAt); err != nil {
			return nil, fmt.Errorf("regional: decisions: %w", err)
		}
		d.DecidedOn, d.CreatedAt = d.DecidedOn.UTC(), d.CreatedAt.UTC()
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: decisions: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	names, err := network.RegionNames(ctx, q)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Region = names[out[i].RegionID]
	}
	return out, nil
}

// publishDecisions puts the decisions of a meeting's circulated version
// into the search in place of those of its other versions.
func (s *Store) publishDecisions(ctx context.Context, tx *db.Tx, m *Meeting, minutesID string) error {
	all, err := decisionsWhere(ctx, tx, "d.meeting_id = ?", []any{m.ID}, "d.id", 0, 0)
	if err != nil {
		return err
	}
	for _, d := range all {
		if d.MinutesID == minutesID {
			err = s.indexDecision(ctx, tx, m, d, false)
		} else {
			err = s.unindex(ctx, tx, DocDecision, d.ID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// indexDecision puts a decision of meeting m into the search; one of a
// draft only for the region's coordinators.
func (s *Store) indexDecision(ctx context.Context, tx *db.Tx, m *Meeting, d Decision, draft bool) error {
	return s.index(ctx, tx, Doc{Kind: DocDecision, ID: d.ID, Space: m.RegionID, Title: m.Title, Body: d.Text, Topic: d.Topic,
		Date: d.DecidedOn, CoordinatorsOnly: draft})
}

// copyDecisions copies the decisions of one version into a new draft as
// new rows (a correction starts with what the approved version recorded);
// the copies are found by the coordinators until the draft goes round.
func (s *Store) copyDecisions(ctx context.Context, tx *db.Tx, m *Meeting, from, to string, now time.Time) error {
	list, err := decisionsWhere(ctx, tx, "d.minutes_id = ?", []any{from}, "d.created_at, d.id", 0, 0)
	if err != nil {
		return err
	}
	for _, d := range list {
		d.ID = newID()
		if _, err := tx.Exec(ctx, `INSERT INTO decisions (id, region_id, meeting_id, minutes_id, agenda_item_id, text, topic, decided_on,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.RegionID, d.MeetingID, to, nullable(d.AgendaItemID),
			d.Text, d.Topic, d.DecidedOn, d.CreatedBy, now); err != nil {
			return fmt.Errorf("regional: copy decisions: %w", err)
		}
		if err := s.indexDecision(ctx, tx, m, d, true); err != nil {
			return err
		}
	}
	return nil
}
