package app

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
)

// statsSource gives the statistics their aggregates: the case store's
// tallies and the registry's hierarchy. The statistics package reaches
// neither (archtest); this is the one place that connects them.
type statsSource struct {
	cases    *casework.Store
	registry *network.Store
}

var _ stats.Source = statsSource{}

// Tallies reads breakdowns of one kind in one pass (the case store's
// *TalliesBy).
func (s statsSource) Tallies(ctx context.Context, qs []stats.Query) ([][]stats.Tally, error) {
	if len(qs) == 0 {
		return nil, nil
	}
	q := qs[0]
	cq := casework.TallyQuery{From: q.From, To: q.To, Counselor: q.Counselor}
	var got [][]casework.Tally
	var err error
	switch q.Of {
	case stats.OfClients:
		fields := make([]casework.ClientField, len(qs))
		for i, x := range qs {
			fields[i] = casework.ClientField(x.Field)
		}
		got, err = s.cases.ClientTalliesBy(ctx, cq, casework.ClientMeasure(q.Measure), fields)
	case stats.OfContacts:
		fields := make([]casework.ContactField, len(qs))
		for i, x := range qs {
			fields[i] = casework.ContactField(x.Field)
		}
		got, err = s.cases.ContactTalliesBy(ctx, cq, fields)
	case stats.OfGoals:
		fields := make([]casework.GoalField, len(qs))
		for i, x := range qs {
			fields[i] = casework.GoalField(x.Field)
		}
		got, err = s.cases.GoalTalliesBy(ctx, cq, fields)
	default:
		return nil, fmt.Errorf("app: statistics: unknown tally of %q", q.Of)
	}
	if err != nil {
		return nil, err
	}
	out := make([][]stats.Tally, len(got))
	for i, tallies := range got {
		out[i] = make([]stats.Tally, len(tallies))
		for k, t := range tallies {
			out[i][k] = stats.Tally{OfficeID: t.OfficeID, ProgramID: t.ProgramID, Key: t.Key, N: t.N}
		}
	}
	return out, nil
}

// Version joins the case records' fingerprint and the registry's.
func (s statsSource) Version(ctx context.Context) (string, error) {
	cases, err := s.cases.StatsVersion(ctx)
	if err != nil {
		return "", err
	}
	reg, err := s.registry.Version(ctx)
	if err != nil {
		return "", err
	}
	return cases + "|" + reg, nil
}

func (s statsSource) Units(ctx context.Context) ([]stats.OfficeUnit, error) {
	units, err := s.registry.Units(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]stats.OfficeUnit, len(units))
	for i, u := range units {
		out[i] = stats.OfficeUnit(u)
	}
	return out, nil
}

func (s statsSource) Programs(ctx context.Context) ([]string, error) {
	programs, err := s.registry.Programs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(programs))
	for i, p := range programs {
		out[i] = p.ID
	}
	return out, nil
}

func (s statsSource) Topics(ctx context.Context) ([]string, error) { return s.registry.Topics(ctx) }

// FTE sums the posts funded on day on, by program and region.
func (s statsSource) FTE(ctx context.Context, on time.Time) ([]stats.FTE, error) {
	sums, err := s.registry.PostSums(ctx, network.PostFilter{ActiveOn: on})
	if err != nil {
		return nil, err
	}
	out := make([]stats.FTE, len(sums))
	for i, x := range sums {
		out[i] = stats.FTE{ProgramID: x.ProgramID, RegionID: x.RegionID, Hundredths: x.FTEHundredths}
	}
	return out, nil
}

// statsOptions: PostgreSQL works the tallies on four connections at once;
// SQLite (one process, pure Go) is fastest one after the other (measured:
// docs/BENCHMARKS.md).
func statsOptions(dialect db.Dialect) stats.Options {
	if dialect == db.Postgres {
		return stats.Options{Parallel: 4}
	}
	return stats.Options{Parallel: 1}
}
