package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Notification is one notification as its recipient sees it.
type Notification struct {
	ID        string
	Kind      Kind
	Link      string
	Counts    DeadlineCounts
	CreatedAt time.Time
	Read      bool
}

// PageSize is the number of notifications per page.
const PageSize = 25

// Page is one page of a person's notifications, newest first.
type Page struct {
	Items  []Notification
	Total  int
	Unread int
}

// Unread counts p's unread notifications (the bell).
func (s *Store) Unread(ctx context.Context, p auth.Principal) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
		p.UserID()).Scan(&n); err != nil {
		return 0, fmt.Errorf("notify: unread: %w", err)
	}
	return n, nil
}

// List returns page (from 1) of p's notifications.
func (s *Store) List(ctx context.Context, p auth.Principal, page int) (Page, error) {
	var out Page
	page = max(page, 1)
	err := s.db.InRead(ctx, func(q db.Querier) error {
		if err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0)
			FROM notifications WHERE user_id = ?`, p.UserID()).Scan(&out.Total, &out.Unread); err != nil {
			return fmt.Errorf("notify: count: %w", err)
		}
		rows, err := q.Query(ctx, `SELECT id, kind, link, counts, created_at, read_at IS NOT NULL FROM notifications
			WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, p.UserID(), PageSize, (page-1)*PageSize)
		if err != nil {
			return fmt.Errorf("notify: list: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n Notification
			var counts string
			if err := rows.Scan(&n.ID, &n.Kind, &n.Link, &counts, &n.CreatedAt, &n.Read); err != nil {
				return fmt.Errorf("notify: list: %w", err)
			}
			n.Counts = decodeCounts(counts)
			out.Items = append(out.Items, n)
		}
		return rows.Err()
	})
	return out, err
}

// Open marks one of p's notifications read and returns its link; another
// person's notification is db.ErrNotFound.
func (s *Store) Open(ctx context.Context, p auth.Principal, id string) (string, error) {
	var link string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT link FROM notifications WHERE id = ? AND user_id = ?", id, p.UserID()).Scan(&link); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return db.ErrNotFound
			}
			return fmt.Errorf("notify: open: %w", err)
		}
		_, err := tx.Exec(ctx, "UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL", s.o.Clock.Now(), id)
		return wrap(err, "notify: mark read")
	})
	return link, err
}

// MarkAllRead marks every unread notification of p read.
func (s *Store) MarkAllRead(ctx context.Context, p auth.Principal) error {
	_, err := s.db.Exec(ctx, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", s.o.Clock.Now(), p.UserID())
	return wrap(err, "notify: mark all read")
}

// Purge deletes read notifications older than 90 days and every
// notification older than a year; it returns how many went.
func (s *Store) Purge(ctx context.Context) (int, error) {
	now := s.o.Clock.Now()
	res, err := s.db.Exec(ctx, `DELETE FROM notifications WHERE (read_at IS NOT NULL AND created_at < ?) OR created_at < ?`,
		now.AddDate(0, 0, -90), now.AddDate(-1, 0, 0))
	if err != nil {
		return 0, fmt.Errorf("notify: purge: %w", err)
	}
	if _, err := s.db.Exec(ctx, "DELETE FROM notification_digests WHERE day < ?", s.o.Clock.Today().AddDate(0, 0, -30)); err != nil {
		return 0, fmt.Errorf("notify: purge digests: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
