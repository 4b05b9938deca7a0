package volunteer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer/match"
)

// Proposal is a volunteer who can take a request, best first, as the
// counselor sees them.
type Proposal struct {
	match.Proposal
	Volunteer *Volunteer
	// Asked is the state of an ask already made ("" when not asked).
	Asked string
}

// Proposals lists who can take one of p's requests and why the others
// who speak the language cannot. A filled or cancelled request has none.
func (s *Store) Proposals(ctx context.Context, p auth.Principal, id string) ([]Proposal, match.Why, error) {
	r, err := s.request(ctx, s.db, p, id)
	if err != nil {
		return nil, match.Why{}, err
	}
	if r.State != Open {
		return nil, match.Why{}, nil
	}
	return s.propose(ctx, s.db, r)
}

// propose runs the matching for r over the volunteers of its office's
// region (and, for phone or video, everybody who mediates remotely).
func (s *Store) propose(ctx context.Context, q db.Querier, r *Request) ([]Proposal, match.Why, error) {
	vs, err := s.volunteers(ctx, q, `v.state IN ('registered', 'confirmed') AND v.id IN (SELECT volunteer_id FROM volunteer_languages WHERE language = ?)
		AND (v.region_id = ? OR (v.remote = ? AND ?))`, r.Language, r.RegionID, true, r.Mode != "in_person")
	if err != nil {
		return nil, match.Why{}, err
	}
	booked, recent, err := s.bookings(ctx, q, r.ID)
	if err != nil {
		return nil, match.Why{}, err
	}
	need := match.Need{Language: r.Language, Dialect: r.Dialect, Start: r.Start, End: r.End, Remote: r.Mode != "in_person",
		Gender: r.Gender, Conflicts: r.Conflicts, Lat: r.lat, Lon: r.lon}
	today := s.o.Clock.Today()
	cs := make([]match.Candidate, len(vs))
	byID := map[string]*Volunteer{}
	for i, v := range vs {
		cs[i] = candidate(v, today, booked[v.ID], recent[v.ID])
		byID[v.ID] = v
	}
	ps, why := match.Propose(need, cs, 0, clock.Berlin())
	asked := map[string]string{}
	for _, a := range r.Asks {
		asked[a.VolunteerID] = a.State
	}
	out := make([]Proposal, len(ps))
	for i, mp := range ps {
		out[i] = Proposal{Proposal: mp, Volunteer: byID[mp.ID], Asked: asked[mp.ID]}
	}
	return out, why, nil
}

func candidate(v *Volunteer, today time.Time, booked []match.Interval, recent int) match.Candidate {
	c := match.Candidate{ID: v.ID, Confirmed: v.State == Confirmed, DocumentsValid: !v.Expired(today), Gender: v.Gender,
		Lat: v.Lat, Lon: v.Lon, MaxKm: float64(v.MaxKm), Booked: booked, Recent: recent}
	for _, l := range v.Languages {
		c.Skills = append(c.Skills, match.Skill{Language: l.Code, Dialects: l.Dialects, Level: l.Level})
	}
	for _, sl := range v.Slots {
		c.Available = append(c.Available, match.Slot{Weekday: sl.Weekday, From: sl.From, Till: sl.Till})
	}
	return c
}

// bookings reads every volunteer's accepted assignments (other than for
// request except) and how many they took in the last 30 days.
func (s *Store) bookings(ctx context.Context, q db.Querier, except string) (map[string][]match.Interval, map[string]int, error) {
	rows, err := q.Query(ctx, `SELECT a.volunteer_id, r.starts_at, r.ends_at FROM mediation_asks a JOIN mediation_requests r ON r.id = a.request_id
		WHERE a.state = 'accepted' AND r.state <> 'cancelled' AND r.id <> ? AND r.ends_at > ?`, except, s.now().AddDate(0, 0, -30))
	if err != nil {
		return nil, nil, fmt.Errorf("volunteer: bookings: %w", err)
	}
	defer rows.Close()
	booked, recent := map[string][]match.Interval{}, map[string]int{}
	for rows.Next() {
		var id string
		var b match.Interval
		if err := rows.Scan(&id, &b.Start, &b.End); err != nil {
			return nil, nil, fmt.Errorf("volunteer: bookings: %w", err)
		}
		booked[id] = append(booked[id], b)
		if b.Start.Before(s.now()) {
			recent[id]++
		}
	}
	return booked, recent, rows.Err()
}

// Ask asks a proposed volunteer to take the request: they get a mail with
// their personal page, where they accept or decline. ErrCannotTake for a
// volunteer the matching does not propose (any longer).
func (s *Store) Ask(ctx context.Context, p auth.Principal, requestID, volunteerID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.request(ctx, tx, p, requestID)
		if err != nil {
			return err
		}
		if r.State != Open {
			return ErrChanged
		}
		ps, _, err := s.propose(ctx, tx, r)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ps, func(x Proposal) bool { return x.ID == volunteerID })
		if i < 0 {
			return ErrCannotTake
		}
		if ps[i].Asked != "" {
			return ErrChanged
		}
		if _, err := tx.Exec(ctx, `INSERT INTO mediation_asks (id, request_id, volunteer_id, state, asked_by, asked_at) VALUES (?, ?, ?, 'asked', ?, ?)`,
			uuid.Must(uuid.NewV7()).String(), requestID, volunteerID, p.UserID(), s.now()); err != nil {
			return fmt.Errorf("volunteer: ask: %w", err)
		}
		if err := s.audit.Append(ctx, tx, p.Entry("mediation.ask", audit.ResultSuccess, "mediation_request", requestID, map[string]string{"volunteer": volunteerID})); err != nil {
			return err
		}
		token, err := s.token(ctx, tx, volunteerID)
		if err != nil {
			return err
		}
		v := ps[i].Volunteer
		return s.o.Mail(ctx, tx, Mail{Kind: MailAsk, To: v.Email, Lang: v.Lang, Link: token, When: r.Start})
	})
}

// FlagConflict marks a volunteer as having a conflict of interest for the
// request (they know the client, …): they are not proposed for it.
func (s *Store) FlagConflict(ctx context.Context, p auth.Principal, requestID, volunteerID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.request(ctx, tx, p, requestID)
		if err != nil {
			return err
		}
		if r.State != Open || slices.Contains(r.Conflicts, volunteerID) || len(r.Conflicts) >= 50 {
			return ErrChanged
		}
		if !uuidLike(volunteerID) {
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `UPDATE mediation_requests SET conflicts = ?, updated_at = ? WHERE id = ?`,
			strings.Join(append(r.Conflicts, volunteerID), ","), s.now(), requestID); err != nil {
			return fmt.Errorf("volunteer: conflict: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE mediation_asks SET state = 'withdrawn', answered_at = ? WHERE request_id = ? AND volunteer_id = ? AND state = 'asked'`,
			s.now(), requestID, volunteerID); err != nil {
			return fmt.Errorf("volunteer: conflict: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("mediation.conflict", audit.ResultSuccess, "mediation_request", requestID, map[string]string{"volunteer": volunteerID}))
	})
}

func uuidLike(s string) bool { _, err := uuid.Parse(s); return err == nil }
