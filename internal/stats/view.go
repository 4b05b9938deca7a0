package stats

import (
	"errors"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
)

// ErrNotFound answers a unit that does not exist or that the viewer may
// not see: the same answer, so nobody learns which offices exist where.
var ErrNotFound = errors.New("stats: no such unit")

// Cell is one published count: N, or Hidden ("·"; N is then 0).
type Cell struct {
	N      int
	Hidden bool
}

// Unit names a row of the hierarchy.
type Unit struct {
	Level Level
	ID    string
	Name  string
}

// Row is one unit's cells of a breakdown: one per category, then the total.
type Row struct {
	Unit
	Cells []Cell
	// Depth is the row's indentation below the figure's first row.
	Depth int
}

// Figure is one breakdown cut for one unit: its own row first, then the
// rows below it (to the depth asked for).
type Figure struct {
	Family Family
	Dim    Dim
	// Keys are the categories, in column order; the last cell of a row is
	// the total.
	Keys []string
	Rows []Row
}

// Scope resolves the unit at level/id for v: ErrNotFound when there is
// none or v may not see it.
func (s *Snapshot) Scope(v Viewer, l Level, id string) (Unit, error) {
	r := find(s.rows, l, id)
	if r < 0 || !v.sees(s, r) {
		return Unit{}, ErrNotFound
	}
	return s.unit(r), nil
}

func (s *Snapshot) unit(r int) Unit {
	return Unit{Level: s.rows[r].Level, ID: s.rows[r].ID, Name: s.rows[r].Name}
}

// State is the top unit (the public page's: its rows below are regions).
func (s *Snapshot) State() Unit { return s.unit(0) }

// Home is the unit v's statistics open on: the state, the first region
// coordinated, the first office led; ok false for a viewer without tables.
func (s *Snapshot) Home(v Viewer) (Unit, bool) {
	switch {
	case v.statewide:
		return s.unit(0), true
	case len(v.regions) > 0:
		if u, err := s.Scope(v, RegionLevel, v.regions[0]); err == nil {
			return u, true
		}
	case len(v.offices) > 0:
		if u, err := s.Scope(v, OfficeLevel, v.offices[0]); err == nil {
			return u, true
		}
	}
	return Unit{}, false
}

// Figure cuts one breakdown for unit u (which Scope returned): u's row
// and the rows below it down to depth levels (0: u alone). Hidden cells
// stay hidden: the values come from the one protected table.
func (s *Snapshot) Figure(f Family, d Dim, u Unit, depth int) Figure {
	ft := s.families[f]
	pc := ft.part(d)
	fig := Figure{Family: f, Dim: d, Keys: pc.keys}
	r := find(s.rows, u.Level, u.ID)
	if r < 0 {
		return fig
	}
	var walk func(r, level int)
	walk = func(r, level int) {
		fig.Rows = append(fig.Rows, Row{Unit: s.unit(r), Depth: level, Cells: ft.cells(r, pc)})
		if level < depth {
			for _, c := range children(s.rows, r) {
				walk(c, level+1)
			}
		}
	}
	walk(r, 0)
	return fig
}

// Total is unit u's total of family f (the clients counseled, the
// contacts, …), protected like every other cell.
func (s *Snapshot) Total(f Family, u Unit) Cell {
	ft := s.families[f]
	r := find(s.rows, u.Level, u.ID)
	if r < 0 {
		return Cell{}
	}
	return ft.cell(r, ft.totalCol())
}

// Children are the units directly below u (for drilling down).
func (s *Snapshot) Children(u Unit) []Unit {
	var out []Unit
	if r := find(s.rows, u.Level, u.ID); r >= 0 {
		for _, c := range children(s.rows, r) {
			out = append(out, s.unit(c))
		}
	}
	return out
}

// Parent is the unit above u (ok false for the state).
func (s *Snapshot) Parent(u Unit) (Unit, bool) {
	r := find(s.rows, u.Level, u.ID)
	if r <= 0 {
		return Unit{}, false
	}
	return s.unit(s.rows[r].parent), true
}

// Protected gives family f's table and its protection, for audits that
// attack the published cells (tests, kmn bench); pages use Figure.
func (s *Snapshot) Protected(f Family) (*disclose.Table, *disclose.Result) {
	ft := s.families[f]
	return ft.table, ft.result
}

func (ft *familyTable) part(d Dim) partCols {
	i := slices.IndexFunc(ft.parts, func(p partCols) bool { return p.dim == d })
	if i < 0 {
		return partCols{dim: d}
	}
	return ft.parts[i]
}

func (ft *familyTable) totalCol() int {
	last := ft.parts[len(ft.parts)-1]
	return last.start + len(last.keys)
}

func (ft *familyTable) cell(r, c int) Cell {
	n, ok := ft.result.Value(r, c)
	return Cell{N: n, Hidden: !ok}
}

// cells are row r's cells of one breakdown, then the total.
func (ft *familyTable) cells(r int, pc partCols) []Cell {
	out := make([]Cell, 0, len(pc.keys)+1)
	for c := range pc.keys {
		out = append(out, ft.cell(r, pc.start+c))
	}
	return append(out, ft.cell(r, ft.totalCol()))
}
