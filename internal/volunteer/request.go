package volunteer

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// RequestInput is what a counselor asks for: the appointment, never the
// client.
type RequestInput struct {
	OfficeID, Language, Dialect string
	Start                       time.Time
	Minutes                     int
	Mode, Place, Sensitivity    string
	Gender                      string
}

func (in RequestInput) check(p auth.Principal, now time.Time) valid.Errors {
	var e valid.Errors
	if !slices.Contains(p.Offices(perm.OfficeLead, perm.Counselor), in.OfficeID) {
		e.Add("office", "volunteer.office_invalid")
	}
	if !validCode(in.Language) {
		e.Add("language", "volunteer.language_invalid")
	}
	if utf8.RuneCountInString(in.Dialect) > 60 || strings.Contains(in.Dialect, ",") {
		e.Add("dialect", "volunteer.dialect_invalid")
	}
	if in.Start.IsZero() || !in.Start.After(now) || in.Start.After(now.AddDate(1, 0, 0)) {
		e.Add("start", "volunteer.start_range")
	}
	if in.Minutes < 15 || in.Minutes > 480 {
		e.Add("minutes", "volunteer.minutes_range")
	}
	if !slices.Contains(Modes, in.Mode) {
		e.Add("mode", "volunteer.choice_invalid")
	}
	if utf8.RuneCountInString(in.Place) > 200 {
		e.Add("place", "volunteer.place_long")
	}
	if in.Sensitivity != "" && !slices.Contains(Sensitivities, in.Sensitivity) {
		e.Add("sensitivity", "volunteer.choice_invalid")
	}
	if in.Gender != "" && !slices.Contains(Genders, in.Gender) {
		e.Add("gender", "volunteer.choice_invalid")
	}
	return e
}

// CreateRequest records a counselor's request for one of their offices
// and whether, right now, nobody confirmed in reach speaks the language
// (an unmet need, kept for the figures even if somebody joins later).
func (s *Store) CreateRequest(ctx context.Context, p auth.Principal, in RequestInput) (string, error) {
	if e := in.check(p, s.now()); len(e) > 0 {
		return "", e
	}
	id := uuid.Must(uuid.NewV7()).String()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		places, err := network.OfficePlaces(ctx, tx, []string{in.OfficeID})
		if err != nil {
			return err
		}
		at, now := places[in.OfficeID], s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO mediation_requests (id, office_id, region_id, lat, lon, requested_by, language, dialect,
			starts_at, ends_at, mode, place, sensitivity, gender, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
			id, in.OfficeID, at.RegionID, at.Lat, at.Lon, p.UserID(), in.Language, strings.TrimSpace(in.Dialect), in.Start.UTC(),
			in.Start.Add(time.Duration(in.Minutes)*time.Minute).UTC(), in.Mode, strings.TrimSpace(in.Place), in.Sensitivity, in.Gender, now, now); err != nil {
			return fmt.Errorf("volunteer: request: %w", err)
		}
		r, err := s.request(ctx, tx, p, id)
		if err != nil {
			return err
		}
		_, why, err := s.propose(ctx, tx, r)
		if err != nil {
			return err
		}
		if why.Unmet() {
			if _, err := tx.Exec(ctx, `UPDATE mediation_requests SET unmet = ? WHERE id = ?`, true, id); err != nil {
				return fmt.Errorf("volunteer: request: %w", err)
			}
		}
		return s.audit.Append(ctx, tx, p.Entry("mediation.request", audit.ResultSuccess, "mediation_request", id, map[string]string{"language": in.Language}))
	})
	return id, err
}

const requestColumns = `r.id, r.office_id, r.region_id, r.lat, r.lon, r.requested_by, r.language, r.dialect, r.starts_at, r.ends_at, r.mode, r.place,
	r.sensitivity, r.gender, r.conflicts, r.state, r.unmet, r.created_at`

const requestFrom = ` FROM mediation_requests r`

func scanRequest(row interface{ Scan(...any) error }) (*Request, error) {
	var r Request
	var conflicts string
	err := row.Scan(&r.ID, &r.OfficeID, &r.RegionID, &r.lat, &r.lon, &r.RequestedBy, &r.Language, &r.Dialect, &r.Start, &r.End, &r.Mode, &r.Place,
		&r.Sensitivity, &r.Gender, &conflicts, &r.State, &r.Unmet, &r.CreatedAt)
	r.Conflicts = split(conflicts)
	return &r, err
}

