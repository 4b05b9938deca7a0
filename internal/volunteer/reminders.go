package volunteer

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// RemindExpiring mails every confirmed volunteer whose document (the
// newest of its kind) runs out within the reminder period, and the
// coordinator who confirmed them, once per document; it returns how many
// documents were reminded of. The periodic task volunteers.documents
// runs it daily.
func (s *Store) RemindExpiring(ctx context.Context) (int, error) {
	type due struct{ doc, volunteer, email, lang, coordinator string }
	var list []due
	rows, err := s.db.Query(ctx, `SELECT d.id, v.id, v.email_enc, v.lang, COALESCE(v.confirmed_by, '')
		FROM volunteer_documents d JOIN volunteers v ON v.id = d.volunteer_id
		WHERE v.state = 'confirmed' AND d.reminded_at IS NULL AND d.valid_until <= ?
		AND NOT EXISTS (SELECT 1 FROM volunteer_documents n WHERE n.volunteer_id = d.volunteer_id AND n.kind = d.kind AND n.valid_until > d.valid_until)`,
		s.o.Clock.Today().Add(s.o.RemindBefore))
	if err != nil {
		return 0, fmt.Errorf("volunteer: reminders: %w", err)
	}
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.doc, &d.volunteer, &d.email, &d.lang, &d.coordinator); err != nil {
			rows.Close()
			return 0, fmt.Errorf("volunteer: reminders: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range list {
		staff, err := auth.ContactsOf(ctx, s.db, []string{d.coordinator})
		if err != nil {
			return 0, err
		}
		c := staff[d.coordinator] // empty when the account is gone: only the volunteer is told
		if err := s.remind(ctx, d.doc, d.volunteer, s.open(d.email, "email", d.volunteer), d.lang, c.Email, c.Language); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

func (s *Store) remind(ctx context.Context, doc, volunteer, email, lang, staffEmail, staffLang string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var until time.Time
		if err := tx.QueryRow(ctx, `SELECT valid_until FROM volunteer_documents WHERE id = ?`, doc).Scan(&until); err != nil {
			return fmt.Errorf("volunteer: reminder: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE volunteer_documents SET reminded_at = ? WHERE id = ?`, s.now(), doc); err != nil {
			return fmt.Errorf("volunteer: reminder: %w", err)
		}
		token, err := s.token(ctx, tx, volunteer)
		if err != nil {
			return err
		}
		if err := s.o.Mail(ctx, tx, Mail{Kind: MailExpiring, To: email, Lang: lang, Link: token, When: until}); err != nil {
			return err
		}
		if staffEmail == "" {
			return nil
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailExpiring, To: staffEmail, Lang: staffLang, Link: "staff:" + volunteer, When: until})
	})
}

// PurgeUnconfirmed deletes sign-ups whose e-mail link was not opened
// within 7 days: the address may not even be theirs.
func (s *Store) PurgeUnconfirmed(ctx context.Context) (int, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM volunteers WHERE state = 'unconfirmed' AND created_at < ?`, s.now().AddDate(0, 0, -7))
	if err != nil {
		return 0, fmt.Errorf("volunteer: purge: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
