package disclose_test

import (
	"math/rand/v2"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
)

// randomTable is a state with regions, districts and offices (leaves),
// cols categories, counts drawn so that many cells are small.
func randomTable(rng *rand.Rand, cols int) *disclose.Table { return randomTableParts(rng, []int{cols}) }

// randomTableParts is randomTable with several breakdowns of the same
// clients: the first part is drawn, the others deal its total out at
// random (so small cells turn up there too).
func randomTableParts(rng *rand.Rand, parts []int) *disclose.Table {
	rows := []disclose.Row{{Key: "state", Parent: -1}}
	for range 2 + rng.IntN(2) {
		region := len(rows)
		rows = append(rows, disclose.Row{Key: "region", Parent: 0})
		for range 1 + rng.IntN(2) {
			district := len(rows)
			rows = append(rows, disclose.Row{Key: "district", Parent: region})
			for range 1 + rng.IntN(3) {
				rows = append(rows, disclose.Row{Key: "office", Parent: district})
			}
		}
	}
	t := disclose.NewTableParts(rows, parts)
	leaf := map[int]bool{}
	for i := range rows {
		leaf[i] = true
	}
	for _, r := range rows {
		if r.Parent >= 0 {
			leaf[r.Parent] = false
		}
	}
	for i := range rows {
		if !leaf[i] {
			continue
		}
		total := 0
		for c := range parts[0] {
			n := 0
			switch rng.IntN(4) {
			case 0: // empty
			case 1:
				n = 1 + rng.IntN(4) // sensitive
			default:
				n = rng.IntN(30)
			}
			t.Set(i, c, n)
			total += n
		}
		start := parts[0]
		for _, width := range parts[1:] {
			dealt := make([]int, width)
			for range total {
				dealt[min(rng.IntN(width+1), width-1)]++ // the last category draws twice as often
			}
			for c, n := range dealt {
				t.Set(i, start+c, n)
			}
			start += width
		}
	}
	t.Build()
	return t
}

// attacker knows the published cells, that hidden cells are whole numbers
// of at least 0, and every equation of the table; it searches for the
// values each hidden cell can take.
type attacker struct {
	eqs    []disclose.Equation
	rows   int
	cols   int
	lo, hi [][]int
	budget int
}

func newAttacker(t *disclose.Table, res *disclose.Result, rows, cols int) *attacker {
	a := &attacker{eqs: t.Equations(), rows: rows, cols: cols, budget: 200000}
	grand := 0
	for c := range cols {
		grand += t.Count(0, c)
	}
	a.lo, a.hi = grid(rows, cols), grid(rows, cols)
	for r := range rows {
		for c := range cols {
			if n, ok := res.Value(r, c); ok {
				a.lo[r][c], a.hi[r][c] = n, n
			} else {
				a.hi[r][c] = grand
			}
		}
	}
	disclose.Propagate(a.eqs, a.lo, a.hi)
	return a
}

func grid(rows, cols int) [][]int {
	g := make([][]int, rows)
	for i := range g {
		g[i] = make([]int, cols)
	}
	return g
}

func clone(g [][]int) [][]int {
	out := make([][]int, len(g))
	for i := range g {
		out[i] = append([]int(nil), g[i]...)
	}
	return out
}

// feasible reports whether some whole-number assignment meets every
// equation within lo/hi (depth-first, narrowest cell first).
func (a *attacker) feasible(lo, hi [][]int) bool {
	a.budget--
	if a.budget < 0 {
		return true // out of budget: count as feasible (the test then proves less, never more)
	}
	disclose.Propagate(a.eqs, lo, hi)
	br, bc, width := -1, -1, 0
	for r := range a.rows {
		for c := range a.cols {
			w := hi[r][c] - lo[r][c]
			if w < 0 {
				return false
			}
			if w > 0 && (br < 0 || w < width) {
				br, bc, width = r, c, w
			}
		}
	}
	if br < 0 {
		return true
	}
	for v := lo[br][bc]; v <= hi[br][bc]; v++ {
		l, h := clone(lo), clone(hi)
		l[br][bc], h[br][bc] = v, v
		if a.feasible(l, h) {
			return true
		}
	}
	return false
}