// RequestFilter narrows the list of requests.
type RequestFilter struct {
	// State is open, filled, cancelled, or "unmet" for open requests
	// nobody could take when they were made.
	State string
	// Upcoming limits to appointments not yet over.
	Upcoming bool
}

// Requests lists the requests in p's reach, soonest first.
func (s *Store) Requests(ctx context.Context, p auth.Principal, f RequestFilter) ([]*Request, error) {
	r, err := s.reachOf(ctx, s.db, p)
	if err != nil || r.none() {
		return nil, err
	}
	cond, args := r.requests()
	switch f.State {
	case "":
	case "unmet":
		cond += ` AND r.unmet = ? AND r.state = 'open'`
		args = append(args, true)
	default:
		cond, args = cond+` AND r.state = ?`, append(args, f.State)
	}
	if f.Upcoming {
		cond, args = cond+` AND r.ends_at > ?`, append(args, s.now())
	}
	rows, err := s.db.Query(ctx, `SELECT `+requestColumns+requestFrom+` WHERE `+cond+` ORDER BY r.starts_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: requests: %w", err)
	}
	defer rows.Close()
	var out []*Request
	for rows.Next() {
		req, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("volunteer: requests: %w", err)
		}
		out = append(out, req)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, s.nameOffices(ctx, s.db, out...)
}

// nameOffices names the requests' offices (the registry's).
func (s *Store) nameOffices(ctx context.Context, q db.Querier, rs ...*Request) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.OfficeID
	}
	places, err := network.OfficePlaces(ctx, q, ids)
	for _, r := range rs {
		r.OfficeName = places[r.OfficeID].Name
	}
	return err
}

// Request returns one request in p's reach with its asks.
func (s *Store) Request(ctx context.Context, p auth.Principal, id string) (*Request, error) {
	return s.request(ctx, s.db, p, id)
}

func (s *Store) request(ctx context.Context, q db.Querier, p auth.Principal, id string) (*Request, error) {
	rc, err := s.reachOf(ctx, q, p)
	if err != nil {
		return nil, err
	}
	if rc.none() {
		return nil, ErrNotFound
	}
	cond, args := rc.requests()
	r, err := scanRequest(q.QueryRow(ctx, `SELECT `+requestColumns+requestFrom+` WHERE r.id = ? AND `+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err)
	}
	if r.Asks, err = s.asks(ctx, q, `a.request_id = ?`, id); err != nil {
		return nil, err
	}
	return r, s.nameOffices(ctx, q, r)
}

// asks reads the asks matching cond, with the volunteers' names.
func (s *Store) asks(ctx context.Context, q db.Querier, cond string, args ...any) ([]Ask, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.request_id, a.volunteer_id, v.name_enc, a.state, a.asked_at, a.answered_at, COALESCE(a.minutes, 0)
		FROM mediation_asks a JOIN volunteers v ON v.id = a.volunteer_id WHERE `+cond+` ORDER BY a.asked_at, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: asks: %w", err)
	}
	defer rows.Close()
	var out []Ask
	for rows.Next() {
		var a Ask
		var name string
		var answered sql.NullTime
		if err := rows.Scan(&a.ID, &a.RequestID, &a.VolunteerID, &name, &a.State, &a.AskedAt, &answered, &a.Minutes); err != nil {
			return nil, fmt.Errorf("volunteer: asks: %w", err)
		}
		a.VolunteerName, a.AnsweredAt = s.open(name, "name", a.VolunteerID), answered.Time
		out = append(out, a)
	}
	return out, rows.Err()
}

// Cancel withdraws an open or filled request (the appointment is off);
// volunteers asked or assigned are told through their personal page.
func (s *Store) Cancel(ctx context.Context, p auth.Principal, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.request(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.State == Cancelled {
			return ErrChanged
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE mediation_requests SET state = 'cancelled', updated_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("volunteer: cancel: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE mediation_asks SET state = 'withdrawn', answered_at = ? WHERE request_id = ? AND state IN ('asked', 'accepted')`, now, id); err != nil {
			return fmt.Errorf("volunteer: cancel: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("mediation.cancel", audit.ResultSuccess, "mediation_request", id, nil))
	})
}
