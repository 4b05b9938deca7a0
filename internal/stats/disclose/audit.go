package disclose

import "math"

// The audit attacks the hidden cells the way a careful reader would: the
// published cells and the table's equations form a linear system in the
// hidden cells. Reduced to row echelon form it names every hidden cell
// the system fixes outright, and its rows (combinations of the original
// equations: "this cell equals that one", "these two add up to 60")
// bound the cells further when propagated with the facts that counts are
// whole and never negative. A cell whose bounds meet is pinned.

// linear is one equation: sum(coef[i] * x[vars[i]]) = rhs.
type linear struct {
	coef []float64 // by hidden-variable index (dense)
	rhs  float64
}

const eps = 1e-9

// pinned lists the hidden cells the audit can work out.
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
	var system []linear
	for _, eq := range eqs {
		l := linear{coef: make([]float64, len(vars))}
		for i, x := range eq {
			sign := 1.0
			if i == len(eq)-1 {
				sign = -1 // the total
			}
			if j, ok := index[x]; ok {
				l.coef[j] += sign
			} else {
				l.rhs -= sign * float64(t.counts[x.row][x.col])
			}
		}
		system = append(system, l)
	}
	reduced := echelon(append([]linear(nil), clones(system)...))
	lo, hi := make([]float64, len(vars)), make([]float64, len(vars))
	grand := 0
	for i, row := range t.rows {
		if row.Parent < 0 {
			grand += t.counts[i][t.cols]
		}
	}
	for j := range vars {
		hi[j] = float64(grand)
	}
	propagateLinear(append(system, reduced...), lo, hi)
	var out []cell
	for j, v := range vars {
		if hi[j]-lo[j] < 1-eps {
			out = append(out, v)
		}
	}
	return out
}

func clones(ls []linear) []linear {
	out := make([]linear, len(ls))
	for i, l := range ls {
		out[i] = linear{coef: append([]float64(nil), l.coef...), rhs: l.rhs}
	}
	return out
}

// echelon reduces the system to reduced row echelon form (partial
// pivoting) and returns its non-zero rows.
func echelon(rows []linear) []linear {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0].coef)
	pivotRow := 0
	for col := 0; col < n && pivotRow < len(rows); col++ {
		best, bestAbs := -1, eps
		for i := pivotRow; i < len(rows); i++ {
			if a := math.Abs(rows[i].coef[col]); a > bestAbs {
				best, bestAbs = i, a
			}
		}
		if best < 0 {
			continue
		}
		rows[pivotRow], rows[best] = rows[best], rows[pivotRow]
		p := rows[pivotRow]
		f := p.coef[col]
		for k := range p.coef {
			p.coef[k] /= f
		}
		p.rhs /= f
		for i := range rows {
			if i == pivotRow {
				continue
			}
			if g := rows[i].coef[col]; math.Abs(g) > eps {
				for k := range rows[i].coef {
					rows[i].coef[k] -= g * p.coef[k]
				}
				rows[i].rhs -= g * p.rhs
			}
		}
		pivotRow++
	}
	return rows[:pivotRow]
}

// propagateLinear narrows lo/hi of the variables through the equations
// (whole numbers: bounds are rounded inwards) until nothing changes.
func propagateLinear(system []linear, lo, hi []float64) {
	for round := 0; round < 200; round++ {
		changed := false
		for _, l := range system {
			minSum, maxSum := 0.0, 0.0
			for j, a := range l.coef {
				switch {
				case a > eps:
					minSum += a * lo[j]
					maxSum += a * hi[j]
				case a < -eps:
					minSum += a * hi[j]
					maxSum += a * lo[j]
				}
			}
			for j, a := range l.coef {
				if math.Abs(a) <= eps {
					continue
				}
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
