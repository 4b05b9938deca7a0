package event

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// RegistrationInput is what a person enters to register.
type RegistrationInput struct {
	Name, Email, Organisation, Role, Needs, Lang string
	// Consent: the person agreed to the stated use of their data.
	Consent bool
}

func (in RegistrationInput) check() valid.Errors {
	var e valid.Errors
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n == 0 || n > 200 {
		e.Add("name", "event.name_required")
	}
	if a, err := mail.ParseAddress(strings.TrimSpace(in.Email)); err != nil || a.Address != strings.TrimSpace(in.Email) || len(in.Email) > 254 {
		e.Add("email", "event.email_invalid")
	}
	for _, f := range []struct{ name, v string }{{"organisation", in.Organisation}, {"role", in.Role}, {"needs", in.Needs}} {
		if utf8.RuneCountInString(f.v) > maxShort {
			e.Add(f.name, "event.text_long", "Max", maxShort)
		}
	}
	if !in.Consent {
		e.Add("consent", "event.consent_required")
	}
	return e
}

// Register records a registration waiting for its e-mail confirmation and
// queues the mail with the link; it returns the personal token (the link's
// secret). ErrClosed outside the registration window or for an event not
// published; ErrDuplicate for an address registered already.
func (s *Store) Register(ctx context.Context, eventID string, in RegistrationInput) (string, error) {
	return s.register(ctx, eventID, in, "")
}

// register stores a registration; by is the member of staff who registers
// a colleague ("" for people registering themselves, who get the
// confirmation mail).
func (s *Store) register(ctx context.Context, eventID string, in RegistrationInput, by string) (string, error) {
	if e := in.check(); len(e) > 0 {
		return "", e
	}
	id, token := uuid.Must(uuid.NewV7()).String(), ""
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ev, err := s.lockOpen(ctx, tx, eventID)
		if err != nil {
			return err
		}
		var hash string
		token, hash = linktoken.New()
		now := s.now()
		_, err = tx.Exec(ctx, `INSERT INTO event_registrations (id, event_id, email_key, name_enc, email_enc, organisation_enc,
			role_enc, needs_enc, lang, state, token_hash, token_enc, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unconfirmed', ?, ?, ?, ?)`,
			id, eventID, s.emailKey(in.Email), s.seal(strings.TrimSpace(in.Name), "name", id), s.seal(strings.TrimSpace(in.Email), "email", id),
			s.seal(in.Organisation, "organisation", id), s.seal(in.Role, "role", id), s.seal(in.Needs, "needs", id), in.Lang, hash,
			s.seal(token, "token", id), now, now)
		if db.IsUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("event: register: %w", err)
		}
		if by != "" {
			_, err := tx.Exec(ctx, `UPDATE event_registrations SET registered_by = ? WHERE id = ?`, by, id)
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailConfirm, To: strings.TrimSpace(in.Email), Lang: in.Lang, Link: token, EventTitle: ev.Title(in.Lang)})
	})
	return token, err
}

