// Package disclose protects published counts of clients from disclosure
// (statistical disclosure control for frequency tables).
//
// A Table is hierarchical and additive: its rows form a tree (the state →
// regions → districts → offices), a parent's count in every column is the
// sum of its children's, and each row's last column is the total of its
// categories. Protect marks:
//
//   - primary suppression: every cell of 1 to MinCount−1 clients, and,
//     where the offices themselves are not published (Options.Dominance),
//     every aggregate cell to which one office contributes at least
//     DominanceShare of the clients;
//   - secondary suppression: further cells, so that no suppressed cell can
//     be worked out from the published ones through the row totals, the
//     column totals or the hierarchy. Complements are chosen greedily
//     (the smallest non-zero cell of an equation that would otherwise
//     reveal its one hidden cell), then an audit bounds every hidden cell
//     by propagating the equations with non-negative counts and hides
//     more until no hidden cell is pinned to one value.
//
// Protect is deterministic: the same counts give the same pattern, so the
// pattern is computed once per figure and period and every table and
// export is cut from that one result (two exports never differ in what
// they hide, so differencing them reveals nothing).
package disclose

import "math"

// Defaults of disclosure control.
const (
	// MinCount: cells of fewer clients (but more than none) are hidden.
	MinCount = 5
	// DominanceShare: an aggregate cell is hidden when one office gives
	// at least this share of it.
	DominanceShare = 0.85
)

// Row is a row of a table: Parent is the index of its parent row (-1 for
// the root); a parent comes before its children.
type Row struct {
	Key    string
	Parent int
}

// Options tune Protect.
type Options struct {
	// MinCount overrides the threshold (0: MinCount).
	MinCount int
	// Dominance applies the dominance rule to aggregate rows: for tables
	// whose office rows are not published.
	Dominance bool
	// DominanceAt, when set, narrows the dominance rule to the aggregate
	// rows it accepts (the rows published without their offices: the
	// state and the regions, not a district of one office, which is that
	// office).
	DominanceAt func(row int) bool
}

// Table holds the counts of a hierarchical table: leaf rows are set, the
// others summed by Build.
type Table struct {
	rows []Row
	cols int // categories; the total is column cols
	// parts split the categories into classifications of the same
	// clients ([start, end) each): by age, by gender, … Each part sums to
	// the row's total, so one table carries every breakdown that shares
	// the total and they are protected together (a total hidden in one
	// breakdown cannot be worked out from another).
	parts    [][2]int
	counts   [][]int
	top      [][]int // the largest leaf contribution below a cell
	children [][]int
	built    bool
}

// NewTable makes an empty table of rows (parents first) and cols
// categories.
func NewTable(rows []Row, cols int) *Table { return NewTableParts(rows, []int{cols}) }

// NewTableParts makes an empty table whose categories are several
// classifications of the same clients: parts[i] categories each, in
// order; every part of a row sums to the row's total.
func NewTableParts(rows []Row, parts []int) *Table {
	cols := 0
	var spans [][2]int
	for _, n := range parts {
		spans = append(spans, [2]int{cols, cols + n})
		cols += n
	}
	t := &Table{rows: rows, cols: cols, parts: spans, counts: make([][]int, len(rows)), top: make([][]int, len(rows)), children: make([][]int, len(rows))}
	for i, r := range rows {
		t.counts[i], t.top[i] = make([]int, cols+1), make([]int, cols+1)
		if r.Parent >= 0 {
			t.children[r.Parent] = append(t.children[r.Parent], i)
		}
	}
	return t
}

// Set sets a leaf row's count in a category.
func (t *Table) Set(row, col, n int) {
	t.counts[row][col] = n
	t.built = false
}

