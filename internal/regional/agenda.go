package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// AgendaItem is an item of a meeting's agenda.
type AgendaItem struct {
	ID, MeetingID string
	// Position orders the agenda from 1.
	Position         int
	Title, Presenter string
	// Minutes is the planned duration (0: not planned).
	Minutes int
	// DocumentID links a document of the region's library; Document is
	// its title.
	DocumentID, Document string
}

// AgendaInput is an agenda item as typed.
type AgendaInput struct {
	Title, Presenter string
	Minutes          int
	// DocumentID is a document of the meeting's region's library ("" for
	// none).
	DocumentID string
}

// Limits of an agenda item's fields.
const (
	maxPresenter   = 200
	maxItemMinutes = 600
)

func (in *AgendaInput) validate() valid.Errors {
	in.Title, in.Presenter, in.DocumentID = strings.TrimSpace(in.Title), strings.TrimSpace(in.Presenter), strings.TrimSpace(in.DocumentID)
	var e valid.Errors
	switch {
	case in.Title == "":
		e.Add("title", "meetings.item_title_required")
	case len([]rune(in.Title)) > maxTitle:
		e.Add("title", "meetings.item_title_too_long", "Max", maxTitle)
	}
	if len([]rune(in.Presenter)) > maxPresenter {
		e.Add("presenter", "meetings.item_presenter_too_long", "Max", maxPresenter)
	}
	if in.Minutes < 0 || in.Minutes > maxItemMinutes {
		e.Add("minutes", "meetings.item_minutes_range", "Max", maxItemMinutes)
	}
	return e
}

// Check reports in's problems that need no database, so that a form can
// show them together with its own (a duration that does not parse).
func (in AgendaInput) Check() valid.Errors { return in.validate() }

// check validates in and, when it names a document, that the document is
// in the library of the meeting's region.
func (in *AgendaInput) check(ctx context.Context, q db.Querier, region string) error {
	e := in.validate()
	if in.DocumentID != "" {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM library_documents WHERE id = ? AND space = ?", in.DocumentID, region).Scan(&n); err != nil {
			return fmt.Errorf("regional: agenda document: %w", err)
		}
		if n == 0 {
			e.Add("document", "meetings.item_document_unknown")
		}
	}
	return e.Err()
}

// Agenda lists the items of a meeting x sees, in order.
func (s *Store) Agenda(ctx context.Context, x Participant, meetingID string) ([]AgendaItem, error) {
	if _, err := meetingIn(ctx, s.db, x, meetingID); err != nil {
		return nil, err
	}
	return agenda(ctx, s.db, meetingID)
}

func agenda(ctx context.Context, q db.Querier, meetingID string) ([]AgendaItem, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.meeting_id, a.position, a.title, a.presenter, a.minutes,
		COALESCE(a.document_id, ''), COALESCE(d.title, '')
		FROM agenda_items a LEFT JOIN library_documents d ON d.id = a.document_id
		WHERE a.meeting_id = ? ORDER BY a.position, a.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("regional: agenda: %w", err)
	}
	defer rows.Close()
	var out []AgendaItem
	for rows.Next() {
		var a AgendaItem
		if err := rows.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Title, &a.Presenter, &a.Minutes, &a.DocumentID, &a.Document); err != nil {
			return nil, fmt.Errorf("regional: agenda: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddAgendaItem adds an item at the end of the agenda of a meeting x
// coordinates and returns its id.
func (s *Store) AddAgendaItem(ctx context.Context, x Participant, meetingID string, in AgendaInput) (string, error) {
	id := newID()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		if err := in.check(ctx, tx, m.RegionID); err != nil {
			return err
		}
		var last int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = ?", meetingID).Scan(&last); err != nil {
			return fmt.Errorf("regional: add agenda item: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO agenda_items (id, meeting_id, position, title, presenter, minutes, document_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, meetingID, last+1, in.Title, in.Presenter, in.Minutes, nullable(in.DocumentID), s.now()); err != nil {
			return fmt.Errorf("regional: add agenda item: %w", err)
		}
		return s.agendaChanged(ctx, tx, x, m, "meeting.agenda_add", id)
	})
	return id, err
}

