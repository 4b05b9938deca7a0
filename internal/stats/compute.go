package stats

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
)

// Snapshot is every family's protected table for one period, computed
// once and cut into the views and exports of every reader: the same cell
// is hidden the same way wherever it appears.
type Snapshot struct {
	Period Period
	// Computed is when the figures were read (the date of the data).
	Computed time.Time
	rows     []row
	families map[Family]*familyTable
	// fte is the funded posts' FTE in hundredths by (program, region);
	// region "" is the state.
	fte map[[2]string]int
}

// familyTable is one family's protected table and how its columns split
// into breakdowns.
type familyTable struct {
	parts  []partCols
	table  *disclose.Table
	result *disclose.Result
}

// partCols are one breakdown's category keys and first column.
type partCols struct {
	dim   Dim
	keys  []string
	start int
}

// registryFacts are the registry's lists a computation needs.
type registryFacts struct {
	rows     []row
	office   map[string]int
	programs []string
	topics   []string
}

// compute reads every family's tallies for p and protects them.
func compute(ctx context.Context, src Source, reg registryFacts, p Period, now time.Time) (*Snapshot, error) {
	s := &Snapshot{Period: p, Computed: now, rows: reg.rows, families: map[Family]*familyTable{}}
	for _, f := range Families {
		ft, err := computeFamily(ctx, src, reg, p, familyParts[f])
		if err != nil {
			return nil, fmt.Errorf("stats: %s: %w", f, err)
		}
		s.families[f] = ft
	}
	return s, nil
}

func computeFamily(ctx context.Context, src Source, reg registryFacts, period Period, parts []part) (*familyTable, error) {
	ft := &familyTable{}
	var widths []int
	var read [][]Tally
	start := 0
	for _, p := range parts {
		var tallies []Tally
		if p.byProgram {
			tallies = byProgram(read[0])
		} else {
			q := p.query
			q.From, q.To = period.From, period.To
			var err error
			if tallies, err = src.Tallies(ctx, q); err != nil {
				return nil, err
			}
		}
		keys := categories(p, tallies, reg)
		ft.parts = append(ft.parts, partCols{dim: p.dim, keys: keys, start: start})
		widths = append(widths, len(keys))
		read = append(read, tallies)
		start += len(keys)
	}
	ft.table = disclose.NewTableParts(tableRows(reg.rows), widths)
	for i, tallies := range read {
		index := map[string]int{}
		for c, k := range ft.parts[i].keys {
			index[k] = c
		}
		leaf := map[[2]int]int{}
		for _, t := range tallies {
			r, ok := reg.office[t.OfficeID]
			if !ok {
				continue // an office outside every region: not in any table
			}
			c, ok := index[t.Key]
			if !ok {
				if c, ok = index[Other]; !ok {
					return nil, fmt.Errorf("%s: unknown category %q", ft.parts[i].dim, t.Key)
				}
			}
			leaf[[2]int{r, ft.parts[i].start + c}] += t.N
		}
		for rc, n := range leaf {
			ft.table.Set(rc[0], rc[1], n)
		}
	}
	ft.table.Build()
	if r := ft.table.Consistent(); r >= 0 {
		return nil, fmt.Errorf("the breakdowns of %s differ", reg.rows[r].Name)
	}
	ft.result = disclose.Protect(ft.table, disclose.Options{Dominance: true, DominanceAt: func(r int) bool {
		return reg.rows[r].Level <= RegionLevel // published without their offices
	}})
	return ft, nil
}

// byProgram re-keys tallies by their program.
func byProgram(tallies []Tally) []Tally {
	out := make([]Tally, len(tallies))
	for i, t := range tallies {
		out[i] = Tally{OfficeID: t.OfficeID, ProgramID: t.ProgramID, Key: t.ProgramID, N: t.N}
	}
	return out
}

// categories are a breakdown's columns: the fixed list, the registry's
// programs or topics, or the largest keys statewide then Other and
// Unknown. A key the list does not know lands in Other, so the fixed
// lists that may meet one carry it.
func categories(p part, tallies []Tally, reg registryFacts) []string {
	switch {
	case p.dim == DimProgram:
		return withExtra(reg.programs, tallies)
	case p.dim == DimTopic:
		return withExtra(reg.topics, tallies)
	case p.top:
		return largest(tallies)
	}
	return fixedByDimName[p.dim]
}

// withExtra is a registry list plus keys the tallies name that it lacks
// (a program deleted while files remain), sorted after it.
func withExtra(list []string, tallies []Tally) []string {
	out := slices.Clone(list)
	for _, t := range tallies {
		if !slices.Contains(out, t.Key) {
			out = append(out, t.Key)
		}
	}
	slices.Sort(out[len(list):])
	return out
}

// largest names the topCategories keys with the most counts statewide
// (ties by key), then Other and Unknown.
func largest(tallies []Tally) []string {
	sums := map[string]int{}
	for _, t := range tallies {
		if t.Key != Unknown {
			sums[t.Key] += t.N
		}
	}
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(sums[b], sums[a]), cmp.Compare(a, b))
	})
	if len(keys) > topCategories {
		keys = keys[:topCategories]
	}
	return append(keys, Other, Unknown)
}
