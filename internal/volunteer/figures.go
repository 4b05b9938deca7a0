package volunteer

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Count is a number for one language in one region.
type Count struct {
	RegionID, Language string
	N                  int
}

// RegionFigures are a region's mediation requests in a period.
type RegionFigures struct {
	RegionID string
	// Requests made (cancelled ones not counted), Filled by a volunteer,
	// Unmet when nobody in reach spoke the language.
	Requests, Filled, Unmet int
	// Minutes logged for the region's assignments.
	Minutes int
}

// FillRate is the share of requests filled (0 without requests).
func (f RegionFigures) FillRate() float64 {
	if f.Requests == 0 {
		return 0
	}
	return float64(f.Filled) / float64(f.Requests)
}

// Figures are the volunteer figures for the statistics (issue 18):
// active volunteers by language and region, requests, fill rate, hours
// and unmet language needs by region, for p's reach.
type Figures struct {
	From, To time.Time
	Active   []Count
	Regions  []RegionFigures
	Unmet    []Count
}

// Figures counts for the requests whose appointment lies in [from, to)
// and the volunteers confirmed now.
func (s *Store) Figures(ctx context.Context, p auth.Principal, from, to time.Time) (*Figures, error) {
	f := &Figures{From: from, To: to}
	r, err := s.reachOf(ctx, s.db, p)
	if err != nil || r.none() {
		return f, err
	}
	vcond, vargs := r.volunteers()
	f.Active, err = counts(ctx, s.db, `SELECT v.region_id, l.language, COUNT(*) FROM volunteers v
		JOIN volunteer_languages l ON l.volunteer_id = v.id
		WHERE v.state = 'confirmed' AND `+vcond+` GROUP BY v.region_id, l.language ORDER BY 1, 3 DESC, 2`, vargs...)
	if err != nil {
		return nil, err
	}
	rcond, rargs := r.requests()
	rargs = append([]any{from.UTC(), to.UTC()}, rargs...)
	const fromRequests = ` FROM mediation_requests r WHERE r.state <> 'cancelled' AND r.starts_at >= ? AND r.starts_at < ? AND `
	f.Unmet, err = counts(ctx, s.db, `SELECT r.region_id, r.language, COUNT(*)`+fromRequests+rcond+` AND r.unmet = ?
		GROUP BY r.region_id, r.language ORDER BY 1, 3 DESC, 2`, append(rargs, true)...)
	if err != nil {
		return nil, err
	}
	f.Regions, err = regionFigures(ctx, s.db, `SELECT r.region_id, COUNT(*), SUM(CASE WHEN r.state = 'filled' THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.unmet THEN 1 ELSE 0 END),
		COALESCE(SUM((SELECT SUM(a.minutes) FROM mediation_asks a WHERE a.request_id = r.id AND a.state = 'accepted')), 0)`+
		fromRequests+rcond+` GROUP BY r.region_id ORDER BY 1`, rargs...)
	return f, err
}

func counts(ctx context.Context, q db.Querier, query string, args ...any) ([]Count, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: figures: %w", err)
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.RegionID, &c.Language, &c.N); err != nil {
			return nil, fmt.Errorf("volunteer: figures: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func regionFigures(ctx context.Context, q db.Querier, query string, args ...any) ([]RegionFigures, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("volunteer: figures: %w", err)
	}
	defer rows.Close()
	var out []RegionFigures
	for rows.Next() {
		var f RegionFigures
		if err := rows.Scan(&f.RegionID, &f.Requests, &f.Filled, &f.Unmet, &f.Minutes); err != nil {
			return nil, fmt.Errorf("volunteer: figures: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
