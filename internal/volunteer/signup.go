package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SignUpInput is what a person enters to volunteer.
type SignUpInput struct {
	Name, Email, Phone, Lang, Gender, Postcode string
	MaxKm                                      int
	Remote                                     bool
	Activities                                 []string
	Languages                                  []Language
	Slots                                      []Slot
	// Consent: the person agreed to the stated use of their data.
	Consent bool
}

const maxLanguages, maxSlots = 8, 21

func (in SignUpInput) check() valid.Errors {
	var e valid.Errors
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n == 0 || n > 200 {
		e.Add("name", "volunteer.name_required")
	}
	if a, err := mail.ParseAddress(strings.TrimSpace(in.Email)); err != nil || a.Address != strings.TrimSpace(in.Email) || len(in.Email) > 254 {
		e.Add("email", "volunteer.email_invalid")
	}
	if utf8.RuneCountInString(in.Phone) > 40 {
		e.Add("phone", "volunteer.phone_long")
	}
	if in.Gender != "" && !slices.Contains(Genders, in.Gender) {
		e.Add("gender", "volunteer.choice_invalid")
	}
	if in.MaxKm < 0 || in.MaxKm > 200 {
		e.Add("max_km", "volunteer.max_km_range")
	}
	if len(in.Activities) == 0 || slices.ContainsFunc(in.Activities, func(a string) bool { return !slices.Contains(Activities, a) }) {
		e.Add("activities", "volunteer.activities_required")
	}
	checkLanguages(&e, in.Languages)
	checkSlots(&e, in.Slots)
	if !in.Consent {
		e.Add("consent", "volunteer.consent_required")
	}
	return e
}

func checkLanguages(e *valid.Errors, ls []Language) {
	if len(ls) == 0 || len(ls) > maxLanguages {
		e.Add("languages", "volunteer.languages_required", "Max", maxLanguages)
		return
	}
	seen := map[string]bool{}
	for _, l := range ls {
		if !validCode(l.Code) || l.Level < 1 || l.Level > 5 || seen[l.Code] || len(strings.Join(l.Dialects, ",")) > 200 {
			e.Add("languages", "volunteer.language_invalid")
			return
		}
		seen[l.Code] = true
	}
}