// Build sums the leaves into totals and parents (children after parents,
// so from the end).
func (t *Table) Build() {
	for i := len(t.rows) - 1; i >= 0; i-- {
		if len(t.children[i]) > 0 {
			for c := range t.cols + 1 {
				t.counts[i][c], t.top[i][c] = 0, 0
				for _, ch := range t.children[i] {
					t.counts[i][c] += t.counts[ch][c]
					t.top[i][c] = max(t.top[i][c], t.top[ch][c])
				}
			}
			continue
		}
		sum := 0
		for c := range t.cols {
			if c < t.parts[0][1] {
				sum += t.counts[i][c]
			}
			t.top[i][c] = t.counts[i][c]
		}
		t.counts[i][t.cols], t.top[i][t.cols] = sum, sum
	}
	t.built = true
}

// Consistent reports the first leaf row whose parts do not all sum to
// its total (the breakdowns of one row must count the same clients), or
// -1. Build must have run.
func (t *Table) Consistent() int {
	for i := range t.rows {
		for _, p := range t.parts[1:] {
			sum := 0
			for c := p[0]; c < p[1]; c++ {
				sum += t.counts[i][c]
			}
			if sum != t.counts[i][t.cols] {
				return i
			}
		}
	}
	return -1
}

// Count is a cell's true count (for the protected result's published
// cells; never publish it for a hidden one).
func (t *Table) Count(row, col int) int { return t.counts[row][col] }

// cell names a cell.
type cell struct{ row, col int }

// equations lists the table's additivity: each as its terms and the
// total they sum to.
func (t *Table) equations() [][]cell {
	var out [][]cell
	for r := range t.rows {
		for _, p := range t.parts {
			eq := make([]cell, 0, p[1]-p[0]+1)
			for c := p[0]; c < p[1]; c++ {
				eq = append(eq, cell{r, c})
			}
			out = append(out, append(eq, cell{r, t.cols}))
		}
		if len(t.children[r]) == 0 {
			continue
		}
		for c := range t.cols + 1 {
			eq := make([]cell, 0, len(t.children[r])+1)
			for _, ch := range t.children[r] {
				eq = append(eq, cell{ch, c})
			}
			out = append(out, append(eq, cell{r, c}))
		}
	}
	return out
}

// Result is a protected table: which cells are hidden, and why.
type Result struct {
	t *Table
	// hidden and primary by [row][col].
	hidden, primary [][]bool
}

// Hidden reports whether a cell must be shown as "·".
func (r *Result) Hidden(row, col int) bool { return r.hidden[row][col] }

// Primary reports whether a cell is hidden for its own sake (few clients
// or a dominating office), not as a complement.
func (r *Result) Primary(row, col int) bool { return r.primary[row][col] }

// Value is what may be published of a cell: its count, or ok false.
func (r *Result) Value(row, col int) (n int, ok bool) {
	if r.hidden[row][col] {
		return 0, false
	}
	return r.t.counts[row][col], true
}

// Protect decides which cells of t to hide.
func Protect(t *Table, o Options) *Result {
	if !t.built {
		t.Build()
	}
	minCount := o.MinCount
	if minCount <= 0 {
		minCount = MinCount
	}
	res := &Result{t: t, hidden: make([][]bool, len(t.rows)), primary: make([][]bool, len(t.rows))}
	for r := range t.rows {
		res.hidden[r], res.primary[r] = make([]bool, t.cols+1), make([]bool, t.cols+1)
		for c := range t.cols + 1 {
			n := t.counts[r][c]
			dominated := o.Dominance && (o.DominanceAt == nil || o.DominanceAt(r)) && len(t.children[r]) > 0 && n > 0 &&
				float64(t.top[r][c]) >= DominanceShare*float64(n)
			if (n > 0 && n < minCount) || dominated {
				res.hidden[r][c], res.primary[r][c] = true, true
			}
		}
	}
	eqs := t.equations()
	for {
		changed := res.complete(eqs)
		if res.audit(eqs) {
			changed = true
		}
		if !changed {
			return res
		}
	}
}

