package statsview

import (
	"fmt"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
)

// Export holds the figures of a unit and every unit below it (to depth),
// for every family and breakdown, cut from one snapshot.
type Export struct {
	Snap  *stats.Snapshot
	Unit  stats.Unit
	Depth int
	// Families limits the export (nil: all).
	Families []stats.Family
}

// FamilyList is the families the export holds.
func (e Export) FamilyList() []stats.Family {
	if e.Families != nil {
		return e.Families
	}
	return stats.Families
}

// Long is the export as one long table (CSV, open data): a line per
// unit, breakdown and category, with the category's key and name, the
// count, and whether it is suppressed (then the count is empty).
func (n Namer) Long(e Export) tabular.Table {
	t := tabular.Table{Sheet: "Statistik", Numeric: true, Header: []string{
		n.T("stats.col.from"), n.T("stats.col.to"), n.T("stats.col.level"), n.T("stats.col.id"), n.T("stats.col.unit"),
		n.T("stats.col.family"), n.T("stats.col.dim"), n.T("stats.col.key"), n.T("stats.col.category"),
		n.T("stats.col.count"), n.T("stats.col.suppressed")}}
	from, to := e.Snap.Period.From.Format("2006-01-02"), e.Snap.Period.To.Format("2006-01-02")
	for _, f := range e.FamilyList() {
		for _, d := range stats.Dims(f) {
			fig := e.Snap.Figure(f, d, e.Unit, e.Depth)
			keys := append(append([]string(nil), fig.Keys...), stats.Total)
			for _, r := range fig.Rows {
				for i, k := range keys {
					count, suppressed := strconv.Itoa(r.Cells[i].N), ""
					if r.Cells[i].Hidden {
						count, suppressed = "", "1"
					}
					t.Rows = append(t.Rows, []string{from, to, r.Level.String(), r.ID, n.Unit(r.Unit), string(f), string(d), k,
						n.Category(d, k), count, suppressed})
				}
			}
		}
	}
	return t
}

// Sheets is the export as one worksheet per breakdown (XLSX): a row per
// unit, a column per category, "·" for a suppressed cell.
func (n Namer) Sheets(e Export) []tabular.Table {
	var out []tabular.Table
	for _, f := range e.FamilyList() {
		for _, d := range stats.Dims(f) {
			fig := e.Snap.Figure(f, d, e.Unit, e.Depth)
			t := tabular.Table{Sheet: sheetName(len(out)+1, f, d), Numeric: true,
				Header: []string{n.T("stats.col.level"), n.T("stats.col.id"), n.T("stats.col.unit")}}
			for _, k := range fig.Keys {
				t.Header = append(t.Header, n.Category(d, k))
			}
			t.Header = append(t.Header, n.T("stats.total"))
			for _, r := range fig.Rows {
				row := []string{n.T("stats.level." + r.Level.String()), r.ID, n.Unit(r.Unit)}
				for _, c := range r.Cells {
					row = append(row, cellText(c))
				}
				t.Rows = append(t.Rows, row)
			}
			out = append(out, t)
		}
	}
	return append(out, n.legendSheet(e))
}

func cellText(c stats.Cell) string {
	if c.Hidden {
		return Hidden
	}
	return strconv.Itoa(c.N)
}

// sheetName is short and unique (XLSX allows 31 characters).
func sheetName(i int, f stats.Family, d stats.Dim) string {
	s := fmt.Sprintf("%02d %s %s", i, f, d)
	if len(s) > 31 {
		s = s[:31]
	}
	return s
}

// legendSheet explains the workbook: period, date of the data, the mark.
func (n Namer) legendSheet(e Export) tabular.Table {
	return tabular.Table{Sheet: "Legende", Header: []string{n.T("stats.col.item"), n.T("stats.col.value")}, Rows: [][]string{
		{n.T("stats.col.from"), e.Snap.Period.From.Format("2006-01-02")},
		{n.T("stats.col.to"), e.Snap.Period.To.Format("2006-01-02")},
		{n.T("stats.col.data_date"), e.Snap.Computed.UTC().Format("2006-01-02 15:04 UTC")},
		{Hidden, n.T("stats.legend")},
	}}
}
