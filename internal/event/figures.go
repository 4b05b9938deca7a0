package event

import (
	"context"
	"fmt"
	"time"
)

// Figures are the aggregates of events for the statistics: per audience
// and region, how many events took place, how many people registered,
// came and did not come. No person can be told from them.
type Figures struct {
	Audience, RegionID string
	Events, Registered int
	Attended, NoShows  int
}

// AttendanceRate is the share of confirmed participants who came (0 when
// none was confirmed).
func (f Figures) AttendanceRate() float64 {
	if f.Registered == 0 {
		return 0
	}
	return float64(f.Attended) / float64(f.Registered)
}

// FiguresBetween counts the published events whose first date lies in
// [from, to), by audience and region; Registered counts confirmed places.
func (s *Store) FiguresBetween(ctx context.Context, from, to time.Time) ([]Figures, error) {
	rows, err := s.db.Query(ctx, `SELECT e.audience, e.region_id, COUNT(DISTINCT e.id),
		COALESCE(SUM(CASE WHEN r.state = 'confirmed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.state = 'confirmed' AND r.attended THEN 1 ELSE 0 END), 0)
		FROM events e LEFT JOIN event_registrations r ON r.event_id = e.id
		WHERE e.state = 'published' AND (SELECT MIN(d.starts_at) FROM event_dates d WHERE d.event_id = e.id) >= ?
		AND (SELECT MIN(d.starts_at) FROM event_dates d WHERE d.event_id = e.id) < ?
		GROUP BY e.audience, e.region_id ORDER BY e.audience, e.region_id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("event: figures: %w", err)
	}
	defer rows.Close()
	var out []Figures
	for rows.Next() {
		var f Figures
		if err := rows.Scan(&f.Audience, &f.RegionID, &f.Events, &f.Registered, &f.Attended); err != nil {
			return nil, fmt.Errorf("event: figures: %w", err)
		}
		f.NoShows = f.Registered - f.Attended
		out = append(out, f)
	}
	return out, rows.Err()
}
