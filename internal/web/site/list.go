package site

import "net/url"

// List is the table of a list page with what goes around it: the count
// line, export links, the empty state and the pager. Every list page
// (offices, organisations, funded posts, programs, accounts, audit log,
// caseload) fills one and shows it with the partial "list", so the markup
// (caption, header cells, the wrapper that scrolls on a phone, the pager)
// is written once.
type List struct {
	// Caption names the table for screen readers.
	Caption string
	// Count says how many rows match ("25 Beratungsstellen gefunden").
	Count   string
	Exports []Link
	Columns []Column
	// RowHeader makes the first cell of each row its header cell.
	RowHeader bool
	Rows      []Row
	// Empty is shown instead of the table when there is no row.
	Empty string
	Pager Pager
	// Older links the next page of a list paged by key (the audit log).
	Older *Link
	// Technical marks a list of technical keys (the audit log's actions
	// and object ids) as such (data-technical): the check for codes shown
	// to people leaves it alone.
	Technical bool
	// Wide marks a table that may scroll sideways on narrow screens (many
	// columns): its frame is a named region that takes the keyboard focus,
	// so it can be scrolled without a mouse.
	Wide bool
}

// Link is a labelled link.
type Link struct{ Href, Label string }

// Column is a header cell of a List.
type Column struct {
	Label string
	// Num aligns the column's figures.
	Num bool
	// Hidden keeps the label for screen readers only (a column of actions).
	Hidden bool
}

// Row is one row of a List, a cell per column.
type Row struct{ Cells []Cell }

// Cell is one table cell: a text, optionally a link, with further lines, a
// smaller hint line and badges.
type Cell struct {
	Text string
	Href string
	// Lines follow Text on lines of their own (an address).
	Lines []string
	// Hint is a smaller line below (the organisation of an office).
	Hint   string
	Badges []string
	// Code shows Text as a code (a pseudonym, an action name).
	Code bool
	// Strong makes Text stand out (an overdue date).
	Strong bool
	// Lang marks Text as written in another language than the page (a
	// German place name on an Arabic page).
	Lang string
}

// ExportLinks links a list's CSV and XLSX exports at path with the list's
// filters (empty values dropped), labelled in the page's language.
func ExportLinks(b Base, path string, filters url.Values) []Link {
	v := url.Values{}
	for k, vals := range filters {
		if len(vals) > 0 && vals[0] != "" {
			v.Set(k, vals[0])
		}
	}
	v.Set("format", "csv")
	csv := path + "?" + v.Encode()
	v.Set("format", "xlsx")
	return []Link{{Href: csv, Label: b.T("export.csv")}, {Href: path + "?" + v.Encode(), Label: b.T("export.xlsx")}}
}
