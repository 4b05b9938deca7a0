// Package statsview presents the statistics (package stats) to people:
// category names in the reader's language, tables (site.List) and bar
// charts (package chart) cut from one protected figure, and the rows of
// exports. The staff and the public surface both show figures through it,
// so a hidden cell reads "·" with the same legend everywhere.
package statsview

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/stats/chart"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Hidden is the mark of a suppressed cell.
const Hidden = "·"

// Namer names categories and units in one language.
type Namer struct {
	T func(key string, kv ...any) string
	// Lang is the reader's language (names of countries and languages).
	Lang string
	// Programs names the registry's programs in Lang.
	Programs map[string]string
	printer  *message.Printer
}

// NewNamer makes a namer for b's language.
func NewNamer(b site.Base, programs map[string]string) Namer { return NamerFor(b.L, programs) }

// NamerFor makes a namer for l's language (a report in a language other
// than the page's).
func NamerFor(l *i18n.Localizer, programs map[string]string) Namer {
	return Namer{T: l.T, Lang: l.Lang, Programs: programs, printer: message.NewPrinter(language.Make(l.Lang))}
}

// Number prints n with the language's digit grouping.
func (n Namer) Number(v int) string {
	if n.printer == nil {
		return fmt.Sprint(v)
	}
	return n.printer.Sprintf("%d", v)
}

// Cell prints a published cell: its count or the mark.
func (n Namer) Cell(c stats.Cell) string {
	if c.Hidden {
		return Hidden
	}
	return n.Number(c.N)
}

// Category names one category of a breakdown.
func (n Namer) Category(d stats.Dim, key string) string {
	switch key {
	case stats.Other:
		if d != stats.DimResidence && d != stats.DimCloseReason {
			return n.T("stats.cat.other")
		}
	case stats.Unknown:
		return n.T("stats.cat.unknown")
	case stats.Total:
		return n.T("stats.total")
	}
	switch d {
	case stats.DimProgram:
		if name, ok := n.Programs[key]; ok {
			return name
		}
		return strings.ToUpper(key)
	case stats.DimCountry:
		return names.Country(n.Lang, strings.ToUpper(key))
	case stats.DimLanguage:
		return names.Language(n.Lang, key)
	case stats.DimTopic:
		return n.T("topic." + key)
	case stats.DimAge:
		return n.T("stats.age", "Group", key)
	case stats.DimArrival:
		return n.T("stats.arrival." + strings.ReplaceAll(strings.ReplaceAll(key, "-", "_"), "+", "plus"))
	}
	return n.T("stats." + string(d) + "." + key)
}

// Unit names a row: the state by the catalog, the others by the registry.
func (n Namer) Unit(u stats.Unit) string {
	if u.Level == stats.StateLevel {
		return n.T("stats.state")
	}
	return u.Name
}

// Title names a breakdown of a family ("Klient*innen nach Alter").
func (n Namer) Title(f stats.Family, d stats.Dim) string {
	return n.T("stats.figure", "Family", n.T("stats.family."+string(f)), "Dim", n.T("stats.dim."+string(d)))
}

// Table is fig as a table: a row per unit (linked by href when it returns
// one), a column per category and the total.
func (n Namer) Table(fig stats.Figure, href func(stats.Unit) string) site.List {
	l := site.List{Caption: n.Title(fig.Family, fig.Dim), RowHeader: true, Empty: n.T("stats.empty"), Wide: true}
	l.Columns = append(l.Columns, site.Column{Label: n.T("stats.unit")})
	for _, k := range fig.Keys {
		l.Columns = append(l.Columns, site.Column{Label: n.Category(fig.Dim, k), Num: true})
	}
	l.Columns = append(l.Columns, site.Column{Label: n.T("stats.total"), Num: true})
	for _, r := range fig.Rows {
		label := site.Cell{Text: strings.Repeat("\u00a0\u00a0", r.Depth) + n.Unit(r.Unit), Strong: r.Depth == 0}
		if r.Level != stats.StateLevel && n.Lang != "de" {
			label.Lang = "de" // the registry's names are German
		}
		if href != nil && r.Depth > 0 {
			label.Href = href(r.Unit)
		}
		cells := []site.Cell{label}
		for _, c := range r.Cells {
			cells = append(cells, site.Cell{Text: n.Cell(c)})
		}
		l.Rows = append(l.Rows, site.Row{Cells: cells})
	}
	return l
}