// lockOpen reads the event for a change of its registrations, holding its
// row (PostgreSQL: FOR UPDATE; SQLite has one writer at a time), so that
// two people never take the same last place. ErrClosed unless it is
// published and its registration open.
func (s *Store) lockOpen(ctx context.Context, tx *db.Tx, id string) (*Event, error) {
	ev, err := s.lock(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if ev.State != Published || !s.now().Before(ev.RegistrationCloses) {
		return ev, ErrClosed
	}
	return ev, nil
}

func (s *Store) lock(ctx context.Context, tx *db.Tx, id string) (*Event, error) {
	if tx.Dialect() == db.Postgres {
		if _, err := tx.Exec(ctx, `SELECT id FROM events WHERE id = ? FOR UPDATE`, id); err != nil {
			return nil, fmt.Errorf("event: lock: %w", err)
		}
	}
	return one(ctx, tx, `e.id = ?`, id)
}

// regByToken reads the registration a personal token names.
func (s *Store) regByToken(ctx context.Context, q db.Querier, token string) (*Registration, string, error) {
	r, err := s.scanRegistration(q.QueryRow(ctx, `SELECT `+regColumns+` FROM event_registrations WHERE token_hash = ?`, linktoken.Hash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("event: registration: %w", err)
	}
	return r, r.Email, nil
}

// regColumns are the columns scanRegistration reads.
const regColumns = `id, event_id, name_enc, email_enc, organisation_enc, role_enc, needs_enc, lang, state,
	offer_expires_at, created_at, confirmed_at`

// scanRegistration reads a registration and opens its sealed fields.
func (s *Store) scanRegistration(row interface{ Scan(...any) error }) (*Registration, error) {
	var r Registration
	var email string
	var expires, confirmed sql.NullTime
	if err := row.Scan(&r.ID, &r.EventID, &r.Name, &email, &r.Organisation, &r.Role, &r.Needs, &r.Lang, &r.State, &expires,
		&r.CreatedAt, &confirmed); err != nil {
		return nil, err
	}
	s.openAll(&r, email)
	if expires.Valid {
		r.OfferExpires = &expires.Time
	}
	if confirmed.Valid {
		r.ConfirmedAt = &confirmed.Time
	}
	return &r, nil
}

func (s *Store) openAll(r *Registration, email string) {
	r.Name, r.Email = s.open(r.Name, "name", r.ID), s.open(email, "email", r.ID)
	r.Organisation, r.Role, r.Needs = s.open(r.Organisation, "organisation", r.ID), s.open(r.Role, "role", r.ID), s.open(r.Needs, "needs", r.ID)
}

// ByToken is the registration of a personal link with its event.
func (s *Store) ByToken(ctx context.Context, token string) (*Registration, *Event, error) {
	r, _, err := s.regByToken(ctx, s.db, token)
	if err != nil {
		return nil, nil, err
	}
	ev, err := one(ctx, s.db, `e.id = ?`, r.EventID)
	return r, ev, err
}

// Confirm is the opened confirmation link: the registration takes a free
// place, or waits when there is none. A second click changes nothing.
func (s *Store) Confirm(ctx context.Context, token string) (string, error) {
	var state string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, _, err := s.regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if r.State != Unconfirmed {
			state = r.State
			return nil
		}
		ev, err := s.lockOpen(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		kind := MailConfirmed
		switch state = Confirmed; {
		case ev.NeedsApproval:
			state, kind = Requested, MailRequested
		case ev.Free() == 0:
			state, kind = Waitlisted, MailWaitlisted
		}
		if err := s.setState(ctx, tx, r.ID, Unconfirmed, state, `confirmed_at = ?`, s.now()); err != nil {
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: kind, To: r.Email, Lang: r.Lang, Link: token, EventTitle: ev.Title(r.Lang)})
	})
	if err == nil && state == "" {
		state, err = s.stateOf(ctx, token)
	}
	return state, err
}

func (s *Store) stateOf(ctx context.Context, token string) (string, error) {
	r, _, err := s.regByToken(ctx, s.db, token)
	if err != nil {
		return "", err
	}
	return r.State, nil
}

// setState moves a registration from one state to another (ErrChanged
// when it is no longer in from); set adds "col = ?" assignments.
func (s *Store) setState(ctx context.Context, tx *db.Tx, id, from, to, set string, args ...any) error {
	q := `UPDATE event_registrations SET state = ?, updated_at = ?`
	if set != "" {
		q += `, ` + set
	}
	res, err := tx.Exec(ctx, q+` WHERE id = ? AND state = ?`, append(append([]any{to, s.now()}, args...), id, from)...)
	if err != nil {
		return fmt.Errorf("event: registration state: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrChanged
	}
	return nil
}

// offerUntil is how long a freed place is offered: OfferFor, but never
// past an hour before the event starts.
func (s *Store) offerUntil(ev *Event) (time.Time, bool) {
	until := s.now().Add(s.o.OfferFor)
	if latest := ev.Starts().Add(-time.Hour); until.After(latest) {
		until = latest
	}
	return until, until.After(s.now())
}

// RegisterColleague is a member of staff registering a colleague: no
// e-mail confirmation (the member vouches for the address), the place is
// taken or waited for at once, and the colleague gets the personal link.
func (s *Store) RegisterColleague(ctx context.Context, p auth.Principal, eventID string, in RegistrationInput) (string, error) {
	if !p.Staff() {
		return "", ErrNotFound
	}
	in.Consent = true // the colleague's data is given by the member of staff, for this purpose
	token, err := s.register(ctx, eventID, in, p.UserID())
	if err != nil {
		return "", err
	}
	_, err = s.Confirm(ctx, token)
	return token, err
}
