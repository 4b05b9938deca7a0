package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// SendDigests makes the day's digests (the task at 07:00 on working
// days): for every counselor with deadlines an in-app notification of
// their counts, and for everyone who chose a digest one mail with the
// deadlines and the notifications gathered since the last one. Each
// person is handled once a day in a transaction of their own, so a
// repeated run sends nothing twice. It returns the number of mails queued.
func (s *Store) SendDigests(ctx context.Context) (int, error) {
	counts := map[string]DeadlineCounts{}
	if s.o.Deadlines != nil {
		var err error
		if counts, err = s.o.Deadlines(ctx); err != nil {
			return 0, err
		}
	}
	users, err := s.digestUsers(ctx, counts)
	if err != nil {
		return 0, err
	}
	day := s.o.Clock.Today()
	sent := 0
	for _, u := range users {
		var mailed bool
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var err error
			mailed, err = s.digestOf(ctx, tx, u, counts[u], day)
			return err
		})
		if err != nil {
			return sent, err
		}
		if mailed {
			sent++
		}
	}
	return sent, nil
}

// digestUsers are the people with deadlines or with notifications
// waiting for a digest, in a stable order.
func (s *Store) digestUsers(ctx context.Context, counts map[string]DeadlineCounts) ([]string, error) {
	var out []string
	for u, c := range counts {
		if c.Total() > 0 {
			out = append(out, u)
		}
	}
	rows, err := s.db.Query(ctx, "SELECT DISTINCT user_id FROM notifications WHERE digest_pending = ?", true)
	if err != nil {
		return nil, fmt.Errorf("notify: digest users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("notify: digest users: %w", err)
		}
		out = append(out, u)
	}
	slices.Sort(out)
	return slices.Compact(out), rows.Err()
}

// digestOf handles one person's day: false when it was done before or
// there is nothing to mail.
func (s *Store) digestOf(ctx context.Context, tx *db.Tx, userID string, c DeadlineCounts, day time.Time) (bool, error) {
	res, err := tx.Exec(ctx, "INSERT INTO notification_digests (user_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING", userID, day)
	if err != nil {
		return false, fmt.Errorf("notify: digest: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	inMail := false
	if c.Total() > 0 {
		info, _ := infoOf(Deadlines)
		ch, err := channelOf(ctx, tx, userID, info)
		if err != nil {
			return false, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notifications (id, user_id, kind, link, counts, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			uuid.Must(uuid.NewV7()).String(), userID, string(Deadlines), "/deadlines", c.encode(), s.o.Clock.Now()); err != nil {
			return false, fmt.Errorf("notify: deadline note: %w", err)
		}
		inMail = ch == Digest
	}
	pending, err := takePending(ctx, tx, userID)
	if err != nil || (!inMail && len(pending) == 0) || s.mail == nil {
		return false, err
	}
	r, ok, err := recipientOf(ctx, tx, userID)
	if err != nil || !ok {
		return false, err
	}
	if !inMail {
		c = DeadlineCounts{}
	}
	m, err := s.digestMail(r, c, pending, day)
	if err != nil {
		return false, err
	}
	return true, s.mail.SendMailTx(ctx, tx, m)
}

// takePending counts the notifications waiting for userID's digest, by
// kind, and marks them as digested.
func takePending(ctx context.Context, tx *db.Tx, userID string) (map[Kind]int, error) {
	rows, err := tx.Query(ctx, "SELECT kind, COUNT(*) FROM notifications WHERE user_id = ? AND digest_pending = ? GROUP BY kind", userID, true)
	if err != nil {
		return nil, fmt.Errorf("notify: pending: %w", err)
	}
	out := map[Kind]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("notify: pending: %w", err)
		}
		out[Kind(k)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notify: pending: %w", err)
	}
	if _, err := tx.Exec(ctx, "UPDATE notifications SET digest_pending = ? WHERE user_id = ? AND digest_pending = ?", false, userID, true); err != nil {
		return nil, fmt.Errorf("notify: pending: %w", err)
	}
	return out, nil
}

// Unsubscribe switches every e-mail of the token's account back to "in
// the platform only"; false for a token that is not valid.
func (s *Store) Unsubscribe(ctx context.Context, token string) (bool, error) {
	userID, ok := s.unsubscriber(token)
	if !ok {
		return false, nil
	}
	choice := map[Kind]Channel{}
	for _, k := range Kinds {
		choice[k.Kind] = App
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, found, err := recipientOf(ctx, tx, userID); err != nil || !found {
			return err
		}
		return setPrefs(ctx, tx, userID, choice)
	})
	return err == nil, err
}