// values finds up to two values a hidden cell can take.
func (a *attacker) values(r, c int) []int {
	var out []int
	for v := a.lo[r][c]; v <= a.hi[r][c] && len(out) < 2; v++ {
		l, h := clone(a.lo), clone(a.hi)
		l[r][c], h[r][c] = v, v
		if a.feasible(l, h) {
			out = append(out, v)
		}
	}
	return out
}

// attackTables protects n random tables (every other one with the
// dominance rule) and attacks each: every cell of 1–4 clients must be
// hidden, and no hidden cell may be pinned to one value by an attacker
// who knows every published cell and every equation and searches all
// whole-number solutions. Too many searches out of budget prove too
// little and fail too.
func attackTables(t *testing.T, rng *rand.Rand, parts []int, n, dominance, maxExhausted int) {
	t.Helper()
	cols := 1 // the total
	for _, p := range parts {
		cols += p
	}
	exhausted := 0
	for i := range n {
		tab := randomTableParts(rng, parts)
		if r := tab.Consistent(); r >= 0 {
			t.Fatalf("table %d: row %d's breakdowns differ", i, r)
		}
		res := disclose.Protect(tab, disclose.Options{Dominance: i%2 == dominance})
		rows := 0
		for rowExists(tab, rows) {
			rows++
		}
		a := newAttacker(tab, res, rows, cols)
		for r := range rows {
			for c := range cols {
				cnt := tab.Count(r, c)
				if cnt > 0 && cnt < disclose.MinCount && !res.Hidden(r, c) {
					t.Fatalf("table %d: cell [%d,%d] of %d clients is published", i, r, c, cnt)
				}
				if res.Hidden(r, c) {
					if vs := a.values(r, c); len(vs) < 2 {
						t.Errorf("table %d: hidden cell [%d,%d] (true %d) can only be %v", i, r, c, cnt, vs)
					}
				}
			}
		}
		if a.budget < 0 {
			exhausted++
		}
	}
	if exhausted > maxExhausted {
		t.Errorf("the search ran out of budget on %d of %d tables: the test proves too little", exhausted, n)
	}
}

// TestNoHiddenCellCanBeRecovered is the property test: on many random
// tables of one breakdown, nothing small is published and no hidden cell
// can be worked out (attackTables).
func TestNoHiddenCellCanBeRecovered(t *testing.T) {
	attackTables(t, rand.New(rand.NewPCG(16, 17)), []int{3}, 300, 0, 30)
}

// TestBreakdownsAreProtectedTogether: tables with two breakdowns of the
// same clients (by age and by gender) sharing each row's total. The
// attacker uses both breakdowns' equations at once and still pins no
// hidden cell.
func TestBreakdownsAreProtectedTogether(t *testing.T) {
	attackTables(t, rand.New(rand.NewPCG(18, 19)), []int{2, 2}, 150, 1, 15)
}

// TestEquationsOfBreakdowns: each row has one equation per breakdown.
func TestEquationsOfBreakdowns(t *testing.T) {
	rows := []disclose.Row{{Key: "office", Parent: -1}}
	tab := disclose.NewTableParts(rows, []int{2, 3})
	if got := len(tab.Equations()); got != 2 {
		t.Fatalf("%d equations, want 2 (one per breakdown)", got)
	}
	for c, n := range []int{4, 6, 5, 0, 5} {
		tab.Set(0, c, n)
	}
	tab.Build()
	if tab.Count(0, 5) != 10 || tab.Consistent() != -1 {
		t.Fatalf("total %d, consistent %d", tab.Count(0, 5), tab.Consistent())
	}
	tab.Set(0, 4, 6)
	tab.Build()
	if tab.Consistent() != 0 {
		t.Fatal("a breakdown summing to 11 of 10 passed")
	}
}

func rowExists(tab *disclose.Table, r int) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	tab.Count(r, 0)
	return true
}