// Chart draws fig's first row (the unit itself) across the categories,
// with the previous period's row when prev has one.
func (n Namer) Chart(id string, fig stats.Figure, prev *stats.Figure, rtl bool) template.HTML {
	c := chart.Bars{ID: id, Title: n.Title(fig.Family, fig.Dim), Desc: n.T("stats.chart_desc"), RTL: rtl, Hidden: Hidden, Format: n.Number}
	if len(fig.Rows) == 0 {
		return c.SVG()
	}
	c.Bars = bars(n, fig)
	if prev != nil && len(prev.Rows) > 0 && slices.Equal(prev.Keys, fig.Keys) {
		c.Compare = bars(n, *prev)
	}
	return c.SVG()
}

func bars(n Namer, fig stats.Figure) []chart.Bar {
	row := fig.Rows[0]
	out := make([]chart.Bar, len(fig.Keys))
	for i, k := range fig.Keys {
		out[i] = chart.Bar{Label: n.Category(fig.Dim, k), N: row.Cells[i].N, Hidden: row.Cells[i].Hidden}
	}
	return out
}

// ProgramsFamily is the tab of the funders' view (not a stats.Family:
// its columns come from every family).
const ProgramsFamily = "programs"

// ProgramTable is one program's figures as a table: a row per unit,
// the program's count of each family, the funded posts and the clients
// per post (from published counts only).
func (n Namer) ProgramTable(pt stats.ProgramTable, href func(stats.Unit) string) site.List {
	name := n.Category(stats.DimProgram, pt.Program)
	l := site.List{Caption: n.T("statsstaff.program_table", "Program", name), RowHeader: true, Wide: true, Empty: n.T("stats.empty")}
	l.Columns = append(l.Columns, site.Column{Label: n.T("stats.unit")})
	for _, f := range stats.ProgramFamilies {
		l.Columns = append(l.Columns, site.Column{Label: n.T("stats.family." + string(f)), Num: true})
	}
	l.Columns = append(l.Columns, site.Column{Label: n.T("statsstaff.fte"), Num: true}, site.Column{Label: n.T("statsstaff.per_fte"), Num: true})
	for _, r := range pt.Rows {
		label := site.Cell{Text: strings.Repeat("\u00a0\u00a0", r.Depth) + n.Unit(r.Unit), Strong: r.Depth == 0}
		if href != nil && r.Depth > 0 {
			label.Href = href(r.Unit)
		}
		cells := []site.Cell{label}
		for _, c := range r.Cells {
			cells = append(cells, site.Cell{Text: n.Cell(c)})
		}
		fte, perFTE := n.ProgramPosts(r)
		l.Rows = append(l.Rows, site.Row{Cells: append(cells, site.Cell{Text: fte}, site.Cell{Text: perFTE})})
	}
	return l
}

// ProgramPosts prints a row's posts and clients per post ("–" where the
// posts are not known by unit, "·" where the clients are hidden).
func (n Namer) ProgramPosts(r stats.ProgramRow) (fte, perFTE string) {
	if !r.HasFTE {
		return n.T("statsstaff.no_fte"), n.T("statsstaff.no_fte")
	}
	fte = n.printer.Sprintf("%.2f", float64(r.FTE)/100)
	switch {
	case r.Cells[0].Hidden:
		return fte, Hidden
	case r.FTE == 0:
		return fte, n.T("statsstaff.no_fte")
	}
	return fte, n.printer.Sprintf("%.1f", float64(r.Cells[0].N)*100/float64(r.FTE))
}

// ProgramChart draws the program's clients counseled in each unit below
// the first row.
func (n Namer) ProgramChart(id string, pt stats.ProgramTable, rtl bool) template.HTML {
	name := n.Category(stats.DimProgram, pt.Program)
	c := chart.Bars{ID: id, Title: n.T("statsstaff.program_chart", "Program", name), Desc: n.T("stats.chart_desc"), RTL: rtl,
		Hidden: Hidden, Format: n.Number}
	for _, r := range pt.Rows {
		if r.Depth == 1 {
			c.Bars = append(c.Bars, chart.Bar{Label: n.Unit(r.Unit), N: r.Cells[0].N, Hidden: r.Cells[0].Hidden})
		}
	}
	return c.SVG()
}
