package network

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// Figures are the network at a glance, for the ministry's dashboard: how
// many offices, organisations and funded posts, by status and program.
type Figures struct {
	Regions, Organisations int
	// Offices counts the offices by status.
	Offices map[OfficeStatus]int
	// ActiveByProgram counts the active offices offering each program.
	ActiveByProgram map[string]int
	// Posts and FTEHundredths sum the funded posts in force today per
	// program.
	Posts         map[string]int
	FTEHundredths map[string]int
}

// ActiveOffices is the number of offices open for business.
func (f Figures) ActiveOffices() int { return f.Offices[Active] }

// Figures counts the whole network.
func (s *Store) Figures(ctx context.Context) (Figures, error) {
	f := Figures{Offices: map[OfficeStatus]int{}, ActiveByProgram: map[string]int{}, Posts: map[string]int{},
		FTEHundredths: map[string]int{}}
	if err := s.db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM organisations)").
		Scan(&f.Regions, &f.Organisations); err != nil {
		return f, fmt.Errorf("network: figures: %w", err)
	}
	today := clock.Day(s.now().In(clock.Berlin()))
	counts := []struct {
		query string
		args  []any
		add   func(key string, n int)
	}{
		{"SELECT status, COUNT(*) FROM offices GROUP BY status", nil, func(k string, n int) { f.Offices[OfficeStatus(k)] = n }},
		{`SELECT p.program_id, COUNT(*) FROM office_programs p JOIN offices o ON o.id = p.office_id
			WHERE o.status = 'active' GROUP BY p.program_id`, nil, func(k string, n int) { f.ActiveByProgram[k] = n }},
		{inForce("COUNT(*)"), []any{today, today}, func(k string, n int) { f.Posts[k] = n }},
		{inForce("SUM(fte_hundredths)"), []any{today, today}, func(k string, n int) { f.FTEHundredths[k] = n }},
	}
	for _, c := range counts {
		if err := s.countBy(ctx, c.query, c.args, c.add); err != nil {
			return f, fmt.Errorf("network: figures: %w", err)
		}
	}
	return f, nil
}

// inForce sums the funded posts per program that run on a day (two
// arguments, both the day).
func inForce(aggregate string) string {
	return "SELECT program_id, " + aggregate + " FROM funded_posts WHERE starts_on <= ? AND ends_on >= ? GROUP BY program_id"
}

// countBy runs a query of (key, count) rows.
func (s *Store) countBy(ctx context.Context, query string, args []any, add func(string, int)) error {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		add(k, n)
	}
	return rows.Err()
}