// validCode accepts an ISO 639 code (two or three lower-case letters).
func validCode(c string) bool {
	if len(c) < 2 || len(c) > 3 {
		return false
	}
	for _, r := range c {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func checkSlots(e *valid.Errors, ss []Slot) {
	if len(ss) == 0 || len(ss) > maxSlots {
		e.Add("slots", "volunteer.slots_invalid")
		return
	}
	seen := map[Slot]bool{}
	for _, s := range ss {
		start := Slot{Weekday: s.Weekday, From: s.From}
		if s.Weekday < 0 || s.Weekday > 6 || s.From < 0 || s.Till > 1440 || s.From >= s.Till || seen[start] {
			e.Add("slots", "volunteer.slots_invalid")
			return
		}
		seen[start] = true
	}
}

// SignUp records a volunteer waiting for their e-mail confirmation and
// queues the mail with the link. ErrDuplicate for an address signed up
// already (the page says so without telling whether it is confirmed).
func (s *Store) SignUp(ctx context.Context, in SignUpInput) error {
	_, err := s.insert(ctx, in, Unconfirmed, auth.Principal{})
	return err
}

// Enrol records a volunteer a coordinator met in person (a paper form at
// an MSO's event): no e-mail confirmation, they wait for the coordinator's
// confirmation like everybody who signed up online. The postcode must lie
// in p's regions. It returns the volunteer's id.
func (s *Store) Enrol(ctx context.Context, p auth.Principal, in SignUpInput) (string, error) {
	return s.insert(ctx, in, Registered, p)
}

// insert stores a new volunteer in state (unconfirmed: with the e-mail
// link; registered: enrolled by p, checked against p's regions).
func (s *Store) insert(ctx context.Context, in SignUpInput, state string, p auth.Principal) (string, error) {
	e := in.check()
	lat, lon, ags, err := s.o.Places.Centroid(strings.TrimSpace(in.Postcode))
	if err != nil || !strings.HasPrefix(ags, "03") {
		e.Add("postcode", "volunteer.postcode_invalid")
	}
	if len(e) > 0 {
		return "", e
	}
	id := uuid.Must(uuid.NewV7()).String()
	token, hash := linktoken.New()
	return id, s.db.InTx(ctx, func(tx *db.Tx) error {
		region, err := network.DistrictRegion(ctx, tx, ags)
		if err != nil {
			return err
		}
		if state == Registered {
			if err := s.inReach(ctx, tx, p, region); err != nil {
				return err
			}
		}
		now := s.now()
		_, err = tx.Exec(ctx, `INSERT INTO volunteers (id, email_key, name_enc, email_enc, phone_enc, lang, gender, postcode,
			district_ags, region_id, lat, lon, max_km, remote, activities, state, token_hash, token_enc, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, s.emailKey(in.Email), s.seal(strings.TrimSpace(in.Name), "name", id), s.seal(strings.TrimSpace(in.Email), "email", id),
			s.seal(strings.TrimSpace(in.Phone), "phone", id), in.Lang, in.Gender, strings.TrimSpace(in.Postcode), ags, region, lat, lon,
			in.MaxKm, in.Remote, strings.Join(in.Activities, ","), state, hash, s.seal(token, "token", id), now, now)
		if db.IsUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("volunteer: sign up: %w", err)
		}
		if err := writeSkills(ctx, tx, id, in.Languages, in.Slots); err != nil {
			return err
		}
		if state == Registered {
			return s.audit.Append(ctx, tx, p.Entry("volunteer.enrol", audit.ResultSuccess, "volunteer", id, nil))
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailConfirm, To: strings.TrimSpace(in.Email), Lang: in.Lang, Link: token})
	})
}

// inReach refuses a region outside p's (as a field problem: the
// coordinator typed the postcode).
func (s *Store) inReach(ctx context.Context, q db.Querier, p auth.Principal, region string) error {
	r, err := s.reachOf(ctx, q, p)
	if err != nil {
		return err
	}
	if !r.has(region) {
		return valid.Errors{{Field: "postcode", Key: "volunteer.postcode_elsewhere"}}
	}
	return nil
}

func writeSkills(ctx context.Context, tx *db.Tx, id string, ls []Language, ss []Slot) error {
	for _, l := range ls {
		if _, err := tx.Exec(ctx, `INSERT INTO volunteer_languages (volunteer_id, language, dialects, level) VALUES (?, ?, ?, ?)`,
			id, l.Code, strings.Join(l.Dialects, ","), l.Level); err != nil {
			return fmt.Errorf("volunteer: languages: %w", err)
		}
	}
	for _, sl := range ss {
		if _, err := tx.Exec(ctx, `INSERT INTO volunteer_slots (volunteer_id, weekday, from_min, till_min) VALUES (?, ?, ?, ?)`,
			id, int(sl.Weekday), sl.From, sl.Till); err != nil {
			return fmt.Errorf("volunteer: slots: %w", err)
		}
	}
	return nil
}

// Pending reports whether token is the e-mail link of a sign-up still
// waiting for it (ErrNotFound otherwise): the page with the button shows
// only for those.
func (s *Store) Pending(ctx context.Context, token string) error {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM volunteers WHERE token_hash = ? AND state = 'unconfirmed'`, linktoken.Hash(token)).Scan(&n); err != nil {
		return fmt.Errorf("volunteer: pending: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ConfirmEmail takes the e-mail link: the volunteer now waits for a
// coordinator. Opening the link twice is harmless (nil); an unknown token
// is ErrNotFound.
func (s *Store) ConfirmEmail(ctx context.Context, token string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var id, state, lang, email string
		err := tx.QueryRow(ctx, `SELECT id, state, lang, email_enc FROM volunteers WHERE token_hash = ?`, linktoken.Hash(token)).
			Scan(&id, &state, &lang, &email)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || state != Unconfirmed {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE volunteers SET state = 'registered', updated_at = ? WHERE id = ?`, s.now(), id); err != nil {
			return fmt.Errorf("volunteer: confirm e-mail: %w", err)
		}
		if err := s.audit.Append(ctx, tx, auth.Anonymous(auth.Client{}).Entry("volunteer.email_confirmed", audit.ResultSuccess, "volunteer", id, nil)); err != nil {
			return err
		}
		return s.o.Mail(ctx, tx, Mail{Kind: MailRegistered, To: s.open(email, "email", id), Lang: lang, Link: token})
	})
}
