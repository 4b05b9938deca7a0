package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pdfText is s as fpdf writes it into a page's content stream: UTF-16BE
// code points inside a PDF string, where \, ( and ) are escaped.
func pdfText(s string) []byte {
	var b []byte
	for _, c := range prepare(s) {
		for _, x := range []byte{byte(c >> 8), byte(c)} {
			if x == '\\' || x == '(' || x == ')' {
				b = append(b, '\\')
			}
			b = append(b, x)
		}
	}
	return b
}

const (
	statsLegend = "· = aus Datenschutzgründen nicht ausgewiesen (weniger als 5 Personen oder rückrechenbar)"
	statsFooter = "KMN · Jahresbericht 2026 · Stand 15.01.2027"
)

// regionTable is a table of counts by district with a total row, a
// hidden cell in the second row and, when chart is set, its bar chart.
func regionTable(title string, districts int, chart bool) StatsTable {
	t := StatsTable{Title: title, Columns: []string{"Landkreis", "Frauen", "Männer", "Divers", "Insgesamt"}}
	t.Rows = append(t.Rows, StatsRow{Cells: []string{"Insgesamt", "1.204", "1.187", "·", "2.395"}, Bold: true})
	for i := range districts {
		name := fmt.Sprintf("Landkreis Lüneburg-Süd %d", i+1)
		women, men := 40+i, 35+2*i
		cells := []string{name, strconv.Itoa(women), strconv.Itoa(men), "0", strconv.Itoa(women + men)}
		if i == 1 {
			cells[3] = statsHidden
		}
		t.Rows = append(t.Rows, StatsRow{Cells: cells, Level: 1})
		if chart {
			t.Chart = append(t.Chart, StatsBar{Label: name, N: women + men, Hidden: i == 2})
		}
	}
	return t
}