// EditAgendaItem changes an item of the agenda of a meeting x coordinates.
func (s *Store) EditAgendaItem(ctx context.Context, x Participant, meetingID, itemID string, in AgendaInput) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		if _, err := agendaPosition(ctx, tx, meetingID, itemID); err != nil {
			return err
		}
		if err := in.check(ctx, tx, m.RegionID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE agenda_items SET title = ?, presenter = ?, minutes = ?, document_id = ? WHERE id = ? AND meeting_id = ?`,
			in.Title, in.Presenter, in.Minutes, nullable(in.DocumentID), itemID, meetingID); err != nil {
			return fmt.Errorf("regional: edit agenda item: %w", err)
		}
		return s.agendaChanged(ctx, tx, x, m, "meeting.agenda_edit", itemID)
	})
}

// DeleteAgendaItem takes an item off the agenda of a meeting x
// coordinates; the later items move up. An item the minutes already
// wrote on (text, a decision, a task) stays (a problem for the field
// "item").
func (s *Store) DeleteAgendaItem(ctx context.Context, x Participant, meetingID, itemID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		pos, err := agendaPosition(ctx, tx, meetingID, itemID)
		if err != nil {
			return err
		}
		var used int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM minute_items WHERE agenda_item_id = ? AND text <> '')
			+ (SELECT COUNT(*) FROM decisions WHERE agenda_item_id = ?) + (SELECT COUNT(*) FROM region_tasks WHERE agenda_item_id = ?)`,
			itemID, itemID, itemID).Scan(&used); err != nil {
			return fmt.Errorf("regional: delete agenda item: %w", err)
		}
		if used > 0 {
			return valid.Errors{{Field: "item", Key: "meetings.item_in_use"}}
		}
		for _, q := range []string{"DELETE FROM minute_items WHERE agenda_item_id = ?", "DELETE FROM agenda_items WHERE id = ?"} {
			if _, err := tx.Exec(ctx, q, itemID); err != nil {
				return fmt.Errorf("regional: delete agenda item: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ?", meetingID, pos); err != nil {
			return fmt.Errorf("regional: delete agenda item: %w", err)
		}
		return s.agendaChanged(ctx, tx, x, m, "meeting.agenda_delete", itemID)
	})
}

// MoveAgendaItem swaps an item with the one before it (up) or after it;
// at either end of the agenda nothing changes.
func (s *Store) MoveAgendaItem(ctx context.Context, x Participant, meetingID, itemID string, up bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.changeable(ctx, tx, x, meetingID)
		if err != nil {
			return err
		}
		pos, err := agendaPosition(ctx, tx, meetingID, itemID)
		if err != nil {
			return err
		}
		query := "SELECT id, position FROM agenda_items WHERE meeting_id = ? AND position > ? ORDER BY position, id LIMIT 1"
		if up {
			query = "SELECT id, position FROM agenda_items WHERE meeting_id = ? AND position < ? ORDER BY position DESC, id LIMIT 1"
		}
		var other string
		var otherPos int
		err = tx.QueryRow(ctx, query, meetingID, pos).Scan(&other, &otherPos)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("regional: move agenda item: %w", err)
		}
		// Positions are not unique, so the swap takes two plain updates.
		for _, u := range []struct {
			id  string
			pos int
		}{{itemID, otherPos}, {other, pos}} {
			if _, err := tx.Exec(ctx, "UPDATE agenda_items SET position = ? WHERE id = ?", u.pos, u.id); err != nil {
				return fmt.Errorf("regional: move agenda item: %w", err)
			}
		}
		return s.agendaChanged(ctx, tx, x, m, "meeting.agenda_move", itemID)
	})
}

// agendaPosition is the position of an item of the meeting (ErrNotFound
// for an item of another meeting).
func agendaPosition(ctx context.Context, q db.Querier, meetingID, itemID string) (int, error) {
	var pos int
	err := q.QueryRow(ctx, "SELECT position FROM agenda_items WHERE id = ? AND meeting_id = ?", itemID, meetingID).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("regional: agenda item: %w", err)
	}
	return pos, nil
}

// agendaChanged audits a change of m's agenda and puts the new agenda
// into the search.
func (s *Store) agendaChanged(ctx context.Context, tx *db.Tx, x Participant, m *Meeting, action, itemID string) error {
	if err := s.audit.Append(ctx, tx, x.p.Entry(action, audit.ResultSuccess, "meeting", m.ID,
		map[string]string{"region": m.RegionID, "item": itemID})); err != nil {
		return err
	}
	return s.reindex(ctx, tx, m)
}

// AgendaDocument is a library document an agenda item may link.
type AgendaDocument struct{ ID, Title string }

// maxAgendaDocuments bounds the documents the agenda form offers.
const maxAgendaDocuments = 500

// AgendaDocuments lists the documents of the library of the meeting's
// region, by title, for a coordinator's agenda form.
func (s *Store) AgendaDocuments(ctx context.Context, x Participant, meetingID string) ([]AgendaDocument, error) {
	m, err := meetingIn(ctx, s.db, x, meetingID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, "SELECT id, title FROM library_documents WHERE space = ? ORDER BY title, id LIMIT ?", m.RegionID, maxAgendaDocuments)
	if err != nil {
		return nil, fmt.Errorf("regional: agenda documents: %w", err)
	}
	defer rows.Close()
	var out []AgendaDocument
	for rows.Next() {
		var d AgendaDocument
		if err := rows.Scan(&d.ID, &d.Title); err != nil {
			return nil, fmt.Errorf("regional: agenda documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
