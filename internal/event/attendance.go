package event

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// CheckIn records whether a confirmed participant of one of p's events
// came (on a phone at the door, or afterwards from the list).
func (s *Store) CheckIn(ctx context.Context, p auth.Principal, eventID, regID string, attended bool) error {
	if _, err := s.Organised(ctx, p, eventID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE event_registrations SET attended = ?, checked_in_at = ?, updated_at = ?
			WHERE id = ? AND event_id = ? AND state = 'confirmed'`, attended, s.now(), s.now(), regID, eventID)
		if err != nil {
			return fmt.Errorf("event: check-in: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return s.audit.Append(ctx, tx, p.Entry("event.check_in", audit.ResultSuccess, "event", eventID, nil))
	})
}

// Attended reports whether the registration's person came (for lists).
func (s *Store) Attended(ctx context.Context, p auth.Principal, eventID string) (map[string]bool, error) {
	if _, err := s.Organised(ctx, p, eventID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id FROM event_registrations WHERE event_id = ? AND attended`, eventID)
	if err != nil {
		return nil, fmt.Errorf("event: attendance: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("event: attendance: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// Certificate is what a certificate of attendance states.
type Certificate struct {
	Code, Name, Title string
	Event             *Event
	Hours             float64
	IssuedAt          time.Time
}

// ErrNoCertificate: the person did not attend, or the event is not over.
var ErrNoCertificate = errors.New("event: no certificate")

// CertificateFor returns the certificate of a personal link's registration
// once the event is over and attendance was recorded, making its
// verification code the first time.
func (s *Store) CertificateFor(ctx context.Context, token, lang string) (*Certificate, error) {
	var c *Certificate
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, _, err := s.regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		var attended bool
		var code sql.NullString
		if err := tx.QueryRow(ctx, `SELECT attended, certificate_code FROM event_registrations WHERE id = ?`, r.ID).Scan(&attended, &code); err != nil {
			return fmt.Errorf("event: certificate: %w", err)
		}
		ev, err := one(ctx, tx, `e.id = ?`, r.EventID)
		if err != nil {
			return err
		}
		if !attended || s.now().Before(ev.Dates[len(ev.Dates)-1].End) {
			return ErrNoCertificate
		}
		if !code.Valid {
			code.String = newCode()
			if _, err := tx.Exec(ctx, `UPDATE event_registrations SET certificate_code = ? WHERE id = ?`, code.String, r.ID); err != nil {
				return fmt.Errorf("event: certificate: %w", err)
			}
		}
		c = &Certificate{Code: code.String, Name: r.Name, Title: ev.Title(lang), Event: ev, Hours: hours(ev), IssuedAt: s.now()}
		return nil
	})
	return c, err
}

// Verify confirms a certificate by its code (ErrNotFound for an unknown
// or deleted one): the name and the event, nothing else.
func (s *Store) Verify(ctx context.Context, code, lang string) (*Certificate, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var id, eventID, name string
	err := s.db.QueryRow(ctx, `SELECT id, event_id, name_enc FROM event_registrations WHERE certificate_code = ? AND attended`, code).
		Scan(&id, &eventID, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("event: verify: %w", err)
	}
	ev, err := one(ctx, s.db, `e.id = ?`, eventID)
	if err != nil {
		return nil, err
	}
	return &Certificate{Code: code, Name: s.open(name, "name", id), Title: ev.Title(lang), Event: ev, Hours: hours(ev)}, nil
}

// hours is the event's length in hours (all its dates).
func hours(ev *Event) float64 {
	var d time.Duration
	for _, x := range ev.Dates {
		d += x.End.Sub(x.Start)
	}
	return d.Hours()
}

// codeAlphabet leaves out letters that look like digits (Crockford).
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newCode makes a verification code like "7K2M-QX9P-4T" (50 bits).
func newCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	out := make([]byte, 0, 12)
	for i, x := range b {
		if i == 4 || i == 8 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(x)%len(codeAlphabet)])
	}
	return string(out)
}

// Print is a certificate as it is printed: every value a finished string
// in German (the document's language, with Lang's headings beside when
// it is English). The web layer fills it; the app writes the PDF.
type Print struct {
	Name, Event, Organiser string
	Dates                  []string
	Hours                  string
	Code, VerifyURL        string
	IssuedOn               time.Time
	Lang                   string
}
