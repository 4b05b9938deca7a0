package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

const volunteerColumns = `v.id, v.name_enc, v.email_enc, v.phone_enc, v.lang, v.gender, v.postcode, v.district_ags,
	v.region_id, v.lat, v.lon, v.max_km, v.remote, v.activities, v.state, v.pledge_at, v.confirmed_at, v.note_enc, v.created_at`

const volunteerFrom = ` FROM volunteers v`

func (s *Store) scanVolunteer(row interface{ Scan(...any) error }) (*Volunteer, error) {
	var v Volunteer
	var name, email, phone, note, activities string
	var pledge, confirmed sql.NullTime
	err := row.Scan(&v.ID, &name, &email, &phone, &v.Lang, &v.Gender, &v.Postcode, &v.DistrictAGS, &v.RegionID, &v.Lat, &v.Lon,
		&v.MaxKm, &v.Remote, &activities, &v.State, &pledge, &confirmed, &note, &v.CreatedAt)
	if err != nil {
		return nil, err
	}
	v.Name, v.Email, v.Phone, v.Note = s.open(name, "name", v.ID), s.open(email, "email", v.ID), s.open(phone, "phone", v.ID), s.open(note, "note", v.ID)
	v.Activities = split(activities)
	v.PledgeAt, v.ConfirmedAt = pledge.Time, confirmed.Time
	return &v, nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// volunteers reads the volunteers matching cond with their languages,
// times and documents.
func (s *Store) volunteers(ctx context.Context, q db.Querier, cond string, args ...any) ([]*Volunteer, error) {
	rows, err := q.Query(ctx, `SELECT `+volunteerColumns+volunteerFrom+` WHERE `+cond+` ORDER BY v.created_at, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: read: %w", err)
	}
	defer rows.Close()
	var out []*Volunteer
	byID := map[string]*Volunteer{}
	for rows.Next() {
		v, err := s.scanVolunteer(rows)
		if err != nil {
			return nil, fmt.Errorf("volunteer: read: %w", err)
		}
		out, byID[v.ID] = append(out, v), v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return nil, nil
	}
	return out, s.details(ctx, q, byID, cond, args)
}

// details adds languages, slots and documents to the volunteers read
// with cond (one query each, however many volunteers).
func (s *Store) details(ctx context.Context, q db.Querier, byID map[string]*Volunteer, cond string, args []any) error {
	sub := `(SELECT v.id` + volunteerFrom + ` WHERE ` + cond + `)`
	if err := each(ctx, q, `SELECT volunteer_id, language, dialects, level FROM volunteer_languages WHERE volunteer_id IN `+sub+` ORDER BY level DESC, language`, args,
		func(scan func(...any) (string, error)) error {
			var l Language
			var dialects string
			id, err := scan(&l.Code, &dialects, &l.Level)
			l.Dialects = split(dialects)
			byID[id].Languages = append(byID[id].Languages, l)
			return err
		}); err != nil {
		return err
	}
	if err := each(ctx, q, `SELECT volunteer_id, weekday, from_min, till_min FROM volunteer_slots WHERE volunteer_id IN `+sub+` ORDER BY weekday, from_min`, args,
		func(scan func(...any) (string, error)) error {
			var sl Slot
			id, err := scan(&sl.Weekday, &sl.From, &sl.Till)
			byID[id].Slots = append(byID[id].Slots, sl)
			return err
		}); err != nil {
		return err
	}
	return each(ctx, q, `SELECT volunteer_id, id, kind, valid_until, recorded_at FROM volunteer_documents WHERE volunteer_id IN `+sub+` ORDER BY valid_until DESC`, args,
		func(scan func(...any) (string, error)) error {
			var d Document
			id, err := scan(&d.ID, &d.Kind, &d.ValidUntil, &d.RecordedAt)
			byID[id].Documents = append(byID[id].Documents, d)
			return err
		})
}

// each runs query and hands every row to fn, whose scan reads the first
// column (the volunteer's id) itself and the others into dst.
func each(ctx context.Context, q db.Querier, query string, args []any, fn func(scan func(dst ...any) (string, error)) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("volunteer: details: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		err := fn(func(dst ...any) (string, error) {
			var id string
			return id, rows.Scan(append([]any{&id}, dst...)...)
		})
		if err != nil {
			return fmt.Errorf("volunteer: details: %w", err)
		}
	}
	return rows.Err()
}

// Filter narrows the coordinator's list.
type Filter struct {
	State, Language string
	// Query matches names and e-mail addresses (after opening them).
	Query string
}

// List returns the volunteers in p's reach (not those whose e-mail is
// unconfirmed), newest first, matching f.
func (s *Store) List(ctx context.Context, p auth.Principal, f Filter) ([]*Volunteer, error) {
	r, err := s.reachOf(ctx, s.db, p)
	if err != nil || r.none() {
		return nil, err
	}
	cond, args := r.volunteers()
	cond += ` AND v.state <> 'unconfirmed'`
	if f.State != "" {
		cond, args = cond+` AND v.state = ?`, append(args, f.State)
	}
	if f.Language != "" {
		cond, args = cond+` AND v.id IN (SELECT volunteer_id FROM volunteer_languages WHERE language = ?)`, append(args, f.Language)
	}
	vs, err := s.volunteers(ctx, s.db, cond, args...)
	if err != nil {
		return nil, err
	}
	if q := valid.SearchText(f.Query); q != "" {
		vs = slices.DeleteFunc(vs, func(v *Volunteer) bool {
			return !strings.Contains(valid.SearchText(v.Name+" "+v.Email), q)
		})
	}
	slices.Reverse(vs)
	return vs, nil
}

// Get returns one volunteer in p's reach; ErrNotFound otherwise.
func (s *Store) Get(ctx context.Context, p auth.Principal, id string) (*Volunteer, error) {
	return s.get(ctx, s.db, p, id)
}

func (s *Store) get(ctx context.Context, q db.Querier, p auth.Principal, id string) (*Volunteer, error) {
	r, err := s.reachOf(ctx, q, p)
	if err != nil {
		return nil, err
	}
	if r.none() {
		return nil, ErrNotFound
	}
	cond, args := r.volunteers()
	vs, err := s.volunteers(ctx, q, `v.id = ? AND v.state <> 'unconfirmed' AND `+cond, append([]any{id}, args...)...)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, ErrNotFound
	}
	return vs[0], nil
}

// Self returns the volunteer of key (their personal link or their
// account's session); ErrNotFound for any other.
func (s *Store) Self(ctx context.Context, key Key) (*Volunteer, error) {
	cond, args := key.cond(s.now())
	vs, err := s.volunteers(ctx, s.db, cond, args...)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, ErrNotFound
	}
	return vs[0], nil
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