// TestProtectIsDeterministic: the same counts give the same pattern.
func TestProtectIsDeterministic(t *testing.T) {
	for seed := range uint64(20) {
		a := randomTable(rand.New(rand.NewPCG(seed, 1)), 4)
		b := randomTable(rand.New(rand.NewPCG(seed, 1)), 4)
		ra, rb := disclose.Protect(a, disclose.Options{}), disclose.Protect(b, disclose.Options{})
		for r := 0; rowExists(a, r); r++ {
			for c := range 5 {
				if ra.Hidden(r, c) != rb.Hidden(r, c) {
					t.Fatalf("seed %d: cell [%d,%d] hidden %v and %v", seed, r, c, ra.Hidden(r, c), rb.Hidden(r, c))
				}
			}
		}
	}
}

// TestRules: the primary rules on a small table, by hand.
func TestRules(t *testing.T) {
	// state → one district (row 1) → two offices (rows 2, 3); two categories.
	rows := []disclose.Row{{Key: "state", Parent: -1}, {Key: "district", Parent: 0}, {Key: "a", Parent: 1}, {Key: "b", Parent: 1}}
	cases := []struct {
		name      string
		a, b      [2]int
		dominance bool
		hidden    [][2]int // must be hidden
		shown     [][2]int // must be shown
		primary   [][2]int
	}{
		{"nothing small: all shown", [2]int{10, 20}, [2]int{30, 40}, false, nil, [][2]int{{2, 0}, {3, 1}, {0, 2}}, nil},
		{"a cell of 3 and its complements", [2]int{3, 20}, [2]int{30, 40}, false, [][2]int{{2, 0}}, [][2]int{{0, 2}}, [][2]int{{2, 0}}},
		{"zero is no disclosure", [2]int{0, 20}, [2]int{30, 40}, false, nil, [][2]int{{2, 0}}, nil},
		{"one office dominates the district", [2]int{90, 20}, [2]int{5, 40}, true, [][2]int{{1, 0}}, nil, [][2]int{{1, 0}}},
		{"dominance off where offices are published", [2]int{90, 20}, [2]int{5, 40}, false, nil, [][2]int{{1, 0}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := disclose.NewTable(rows, 2)
			tab.Set(2, 0, c.a[0])
			tab.Set(2, 1, c.a[1])
			tab.Set(3, 0, c.b[0])
			tab.Set(3, 1, c.b[1])
			res := disclose.Protect(tab, disclose.Options{Dominance: c.dominance})
			for _, x := range c.hidden {
				if !res.Hidden(x[0], x[1]) {
					t.Errorf("cell %v shown", x)
				}
			}
			for _, x := range c.shown {
				if res.Hidden(x[0], x[1]) {
					t.Errorf("cell %v hidden", x)
				}
			}
			for _, x := range c.primary {
				if !res.Primary(x[0], x[1]) {
					t.Errorf("cell %v not a primary suppression", x)
				}
			}
			// Whatever is hidden has a partner in each of its equations.
			for _, eq := range tab.Equations() {
				n := 0
				for _, x := range append(eq.Terms, eq.Total) {
					if res.Hidden(x[0], x[1]) {
						n++
					}
				}
				if n == 1 {
					t.Errorf("equation %v hides exactly one cell", eq)
				}
			}
		})
	}
}

// BenchmarkProtectState protects a statewide table: 10 regions, 45
// districts, 200 offices, 12 categories (the shape of "clients by country
// of origin per office").
func BenchmarkProtectState(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	rows := []disclose.Row{{Key: "state", Parent: -1}}
	for r := range 10 {
		region := len(rows)
		rows = append(rows, disclose.Row{Key: "region", Parent: 0})
		for d := range 4 + r%2 {
			district := len(rows)
			rows = append(rows, disclose.Row{Key: "district", Parent: region})
			for range 4 + (r+d)%2 {
				rows = append(rows, disclose.Row{Key: "office", Parent: district})
			}
		}
	}
	const cols = 12
	tab := disclose.NewTable(rows, cols)
	for i, r := range rows {
		if r.Key == "office" {
			for c := range cols {
				tab.Set(i, c, rng.IntN(40)*rng.IntN(2))
			}
		}
	}
	tab.Build()
	b.Logf("%d rows × %d columns", len(rows), cols+1)
	// The baseline: summing the table, which every figure needs anyway.
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			tab.Build()
		}
	})
	b.Run("protect", func(b *testing.B) {
		for b.Loop() {
			disclose.Protect(tab, disclose.Options{})
		}
	})
}