// wideTable has 14 columns with long headings, wider than the page at
// any size: its header words break.
func wideTable() StatsTable {
	t := StatsTable{Title: "Clients by residence status and month", Columns: []string{"Residence status"}}
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
		"October", "November", "December", "Whole year"} {
		t.Columns = append(t.Columns, m+" (clients)")
	}
	for _, status := range []string{"Settlement permit", "Temporary residence permit (humanitarian)", "Permission to remain (Duldung)"} {
		row := StatsRow{Cells: []string{status}}
		for m := range 13 {
			row.Cells = append(row.Cells, strconv.Itoa(1000+97*m))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// monthTable has 14 columns as a monthly table has them: too wide at
// full size, fitting when smaller without breaking a word.
func monthTable() StatsTable {
	t := StatsTable{Title: "Beratungskontakte nach Monat", Columns: []string{"Aufenthaltsstatus",
		"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez.", "Insgesamt"}}
	for _, status := range []string{"Niederlassungserlaubnis", "Aufenthaltserlaubnis aus humanitären Gründen", "Duldung", "Ungeklärt"} {
		row := StatsRow{Cells: []string{status}}
		for m := range 12 {
			row.Cells = append(row.Cells, group(1000+97*m, "."))
		}
		t.Rows = append(t.Rows, StatsRow{Cells: append(row.Cells, "18.402")})
	}
	t.Rows[3].Cells[5] = statsHidden
	return t
}

func sampleStats(sections ...StatsSection) StatsReport {
	return StatsReport{Title: "Jahresbericht 2026", Subtitle: "Kooperative Migrationsarbeit Niedersachsen – landesweit",
		Facts:  [][2]string{{"Berichtszeitraum", "01.01.2026 bis 31.12.2026"}, {"Datenstand", "15.01.2027"}},
		Legend: statsLegend, Footer: statsFooter, Sections: sections}
}

func TestWriteStatsReport(t *testing.T) {
	compressPages = false
	defer func() { compressPages = true }()
	tests := []struct {
		name  string
		lang  string
		in    StatsReport
		pages int
		texts []string       // printed somewhere
		count map[string]int // printed this many times
	}{
		{name: "title only", lang: "de", in: sampleStats(), pages: 1,
			texts: []string{"Kooperative Migrationsarbeit Niedersachsen – landesweit", "Berichtszeitraum", "01.01.2026 bis 31.12.2026"},
			count: map[string]int{statsLegend: 1, statsFooter: 1}},
		{name: "two sections, the second on a new page", lang: "de", pages: 2, in: sampleStats(
			StatsSection{Heading: "Region Braunschweig", Tables: []StatsTable{
				regionTable("Klientinnen und Klienten nach Geschlecht", 6, true),
				{Title: "Beratungskontakte", Columns: []string{"Art", "Anzahl"},
					Rows: []StatsRow{{Cells: []string{"Persönlich", "512"}}, {Cells: []string{"Telefonisch", "233"}}}}}},
			StatsSection{Heading: "Region Lüneburg", NewPage: true, Tables: []StatsTable{regionTable("Klientinnen und Klienten", 3, false)}}),
			texts: []string{"Region Braunschweig", "Region Lüneburg", "Klientinnen und Klienten nach Geschlecht",
				"Landkreis Lüneburg-Süd 6", "Männer", "1.204", "Persönlich", statsHidden},
			// under the title and under the two tables with a hidden cell
			count: map[string]int{statsLegend: 3, statsFooter: 2, "Beratungskontakte": 1}},
		{name: "a long table repeats its header", lang: "de", pages: 3, in: sampleStats(
			StatsSection{Heading: "Landesweit", Tables: []StatsTable{regionTable("Alle Landkreise", 119, false)}}),
			texts: []string{"Landkreis Lüneburg-Süd 1", "Landkreis Lüneburg-Süd 119"},
			count: map[string]int{"Divers": 3, statsFooter: 3}},
		{name: "wide tables shrink to the page", lang: "en", pages: 1, in: StatsReport{Title: "Annual report 2026",
			Legend: "· = not shown for privacy", Footer: "KMN annual report",
			Sections: []StatsSection{{Heading: "Lower Saxony", Tables: []StatsTable{monthTable(), wideTable()}}}},
			texts: []string{"Temporary residence permit", "2164", "Insgesamt", "18.402", "Aufenthaltserlaubnis"}},
		{name: "a new page on an empty page leaves none blank", lang: "de", pages: 1, in: StatsReport{Footer: statsFooter,
			Sections: []StatsSection{{Heading: "Region Hannover", NewPage: true, Tables: []StatsTable{regionTable("Klienten", 2, true)}}}},
			count: map[string]int{statsFooter: 1, "Region Hannover": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteStatsReport(&buf, tt.in, Lang{Code: tt.lang}, day("2027-01-15")); err != nil {
				t.Fatal(err)
			}
			if n := checkPDF(t, buf.Bytes()); n != tt.pages {
				t.Errorf("%d pages, want %d", n, tt.pages)
			}
			for _, s := range tt.texts {
				if !bytes.Contains(buf.Bytes(), pdfText(s)) {
					t.Errorf("%q not printed", s)
				}
			}
			for s, want := range tt.count {
				if got := bytes.Count(buf.Bytes(), pdfText(s)); got != want {
					t.Errorf("%q printed %d times, want %d", s, got, want)
				}
			}
			keep(t, "stats-"+strings.ReplaceAll(tt.name, " ", "-")+".pdf", buf.Bytes())
		})
	}
}

// TestStatsTableLayout: every table spans the usable width, keeps its
// label column the widest, and its header lines and numbers fit their
// columns; only a table too wide for the page gets a smaller font, and
// only one too wide at the smallest size breaks header words.
func TestStatsTableLayout(t *testing.T) {
	tests := []struct {
		name           string
		table          StatsTable
		shrunk, broken bool
	}{
		{"two columns", StatsTable{Columns: []string{"Art", "Anzahl"}, Rows: []StatsRow{{Cells: []string{"Persönlich", "512"}}}}, false, false},
		{"five columns", regionTable("Klienten", 12, false), false, false},
		{"fourteen columns by month", monthTable(), true, false},
		{"fourteen long headings", wideTable(), true, true},
		{"no header, rows only", StatsTable{Rows: []StatsRow{{Cells: []string{"a", "1", "2"}}}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &statsDoc{doc: newDoc(Languages{De: Lang{Code: "de"}}, "", "", time.Time{})}
			lay := s.layoutTable(tt.table)
			if total := lay.label + sum(lay.nums); total > s.width+0.01 || total < s.width-0.01 {
				t.Errorf("table is %.1f mm wide, want %.1f", total, s.width)
			}
			for i, w := range lay.nums {
				if w > lay.label {
					t.Errorf("number column %d (%.1f mm) wider than the labels (%.1f)", i+1, w, lay.label)
				}
			}
			if shrunk := lay.size < tableSize; shrunk != tt.shrunk || lay.size < minTableSize {
				t.Errorf("font size %v", lay.size)
			}
			s.checkHeader(t, tt.table, lay, tt.broken)
			for _, r := range tt.table.Rows {
				s.tableFont(r.Bold, lay.size)
				for i, c := range r.Cells[1:] {
					if w := s.pdf.GetStringWidth(c); w > lay.width(i+1)-2*cellPad+0.01 {
						t.Errorf("number %q is %.1f mm in a column of %.1f", c, w, lay.width(i+1))
					}
				}
			}
		})
	}
}

// checkHeader: every header line fits its column, and consists of whole
// words of the heading unless broken is expected.
func (s *statsDoc) checkHeader(t *testing.T, table StatsTable, lay tableLayout, broken bool) {
	t.Helper()
	s.tableFont(true, lay.size)
	someBroken := false
	for i, cell := range lay.header {
		var words []string
		if i < len(table.Columns) {
			words = strings.Fields(table.Columns[i])
		}
		for _, l := range cell {
			if w := s.pdf.GetStringWidth(l.text); w > lay.width(i)-2*cellPad+0.01 {
				t.Errorf("header line %q is %.1f mm in a column of %.1f", l.text, w, lay.width(i))
			}
			for _, w := range strings.Fields(l.text) {
				someBroken = someBroken || !slices.Contains(words, w)
			}
		}
	}
	if someBroken != broken {
		t.Errorf("header words broken: %v, want %v", someBroken, broken)
	}
}

func TestStatsGroupDigits(t *testing.T) {
	tests := []struct {
		n    int
		sep  string
		want string
	}{
		{0, ".", "0"}, {999, ".", "999"}, {1000, ".", "1.000"}, {1234567, ",", "1,234,567"}, {123456, "", "123456"}, {-1200, ".", "-1200"},
	}
	for _, tt := range tests {
		if got := group(tt.n, tt.sep); got != tt.want {
			t.Errorf("group(%d, %q) = %q, want %q", tt.n, tt.sep, got, tt.want)
		}
	}
}

// BenchmarkStatsReport writes the statewide report: eleven regions, a page
// each, with twelve tables of 30 rows and a chart of ten bars.
func BenchmarkStatsReport(b *testing.B) {
	var sections []StatsSection
	for r := range 11 {
		sec := StatsSection{Heading: fmt.Sprintf("Region %d", r+1), NewPage: true}
		for i := range 12 {
			t := regionTable(fmt.Sprintf("Tabelle %d.%d", r+1, i+1), 29, false)
			for _, row := range t.Rows[1:11] {
				n, _ := strconv.Atoi(row.Cells[4])
				t.Chart = append(t.Chart, StatsBar{Label: row.Cells[0], N: n})
			}
			sec.Tables = append(sec.Tables, t)
		}
		sections = append(sections, sec)
	}
	in := sampleStats(sections...)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteStatsReport(io.Discard, in, Lang{Code: "de"}, day("2027-01-15")); err != nil {
			b.Fatal(err)
		}
	}
}
