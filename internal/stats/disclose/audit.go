package disclose

import (
	"math"
	"slices"
)

// The audit attacks the hidden cells the way a careful reader would: the
// published cells and the table's equations form a linear system in the
// hidden cells. Reduced to row echelon form it names every hidden cell
// the system fixes outright, and its rows (combinations of the original
// equations: "this cell equals that one", "these two add up to 60")
// bound the cells further when propagated with the facts that counts are
// whole and never negative. A cell whose bounds meet is pinned.

// linear is one equation over a set of hidden cells, dense:
// sum(coef[j] * x_j) = rhs (the echelon works on these).
type linear struct {
	coef []float64
	rhs  float64
}

// sparse is one equation with its non-zero terms only (propagation).
type sparse struct {
	vars []int
	coef []float64
	rhs  float64
}

const eps = 1e-9

// pinned lists the hidden cells the audit can work out. Hidden cells
// that share no equation, directly or through others, cannot tell
// anything about each other, so the system is split into its connected
// components and each is reduced on its own: a table of a few thousand
// hidden cells falls into many small systems instead of one large one.
func (r *Result) pinned(eqs [][]cell) []cell {
	t := r.t
	var vars []cell
	index := map[cell]int{}
	for i := range t.rows {
		for c := range t.cols + 1 {
			if r.hidden[i][c] {
				index[cell{i, c}] = len(vars)
				vars = append(vars, cell{i, c})
			}
		}
	}
	if len(vars) == 0 {
		return nil
	}
	system := r.sparseSystem(eqs, index)
	grand := 0
	for i, row := range t.rows {
		if row.Parent < 0 {
			grand += t.counts[i][t.cols]
		}
	}
	var out []cell
	for _, comp := range components(len(vars), system) {
		for _, j := range auditComponent(comp.vars, comp.eqs, grand) {
			out = append(out, vars[j])
		}
	}
	return out
}

// sparseSystem writes the equations that hold a hidden cell over the
// hidden cells (index), the published cells moved to the right side.
func (r *Result) sparseSystem(eqs [][]cell, index map[cell]int) []sparse {
	var system []sparse
	for _, eq := range eqs {
		if !r.touches(eq) {
			continue // all published: says nothing of a hidden cell
		}
		var l sparse
		for i, x := range eq {
			sign := 1.0
			if i == len(eq)-1 {
				sign = -1 // the total
			}
			if j, ok := index[x]; ok {
				l.vars = append(l.vars, j)
				l.coef = append(l.coef, sign)
			} else {
				l.rhs -= sign * float64(r.t.counts[x.row][x.col])
			}
		}
		system = append(system, l)
	}
	return system
}

// component is a connected set of hidden cells and their equations.
type component struct {
	vars []int
	eqs  []sparse
}

// components splits the system by which hidden cells share equations.
func components(n int, system []sparse) []component {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, l := range system {
		for _, v := range l.vars[1:] {
			parent[root(v)] = root(l.vars[0])
		}
	}
	byRoot := map[int]int{}
	var out []component
	for v := range n {
		rt := root(v)
		k, ok := byRoot[rt]
		if !ok {
			k = len(out)
			byRoot[rt] = k
			out = append(out, component{})
		}
		out[k].vars = append(out[k].vars, v)
	}
	for _, l := range system {
		k := byRoot[root(l.vars[0])]
		out[k].eqs = append(out[k].eqs, l)
	}
	return out
}

// auditComponent reduces one component and bounds its cells; it returns
// the (global) variables pinned to one value.
func auditComponent(vars []int, eqs []sparse, grand int) []int {
	local := make(map[int]int, len(vars))
	for i, v := range vars {
		local[v] = i
	}
	system := make([]sparse, len(eqs))
	for k, l := range eqs {
		s := sparse{vars: make([]int, len(l.vars)), coef: l.coef, rhs: l.rhs}
		for i, v := range l.vars {
			s.vars[i] = local[v]
		}
		system[k] = s
	}
	system = append(system, reduce(len(vars), system)...)
	lo, hi := make([]float64, len(vars)), make([]float64, len(vars))
	for j := range vars {
		hi[j] = float64(grand)
	}
	propagateLinear(system, lo, hi)
	var out []int
	for j, v := range vars {
		if hi[j]-lo[j] < 1-eps {
			out = append(out, v)
		}
	}
	return out
}

// touches reports whether eq holds a hidden cell.
func (r *Result) touches(eq []cell) bool {
	for _, x := range eq {
		if r.hidden[x.row][x.col] {
			return true
		}
	}
	return false
}

