package stats

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

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

// compute reads every family's tallies for p (in parallel) and protects
// each family (in parallel too: they share nothing).
func compute(ctx context.Context, src Source, reg registryFacts, p Period, now time.Time, parallel int) (*Snapshot, error) {
	read, err := readTallies(ctx, src, p, parallel)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Period: p, Computed: now, rows: reg.rows, families: map[Family]*familyTable{}}
	tables := make([]*familyTable, len(Families))
	var g errgroup.Group
	for i, f := range Families {
		g.Go(func() error {
			ft, err := buildFamily(reg, familyParts[f], read[f])
			if err != nil {
				return fmt.Errorf("stats: %s: %w", f, err)
			}
			tables[i] = ft
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, f := range Families {
		s.families[f] = tables[i]
	}
	return s, nil
}

// readTallies runs the queries of every family's parts for p: those of
// the same things (Of and Measure) as one batch, at most parallel batches
// at once; a part counted by program reuses its family's first part.
func readTallies(ctx context.Context, src Source, p Period, parallel int) (map[Family][][]Tally, error) {
	type slot struct {
		f Family
		i int
	}
	type batch struct {
		qs    []Query
		slots []slot
	}
	var order []string
	batches := map[string]*batch{}
	out := map[Family][][]Tally{}
	for _, f := range Families {
		out[f] = make([][]Tally, len(familyParts[f]))
		for i, pt := range familyParts[f] {
			if pt.byProgram {
				continue
			}
			q := pt.query
			q.From, q.To = p.From, p.To
			k := string(q.Of) + "/" + q.Measure
			if batches[k] == nil {
				batches[k] = &batch{}
				order = append(order, k)
			}
			batches[k].qs = append(batches[k].qs, q)
			batches[k].slots = append(batches[k].slots, slot{f, i})
		}
	}
	results := make([][][]Tally, len(order))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallel)
	for n, k := range order {
		g.Go(func() error {
			got, err := src.Tallies(gctx, batches[k].qs)
			if err != nil {
				return fmt.Errorf("stats: %s: %w", k, err)
			}
			results[n] = got
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for n, k := range order {
		for j, sl := range batches[k].slots {
			out[sl.f][sl.i] = results[n][j]
		}
	}
	for _, f := range Families {
		for i, pt := range familyParts[f] {
			if pt.byProgram {
				out[f][i] = byProgram(out[f][0])
			}
		}
	}
	return out, nil
}

// buildFamily fills one family's table from its parts' tallies and
// protects it.
func buildFamily(reg registryFacts, parts []part, read [][]Tally) (*familyTable, error) {
	ft := &familyTable{}
	var widths []int
	start := 0
	for i, p := range parts {
		keys := categories(p, read[i], reg)
		ft.parts = append(ft.parts, partCols{dim: p.dim, keys: keys, start: start})
		widths = append(widths, len(keys))
		start += len(keys)
	}
	ft.table = disclose.NewTableParts(tableRows(reg.rows), widths)
	for i, tallies := range read {
		if err := ft.set(reg, i, tallies); err != nil {
			return nil, err
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

// set adds part i's tallies to the offices' rows.
func (ft *familyTable) set(reg registryFacts, i int, tallies []Tally) error {
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
				return fmt.Errorf("%s: unknown category %q", ft.parts[i].dim, t.Key)
			}
		}
		leaf[[2]int{r, ft.parts[i].start + c}] += t.N
	}
	for rc, n := range leaf {
		ft.table.Set(rc[0], rc[1], n)
	}
	return nil
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
