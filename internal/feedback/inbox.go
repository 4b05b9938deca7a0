package feedback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Status selects the messages of the inbox.
type Status string

// The inbox's two lists.
const (
	Open    Status = "open"
	Handled Status = "handled"
)

// Filter selects one page of the inbox.
type Filter struct {
	Status        Status
	Offset, Limit int
}

// where is the condition of the filter's status (Open when unknown).
func (f Filter) where() string {
	if f.Status == Handled {
		return "handled_at IS NOT NULL"
	}
	return "handled_at IS NULL"
}

const messageColumns = "id, received_at, lang, message_enc, page_enc, email_enc, handled_at, handled_by, delete_after"

// List returns one page of the inbox, newest first, with the number of
// messages the filter matches. Audited as "feedback.list" (status, page
// offset and how many were shown).
func (s *Store) List(ctx context.Context, p auth.Principal, f Filter) ([]Message, int, error) {
	if err := allowed(p); err != nil {
		return nil, 0, err
	}
	if f.Status != Handled {
		f.Status = Open
	}
	var out []Message
	total := 0
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM accessibility_feedback WHERE "+f.where()).Scan(&total); err != nil {
			return audit.Entry{}, fmt.Errorf("feedback: count: %w", err)
		}
		var err error
		out, err = s.query(ctx, q, "SELECT "+messageColumns+" FROM accessibility_feedback WHERE "+f.where()+
			" ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?", max(f.Limit, 1), max(f.Offset, 0))
		detail := map[string]string{"status": string(f.Status), "offset": strconv.Itoa(f.Offset), "shown": strconv.Itoa(len(out))}
		return p.Entry("feedback.list", audit.ResultSuccess, objectType, "", detail), err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Get returns one message. Audited as "feedback.read".
func (s *Store) Get(ctx context.Context, p auth.Principal, id string) (*Message, error) {
	if err := allowed(p); err != nil {
		return nil, err
	}
	var m *Message
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		ms, err := s.query(ctx, q, "SELECT "+messageColumns+" FROM accessibility_feedback WHERE id = ?", id)
		if err != nil {
			return audit.Entry{}, err
		}
		if len(ms) == 0 {
			return audit.Entry{}, ErrNotFound
		}
		m = &ms[0]
		return p.Entry("feedback.read", audit.ResultSuccess, objectType, id, nil), nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// CountOpen is how many messages wait for an admin (for the dashboard; it
// reads no text and is not audited).
func (s *Store) CountOpen(ctx context.Context, p auth.Principal) (int, error) {
	if err := allowed(p); err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM accessibility_feedback WHERE handled_at IS NULL").Scan(&n); err != nil {
		return 0, fmt.Errorf("feedback: count open: %w", err)
	}
	return n, nil
}

// MarkHandled records that p handled an open message (answered it, or
// found there was nothing to answer) and sets its deletion date,
// RetentionMonths later. A message handled already is left as it is.
// Audited as "feedback.handle" with the deletion date.
func (s *Store) MarkHandled(ctx context.Context, p auth.Principal, id string) error {
	if err := allowed(p); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var handled sql.NullTime
		err := tx.QueryRow(ctx, "SELECT handled_at FROM accessibility_feedback WHERE id = ?", id).Scan(&handled)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || handled.Valid {
			return wrap("mark handled", err)
		}
		now := s.clock.Now()
		deleteAfter := now.AddDate(0, RetentionMonths, 0)
		res, err := tx.Exec(ctx, "UPDATE accessibility_feedback SET handled_at = ?, handled_by = ?, delete_after = ? WHERE id = ?",
			now, p.UserID(), deleteAfter, id)
		if err := checkOne(res, err, "mark handled"); err != nil {
			return err
		}
		detail := map[string]string{"delete_after": deleteAfter.Format("2006-01-02")}
		return s.audit.Append(ctx, tx, p.Entry("feedback.handle", audit.ResultSuccess, objectType, id, detail))
	})
}

// Delete removes a message at once. Audited as "feedback.delete" (reason
// "admin").
func (s *Store) Delete(ctx context.Context, p auth.Principal, id string) error {
	if err := allowed(p); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM accessibility_feedback WHERE id = ?", id)
		if err := checkOne(res, err, "delete"); err != nil {
			return err
		}
		detail := map[string]string{"reason": "admin"}
		return s.audit.Append(ctx, tx, p.Entry("feedback.delete", audit.ResultSuccess, objectType, id, detail))
	})
}

// query reads messages, opening their sealed cells and naming who
// handled them.
func (s *Store) query(ctx context.Context, q db.Querier, query string, args ...any) ([]Message, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("feedback: read: %w", err)
	}
	defer rows.Close()
	var out []Message
	var handlers []string
	for rows.Next() {
		m, by, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		handlers = append(handlers, by)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feedback: read: %w", err)
	}
	names, err := auth.NamesOf(ctx, q, distinct(handlers))
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].HandledBy = names[handlers[i]]
	}
	return out, nil
}

// scan reads one row and opens its sealed cells; by is the handler's
// user id ("" while open).
func (s *Store) scan(rows *sql.Rows) (m Message, by string, err error) {
	var msg, page, email string
	var handledAt, deleteAfter sql.NullTime
	var handledBy sql.NullString
	if err := rows.Scan(&m.ID, &m.ReceivedAt, &m.Lang, &msg, &page, &email, &handledAt, &handledBy, &deleteAfter); err != nil {
		return m, "", fmt.Errorf("feedback: read: %w", err)
	}
	m.HandledAt, m.DeleteAfter = handledAt.Time, deleteAfter.Time
	if m.Text, err = s.open(msg, "message", m.ID); err != nil {
		return m, "", err
	}
	if m.Page, err = s.open(page, "page", m.ID); err != nil {
		return m, "", err
	}
	if m.Email, err = s.open(email, "email", m.ID); err != nil {
		return m, "", err
	}
	return m, handledBy.String, nil
}

// distinct lists the non-empty ids of ids once each.
func distinct(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// wrap names the package and the action in err (nil stays nil).
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("feedback: %s: %w", what, err)
}
