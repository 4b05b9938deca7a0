package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

// How long a sign-in link and a volunteer's session last.
const (
	signInFor       = 30 * time.Minute
	sessionIdle     = time.Hour
	sessionAbsolute = 12 * time.Hour
	maxLiveSignIns  = 3
)

// MailSignIn is the mail with a one-time link to sign in to the account.
const MailSignIn = "sign_in"

// SendSignIn mails a one-time sign-in link to the volunteer with address
// email (confirmed addresses only). Whether an address is known is not
// told: the caller shows the same page either way.
func (s *Store) SendSignIn(ctx context.Context, email, lang string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var id, vlang string
		err := tx.QueryRow(ctx, `SELECT id, lang FROM volunteers WHERE email_key = ? AND state IN ('registered', 'confirmed')`,
			s.emailKey(email)).Scan(&id, &vlang)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("volunteer: sign-in link: %w", err)
		}
		// At most three links live at a time: a stranger typing the address
		// again and again cannot flood the volunteer's mailbox.
		var live int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM volunteer_sign_ins WHERE volunteer_id = ? AND expires_at > ?`, id, s.now()).Scan(&live); err != nil {
			return fmt.Errorf("volunteer: sign-in link: %w", err)
		}
		if live >= maxLiveSignIns {
			return nil
		}
		token, hash := linktoken.New()
		if _, err := tx.Exec(ctx, `INSERT INTO volunteer_sign_ins (token_hash, volunteer_id, expires_at) VALUES (?, ?, ?)`,
			hash, id, s.now().Add(signInFor)); err != nil {
			return fmt.Errorf("volunteer: sign-in link: %w", err)
		}
		if lang == "" {
			lang = vlang
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailSignIn, To: strings.TrimSpace(email), Lang: lang, Link: token})
	})
}

// SignIn takes a sign-in link (once, while it lasts) and starts a
// session; it returns the session's token. ErrNotFound for an unknown,
// used or expired link.
func (s *Store) SignIn(ctx context.Context, link string) (string, error) {
	var token string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var id string
		err := tx.QueryRow(ctx, `SELECT volunteer_id FROM volunteer_sign_ins WHERE token_hash = ? AND expires_at > ?`,
			linktoken.Hash(link), s.now()).Scan(&id)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM volunteer_sign_ins WHERE volunteer_id = ?`, id); err != nil {
			return fmt.Errorf("volunteer: sign in: %w", err)
		}
		var hash string
		token, hash = linktoken.New()
		now := s.now()
		_, err = tx.Exec(ctx, `INSERT INTO volunteer_sessions (token_hash, volunteer_id, seen_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, id, now, now.Add(sessionAbsolute))
		if err != nil {
			return fmt.Errorf("volunteer: sign in: %w", err)
		}
		return s.audit.Append(ctx, tx, selfEntry("volunteer.sign_in", "", id))
	})
	return token, err
}

// SessionVolunteer answers whose session token is, and keeps it alive
// (touched at most once a minute, so reads stay reads).
func (s *Store) SessionVolunteer(ctx context.Context, token string) (string, bool) {
	now := s.now()
	var id string
	var seen time.Time
	err := s.db.QueryRow(ctx, `SELECT s.volunteer_id, s.seen_at FROM volunteer_sessions s JOIN volunteers v ON v.id = s.volunteer_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND v.state IN ('registered', 'confirmed')`, linktoken.Hash(token), now).Scan(&id, &seen)
	if err != nil || now.Sub(seen) > sessionIdle {
		return "", false
	}
	if now.Sub(seen) > time.Minute {
		_, _ = s.db.Exec(ctx, `UPDATE volunteer_sessions SET seen_at = ? WHERE token_hash = ?`, now, linktoken.Hash(token))
	}
	return id, true
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, token string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM volunteer_sessions WHERE token_hash = ?`, linktoken.Hash(token)); err != nil {
		return fmt.Errorf("volunteer: sign out: %w", err)
	}
	return nil
}

// PurgeSessions deletes sign-in links and sessions that ended.
func (s *Store) PurgeSessions(ctx context.Context) (int, error) {
	now := s.now()
	a, err := s.db.Exec(ctx, `DELETE FROM volunteer_sign_ins WHERE expires_at <= ?`, now)
	if err != nil {
		return 0, fmt.Errorf("volunteer: purge sessions: %w", err)
	}
	b, err := s.db.Exec(ctx, `DELETE FROM volunteer_sessions WHERE expires_at <= ? OR seen_at <= ?`, now, now.Add(-sessionIdle))
	if err != nil {
		return 0, fmt.Errorf("volunteer: purge sessions: %w", err)
	}
	n, _ := a.RowsAffected()
	m, _ := b.RowsAffected()
	return int(n + m), nil
}
