package event

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

const eventColumns = `e.id, e.organiser_kind, e.organiser_id, e.audience, e.format, e.address, e.online_link, e.region_id,
	e.topic, e.lang, e.capacity, e.registration_closes, e.needs_approval, e.accessibility, e.cost, e.contact, e.state, e.version,
	e.created_at, e.updated_at,
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.state IN ('confirmed', 'offered')),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.state = 'waitlisted')
	FROM events e`

func scanEvent(row interface{ Scan(...any) error }) (*Event, error) {
	var e Event
	err := row.Scan(&e.ID, &e.OrganiserKind, &e.OrganiserID, &e.Audience, &e.Format, &e.Address, &e.OnlineLink, &e.RegionID,
		&e.Topic, &e.Lang, &e.Capacity, &e.RegistrationCloses, &e.NeedsApproval, &e.Accessibility, &e.Cost, &e.Contact, &e.State, &e.Version,
		&e.CreatedAt, &e.UpdatedAt, &e.Taken, &e.Waiting)
	return &e, err
}

// one reads the event matching cond with its texts and dates.
func one(ctx context.Context, q db.Querier, cond string, args ...any) (*Event, error) {
	e, err := scanEvent(q.QueryRow(ctx, `SELECT `+eventColumns+` WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("event: read: %w", err)
	}
	return e, parts(ctx, q, []*Event{e})
}

// parts fills the texts and dates of events.
func parts(ctx context.Context, q db.Querier, list []*Event) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*Event{}
	ids := make([]string, len(list))
	for i, e := range list {
		byID[e.ID], ids[i] = e, e.ID
		e.Texts = map[string]Text{}
	}
	rows, err := q.Query(ctx, `SELECT event_id, lang, title, description FROM event_texts WHERE event_id IN (`+db.Placeholders(len(ids))+`)`, db.Args(ids)...)
	if err != nil {
		return fmt.Errorf("event: texts: %w", err)
	}
	for rows.Next() {
		var id, lang string
		var t Text
		if err := rows.Scan(&id, &lang, &t.Title, &t.Description); err != nil {
			rows.Close()
			return fmt.Errorf("event: texts: %w", err)
		}
		byID[id].Texts[lang] = t
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT event_id, starts_at, ends_at FROM event_dates WHERE event_id IN (`+db.Placeholders(len(ids))+`)
		ORDER BY event_id, seq`, db.Args(ids)...)
	if err != nil {
		return fmt.Errorf("event: dates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var d Date
		if err := rows.Scan(&id, &d.Start, &d.End); err != nil {
			return fmt.Errorf("event: dates: %w", err)
		}
		byID[id].Dates = append(byID[id].Dates, d)
	}
	return rows.Err()
}

// organised is one of the events p organises.
func (s *Store) organised(ctx context.Context, q db.Querier, p auth.Principal, id string) (*Event, error) {
	cond, args, ok := scope(p)
	if !ok {
		return nil, ErrNotFound
	}
	return one(ctx, q, `e.id = ? AND `+cond, append([]any{id}, args...)...)
}

// Organised is one of the events p organises (ErrNotFound otherwise).
func (s *Store) Organised(ctx context.Context, p auth.Principal, id string) (*Event, error) {
	return s.organised(ctx, s.db, p, id)
}

// Public is a published or cancelled event (drafts are not public).
func (s *Store) Public(ctx context.Context, id string) (*Event, error) {
	return one(ctx, s.db, `e.id = ? AND e.state IN ('published', 'cancelled')`, id)
}

// Filter narrows the public calendar.
type Filter struct {
	Audience, RegionID, Topic string
	// Online keeps events one can attend online.
	Online bool
	From   time.Time
	Limit  int
}

// Calendar lists published events whose first date is from f.From on,
// soonest first.
func (s *Store) Calendar(ctx context.Context, f Filter) ([]*Event, error) {
	cond, args := `e.state = 'published' AND (SELECT MIN(d.starts_at) FROM event_dates d WHERE d.event_id = e.id) >= ?`, []any{f.From}
	for _, c := range []struct{ col, v string }{{"e.audience", f.Audience}, {"e.region_id", f.RegionID}, {"e.topic", f.Topic}} {
		if c.v != "" {
			cond += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	if f.Online {
		cond += ` AND e.format <> 'in_person'`
	}
	return s.list(ctx, cond+` ORDER BY (SELECT MIN(d.starts_at) FROM event_dates d WHERE d.event_id = e.id) LIMIT ?`, append(args, max(f.Limit, 1))...)
}

// Mine lists the events p organises, newest first.
func (s *Store) Mine(ctx context.Context, p auth.Principal) ([]*Event, error) {
	cond, args, ok := scope(p)
	if !ok {
		return nil, ErrNotFound
	}
	return s.list(ctx, cond+` ORDER BY e.created_at DESC LIMIT 500`, args...)
}

func (s *Store) list(ctx context.Context, where string, args ...any) ([]*Event, error) {
	rows, err := s.db.Query(ctx, `SELECT `+eventColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("event: list: %w", err)
	}
	var out []*Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("event: list: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	return out, parts(ctx, s.db, out)
}
