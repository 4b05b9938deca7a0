package stats

// The funders' view: per program, the program's column of every family
// (so its cells are hidden exactly as in the breakdowns) and the funded
// posts' full-time equivalents.

// ProgramFamilies are the columns of a program's table, in order.
var ProgramFamilies = []Family{Clients, Intakes, Closures, Contacts, Goals}

// ProgramRow is one unit's figures of one program.
type ProgramRow struct {
	Unit
	Depth int
	// Cells are the program's count in each of ProgramFamilies.
	Cells []Cell
	// FTE is the funded posts in hundredths (state and regions only: a
	// post belongs to an organisation's region, not always to an office);
	// HasFTE is false below the regions.
	FTE    int
	HasFTE bool
}

// ProgramTable is one program's rows for a unit and the units below it.
type ProgramTable struct {
	Program string
	Rows    []ProgramRow
}

// ProgramTables cuts every program's table for unit u down to depth.
func (s *Snapshot) ProgramTables(u Unit, depth int) []ProgramTable {
	var out []ProgramTable
	for i, program := range s.families[Clients].part(DimProgram).keys {
		t := ProgramTable{Program: program}
		byFamily := make([]Figure, len(ProgramFamilies))
		for k, f := range ProgramFamilies {
			byFamily[k] = s.Figure(f, DimProgram, u, depth)
		}
		for r, row := range byFamily[0].Rows {
			pr := ProgramRow{Unit: row.Unit, Depth: row.Depth}
			for _, fig := range byFamily {
				pr.Cells = append(pr.Cells, fig.cell(r, program, i))
			}
			if row.Level <= RegionLevel {
				pr.FTE, pr.HasFTE = s.fte[[2]string{program, row.ID}], true
			}
			t.Rows = append(t.Rows, pr)
		}
		out = append(out, t)
	}
	return out
}

// cell is row r's cell of category key (at index hint when the keys
// agree), or an empty one when the breakdown does not name the key.
func (f Figure) cell(r int, key string, hint int) Cell {
	if hint < len(f.Keys) && f.Keys[hint] == key {
		return f.Rows[r].Cells[hint]
	}
	for i, k := range f.Keys {
		if k == key {
			return f.Rows[r].Cells[i]
		}
	}
	return Cell{}
}