// reduce brings the system of n variables to reduced row echelon form
// and returns its non-zero rows. The equations of a table are sparse (a
// hidden cell sits in two or three of them), so the elimination keeps
// rows sparse and, for each variable, pivots on the shortest row holding
// it (least fill-in), largest coefficient first among equals.
func reduce(n int, system []sparse) []sparse {
	rows := make([]map[int]float64, len(system))
	rhs := make([]float64, len(system))
	holders := make([]map[int]struct{}, n) // variable → rows holding it
	for j := range holders {
		holders[j] = map[int]struct{}{}
	}
	for i, l := range system {
		rows[i] = make(map[int]float64, len(l.vars))
		for k, v := range l.vars {
			rows[i][v] += l.coef[k]
			holders[v][i] = struct{}{}
		}
		rhs[i] = l.rhs
	}
	order := make([]int, n)
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(holders[a]) - len(holders[b]) })
	isPivot := make([]bool, len(rows))
	var pivots []int
	for _, v := range order {
		p := pivotFor(v, rows, holders[v], isPivot)
		if p < 0 {
			continue
		}
		isPivot[p] = true
		pivots = append(pivots, p)
		f := rows[p][v]
		for k := range rows[p] {
			rows[p][k] /= f
		}
		rhs[p] /= f
		for i := range holders[v] {
			if i != p {
				eliminate(rows, rhs, holders, i, p, v)
			}
		}
	}
	out := make([]sparse, 0, len(pivots))
	for _, p := range pivots {
		l := sparse{rhs: rhs[p]}
		for k := range rows[p] {
			l.vars = append(l.vars, k)
		}
		slices.Sort(l.vars)
		for _, k := range l.vars {
			l.coef = append(l.coef, rows[p][k])
		}
		out = append(out, l)
	}
	return out
}

// pivotFor picks the row to pivot variable v on: not yet a pivot, with
// the fewest terms, then the largest |coefficient|, then the lowest index
// (deterministic); -1 when no such row holds v.
func pivotFor(v int, rows []map[int]float64, holders map[int]struct{}, isPivot []bool) int {
	best := -1
	for i := range holders {
		a := math.Abs(rows[i][v])
		if isPivot[i] || a <= eps {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		lb, li := len(rows[best]), len(rows[i])
		ab := math.Abs(rows[best][v])
		if li < lb || (li == lb && (a > ab+eps || (math.Abs(a-ab) <= eps && i < best))) {
			best = i
		}
	}
	return best
}

// eliminate subtracts row p (normalised on v) from row i so that v
// leaves row i, keeping the holders of each variable up to date.
func eliminate(rows []map[int]float64, rhs []float64, holders []map[int]struct{}, i, p, v int) {
	g := rows[i][v]
	for k, a := range rows[p] {
		x := rows[i][k] - g*a
		if math.Abs(x) <= eps {
			delete(rows[i], k)
			delete(holders[k], i)
			continue
		}
		rows[i][k] = x
		holders[k][i] = struct{}{}
	}
	rhs[i] -= g * rhs[p]
}

// propagateLinear narrows lo/hi of the variables through the equations
// (whole numbers: bounds are rounded inwards) until nothing changes.
func propagateLinear(system []sparse, lo, hi []float64) {
	for round := 0; round < 200; round++ {
		changed := false
		for _, l := range system {
			minSum, maxSum := 0.0, 0.0
			for i, j := range l.vars {
				if a := l.coef[i]; a > 0 {
					minSum += a * lo[j]
					maxSum += a * hi[j]
				} else {
					minSum += a * hi[j]
					maxSum += a * lo[j]
				}
			}
			for i, j := range l.vars {
				a := l.coef[i]
				// a*x_j = rhs - (others): others lie in [minSum - own, maxSum - own].
				ownMin, ownMax := a*lo[j], a*hi[j]
				if a < 0 {
					ownMin, ownMax = a*hi[j], a*lo[j]
				}
				restMin, restMax := minSum-ownMin, maxSum-ownMax
				x1, x2 := (l.rhs-restMax)/a, (l.rhs-restMin)/a
				if x1 > x2 {
					x1, x2 = x2, x1
				}
				if v := math.Ceil(x1 - eps); v > lo[j]+eps {
					lo[j], changed = v, true
				}
				if v := math.Floor(x2 + eps); v < hi[j]-eps {
					hi[j], changed = v, true
				}
			}
		}
		if !changed {
			return
		}
	}
}
