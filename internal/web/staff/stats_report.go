package staff

import (
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/pdfdoc"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// statsReport is the annual report of e.Unit as a PDF's content: the unit's
// headline figures against the year before, every breakdown with the
// units below it and a chart of the unit's own row, and then – for the
// state – a section on a new page for each region.
func statsReport(n statsview.Namer, e statsview.Export, prev *stats.Snapshot) pdfdoc.StatsReport {
	rep := pdfdoc.StatsReport{
		Title:    n.T("stats.report_title", "Year", e.Snap.Period.From.Year()),
		Subtitle: n.T("stats.report_subtitle", "Unit", n.Unit(e.Unit)),
		Facts: [][2]string{
			{n.T("stats.col.from"), e.Snap.Period.From.Format("02.01.2006")},
			{n.T("stats.col.to"), e.Snap.Period.To.Format("02.01.2006")},
			{n.T("stats.col.data_date"), e.Snap.Computed.UTC().Format("02.01.2006 15:04 UTC")},
		},
		Legend: statsview.Hidden + " " + n.T("stats.legend"),
		Footer: n.T("stats.report_footer"),
	}
	rep.Sections = append(rep.Sections, reportSection(n, e, prev, e.Unit, false), programSection(n, e))
	if e.Unit.Level == stats.StateLevel {
		for _, region := range e.Snap.Children(e.Unit) {
			rep.Sections = append(rep.Sections, reportSection(n, e, prev, region, true))
		}
	}
	return rep
}

func reportSection(n statsview.Namer, e statsview.Export, prev *stats.Snapshot, u stats.Unit, newPage bool) pdfdoc.StatsSection {
	sec := pdfdoc.StatsSection{Heading: n.Unit(u), NewPage: newPage}
	sec.Tables = append(sec.Tables, headlineTable(n, e, prev, u))
	for _, f := range e.FamilyList() {
		for _, d := range stats.Dims(f) {
			sec.Tables = append(sec.Tables, reportTable(n, e.Snap.Figure(f, d, u, 1)))
		}
	}
	return sec
}

// headlineTable sets the year's totals beside the year before's.
func headlineTable(n statsview.Namer, e statsview.Export, prev *stats.Snapshot, u stats.Unit) pdfdoc.StatsTable {
	t := pdfdoc.StatsTable{Title: n.T("stats.headline"), Columns: []string{"", n.T("stats.this_period"), n.T("stats.previous_period")}}
	for _, f := range e.FamilyList() {
		t.Rows = append(t.Rows, pdfdoc.StatsRow{Cells: []string{n.T("stats.family." + string(f)),
			n.Cell(e.Snap.Total(f, u)), n.Cell(prev.Total(f, u))}})
	}
	return t
}

func reportTable(n statsview.Namer, fig stats.Figure) pdfdoc.StatsTable {
	t := pdfdoc.StatsTable{Title: n.Title(fig.Family, fig.Dim), Columns: []string{n.T("stats.unit")}}
	for _, k := range fig.Keys {
		t.Columns = append(t.Columns, n.Category(fig.Dim, k))
	}
	t.Columns = append(t.Columns, n.T("stats.total"))
	for _, r := range fig.Rows {
		row := pdfdoc.StatsRow{Cells: []string{strings.TrimSpace(n.Unit(r.Unit))}, Level: r.Depth, Bold: r.Depth == 0}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, n.Cell(c))
		}
		t.Rows = append(t.Rows, row)
	}
	if len(fig.Rows) > 0 {
		for i, k := range fig.Keys {
			c := fig.Rows[0].Cells[i]
			t.Chart = append(t.Chart, pdfdoc.StatsBar{Label: n.Category(fig.Dim, k), N: c.N, Hidden: c.Hidden})
		}
	}
	return t
}

// programSection is the funders' part: per program its figures and posts
// for the unit and the units below it.
func programSection(n statsview.Namer, e statsview.Export) pdfdoc.StatsSection {
	sec := pdfdoc.StatsSection{Heading: n.T("statsstaff.programs_section", "Unit", n.Unit(e.Unit)), NewPage: true}
	for _, pt := range e.Snap.ProgramTables(e.Unit, 1) {
		name := n.Category(stats.DimProgram, pt.Program)
		t := pdfdoc.StatsTable{Title: n.T("statsstaff.program_table", "Program", name), Columns: []string{n.T("stats.unit")}}
		for _, f := range stats.ProgramFamilies {
			t.Columns = append(t.Columns, n.T("stats.family."+string(f)))
		}
		t.Columns = append(t.Columns, n.T("statsstaff.fte"), n.T("statsstaff.per_fte"))
		for _, r := range pt.Rows {
			row := pdfdoc.StatsRow{Cells: []string{n.Unit(r.Unit)}, Level: r.Depth, Bold: r.Depth == 0}
			for _, c := range r.Cells {
				row.Cells = append(row.Cells, n.Cell(c))
			}
			fte, per := n.ProgramPosts(r)
			row.Cells = append(row.Cells, fte, per)
			t.Rows = append(t.Rows, row)
			if r.Depth == 1 {
				t.Chart = append(t.Chart, pdfdoc.StatsBar{Label: n.Unit(r.Unit), N: r.Cells[0].N, Hidden: r.Cells[0].Hidden})
			}
		}
		sec.Tables = append(sec.Tables, t)
	}
	return sec
}