// complete hides a complement in every equation with exactly one hidden
// cell, until there is none; it reports whether it hid anything.
func (r *Result) complete(eqs [][]cell) bool {
	any := false
	for {
		changed := false
		for _, eq := range eqs {
			hidden := 0
			for _, x := range eq {
				if r.hidden[x.row][x.col] {
					hidden++
				}
			}
			if hidden == 1 {
				r.hideComplement(eq)
				changed, any = true, true
			}
		}
		if !changed {
			return any
		}
	}
}

// hideComplement hides the shown cell of eq that costs least: the
// smallest non-zero count, a category before a total, the first in order.
func (r *Result) hideComplement(eq []cell) {
	best, bestCost := -1, math.MaxInt
	for i, x := range eq {
		if r.hidden[x.row][x.col] {
			continue
		}
		n := r.t.counts[x.row][x.col]
		cost := n * 2
		if n == 0 {
			cost = math.MaxInt / 4 // a zero protects least: last choice
		}
		if x.col == r.t.cols {
			cost++ // a total carries more: prefer a category
		}
		if cost < bestCost {
			best, bestCost = i, cost
		}
	}
	if best >= 0 {
		x := eq[best]
		r.hidden[x.row][x.col] = true
	}
}

// audit works out what it can of the hidden cells (pinned, audit.go)
// and, for each one pinned, hides one more cell of an equation it is in;
// it reports whether it hid anything.
func (r *Result) audit(eqs [][]cell) bool {
	pinned := r.pinned(eqs)
	hid := false
	for _, p := range pinned {
		for _, eq := range eqs {
			if !contains(eq, p) {
				continue
			}
			before := r.countHidden(eq)
			r.hideComplement(eq)
			if r.countHidden(eq) > before {
				hid = true
				break
			}
		}
	}
	return hid
}

func contains(eq []cell, x cell) bool {
	for _, y := range eq {
		if y == x {
			return true
		}
	}
	return false
}

func (r *Result) countHidden(eq []cell) int {
	n := 0
	for _, x := range eq {
		if r.hidden[x.row][x.col] {
			n++
		}
	}
	return n
}

// Equation is sum(Terms) = Total over cells named [row, col].
type Equation struct {
	Terms [][2]int
	Total [2]int
}

func eqsOf(eqs [][]cell) []Equation {
	out := make([]Equation, len(eqs))
	for i, eq := range eqs {
		for _, x := range eq[:len(eq)-1] {
			out[i].Terms = append(out[i].Terms, [2]int{x.row, x.col})
		}
		last := eq[len(eq)-1]
		out[i].Total = [2]int{last.row, last.col}
	}
	return out
}

// Equations lists t's additivity constraints (for tests and audits).
func (t *Table) Equations() []Equation { return eqsOf(t.equations()) }

// Propagate narrows the bounds lo/hi of every cell through the equations
// until nothing changes: a term lies between the total's bounds minus
// the other terms' bounds, a total between the sums of its terms'.
func Propagate(eqs []Equation, lo, hi [][]int) {
	for changed := true; changed; {
		changed = false
		for _, eq := range eqs {
			sumLo, sumHi := 0, 0
			for _, x := range eq.Terms {
				sumLo += lo[x[0]][x[1]]
				sumHi += hi[x[0]][x[1]]
			}
			tr, tc := eq.Total[0], eq.Total[1]
			if sumLo > lo[tr][tc] {
				lo[tr][tc], changed = sumLo, true
			}
			if sumHi < hi[tr][tc] {
				hi[tr][tc], changed = sumHi, true
			}
			for _, x := range eq.Terms {
				othersLo, othersHi := sumLo-lo[x[0]][x[1]], sumHi-hi[x[0]][x[1]]
				if v := lo[tr][tc] - othersHi; v > lo[x[0]][x[1]] {
					lo[x[0]][x[1]], changed = v, true
				}
				if v := hi[tr][tc] - othersLo; v < hi[x[0]][x[1]] {
					hi[x[0]][x[1]], changed = v, true
				}
			}
		}
	}
}
