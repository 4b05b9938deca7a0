package pdfdoc

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// StatsReport is a statistics report: a title block, then sections (e.g.
// one per region), each with tables that may carry a bar chart. Its texts
// come translated: the caller renders the statistics pages from the same
// figures and wording, so the report takes strings, not catalog keys.
type StatsReport struct {
	// Title and Subtitle, e.g. "Jahresbericht 2026" and
	// "Kooperative Migrationsarbeit Niedersachsen – landesweit".
	Title, Subtitle string
	// Facts are label/value lines under the title: period, date of the
	// data, scope.
	Facts [][2]string
	// Legend explains the mark "·" (hidden for privacy): under the title
	// and under each table that shows the mark.
	Legend string
	// Footer is printed at the foot of each page with the page number.
	Footer   string
	Sections []StatsSection
}

// StatsSection is a heading and its tables.
type StatsSection struct {
	Heading string
	// NewPage starts the section on a new page (the statewide report has
	// a page per region).
	NewPage bool
	Tables  []StatsTable
}

// StatsTable is a table of counts, optionally illustrated by a chart
// drawn above it.
type StatsTable struct {
	Title string
	// Columns are the header cells; the first heads the row labels.
	Columns []string
	Rows    []StatsRow
	// Chart are horizontal bars drawn above the table; nil draws none.
	Chart []StatsBar
}

// StatsRow is a row of a table: Cells[0] is the label (indented by Level),
// the others numbers or the mark "·", printed flush right. Bold rows are
// totals.
type StatsRow struct {
	Cells []string
	Level int
	Bold  bool
}

// StatsBar is one bar of a chart: a count, or Hidden (the mark, no bar).
type StatsBar struct {
	Label  string
	N      int
	Hidden bool
}

// statsHidden is the mark of a hidden count, as on the statistics pages.
const statsHidden = "·"

// Table geometry: sizes in points, lengths in millimetres.
const (
	tableSize    = 9.0  // font size of a table that fits
	minTableSize = 6.0  // smallest size a wide table shrinks to
	indentStep   = 3.0  // per row level
	cellPad      = 1.0  // fpdf's cell margin, left and right
	rowPad       = 1.0  // above and below the text of a table row
	maxNumWidth  = 30.0 // number columns widen up to this to fill the page
	chartSize    = 8.0  // font size of chart labels and counts
	chartRow     = 4.6  // height of a chart row
	chartBar     = 3.2  // thickness of a bar
	chartValue   = 16.0 // room after the longest bar for its number
)

// Shares of the usable width for the label column: it asks for at most
// maxLabelShare (longer labels wrap) and gets at least minLabelShare.
const (
	maxLabelShare = 0.4
	minLabelShare = 0.3
)

// statsDoc is a report being written: the document and what every table
// needs besides its own content.
type statsDoc struct {
	*doc
	legend   string
	grouping string // digit grouping of chart counts ("" for none)
}

// WriteStatsReport writes the report as an A4 PDF. lang names the
// document's language (German or English) and sets the digit grouping of
// the chart counts; its T is not used, the report arriving translated.
func WriteStatsReport(w io.Writer, r StatsReport, lang Lang, now time.Time) error {
	s := &statsDoc{doc: newDoc(Languages{De: lang}, r.Title, r.Footer, now), legend: r.Legend, grouping: groupingOf(lang.Code)}
	if lang.Code != "" {
		s.pdf.SetLang(lang.Code)
	}
	s.titleBlock(r)
	for _, sec := range r.Sections {
		s.section(sec)
	}
	return s.finish(w)
}

// groupingOf is the thousands separator of chart counts in a language:
// the caller formats the table cells, and German and English text print
// counts this way.
func groupingOf(code string) string {
	switch code {
	case "de":
		return "."
	case "en":
		return ","
	}
	return ""
}

// titleBlock prints the title, subtitle, facts and the legend.
func (s *statsDoc) titleBlock(r StatsReport) {
	if r.Title != "" {
		s.textHeading(r.Title, "B", titleSize, 0)
	}
	if r.Subtitle != "" {
		s.textHeading(r.Subtitle, "", headSize, 0)
		s.pdf.Ln(2)
	}
	for _, f := range r.Facts {
		s.pdf.SetFont(fontFamily, "B", bodySize-1)
		label := s.wrap(f[0], labelWidth-2, ltrDir)
		s.pdf.SetFont(fontFamily, "", bodySize)
		s.rowLines(label, s.wrap(f[1], s.width-labelWidth, ltrDir))
	}
	if r.Legend != "" {
		s.note(r.Legend)
	}
}

// textHeading prints text in the given style and size, kept on one page
// with the two lines that follow it.
func (s *statsDoc) textHeading(text, style string, size, above float64) {
	s.pdf.SetFont(fontFamily, style, size)
	lines, lh := s.wrap(text, s.width, ltrDir), size*0.5
	s.ensure(above + lh*float64(len(lines)) + 2*lineHeight)
	s.pdf.Ln(above)
	for _, l := range lines {
		s.pdf.SetX(margin)
		s.pdf.CellFormat(s.width, lh, l.text, "", 2, "L", false, 0, "")
	}
	s.pdf.Ln(1)
	s.pdf.SetFont(fontFamily, "", bodySize)
}

// note prints a small grey paragraph: the legend.
func (s *statsDoc) note(text string) {
	s.pdf.SetFont(fontFamily, "", 8)
	s.pdf.SetTextColor(70, 70, 70)
	for _, l := range s.wrap(text, s.width, ltrDir) {
		s.ensure(4)
		s.pdf.SetX(margin)
		s.pdf.CellFormat(s.width, 4, l.text, "", 2, "L", false, 0, "")
	}
	s.pdf.SetTextColor(0, 0, 0)
	s.pdf.SetFont(fontFamily, "", bodySize)
	s.pdf.Ln(2)
}

// section prints a section's heading and tables.
func (s *statsDoc) section(sec StatsSection) {
	if sec.NewPage && !s.pageEmpty() {
		s.pdf.AddPage()
	}
	if sec.Heading != "" {
		above := 6.0
		if s.pageEmpty() {
			above = 0
		}
		s.textHeading(sec.Heading, "B", headSize, above)
	}
	for _, t := range sec.Tables {
		s.table(t)
	}
}

// pageEmpty reports whether nothing is printed on this page yet, so that a
// section asking for a new page leaves no blank one.
func (s *statsDoc) pageEmpty() bool {
	return s.pdf.GetY() <= margin+0.01
}

// fits reports whether h millimetres fit on this page below the current y.
func (s *statsDoc) fits(h float64) bool {
	_, ph := s.pdf.GetPageSize()
	return s.pdf.GetY()+h <= ph-margin
}

// table prints a table's title, chart, header and rows, then the legend
// if the table shows the mark.
func (s *statsDoc) table(t StatsTable) {
	lay := s.layoutTable(t)
	s.pdf.SetFont(fontFamily, "B", bodySize+0.5)
	title := s.wrap(t.Title, s.width, ltrDir)
	// Keep the title with the chart and the first rows, unless that alone
	// is more than a page.
	_, ph := s.pdf.GetPageSize()
	need := 3 + lineHeight*float64(len(title)) + chartRow*float64(len(t.Chart)) + lay.headerH + 2*lay.lh
	s.ensure(min(need, ph-2*margin))
	s.pdf.Ln(3)
	s.draw(margin, s.width, title)
	s.pdf.Ln(1)
	if len(t.Chart) > 0 {
		s.chart(t.Chart, lay.label)
	}
	if lay.cols > 0 {
		s.rows(lay, t.Rows)
	}
	s.pdf.SetFont(fontFamily, "", bodySize)
	s.pdf.Ln(1)
	if s.legend != "" && showsMark(t) {
		s.note(s.legend)
	}
}

// rows draws the header and the rows, the header again on each page the
// rows run onto.
func (s *statsDoc) rows(lay tableLayout, rows []StatsRow) {
	s.header(lay)
	for _, row := range rows {
		label := s.rowLabel(lay, row)
		h := float64(len(label))*lay.lh + rowPad
		if !s.fits(h) {
			s.pdf.AddPage()
			s.header(lay)
		}
		s.row(lay, row, label, h)
	}
}

// showsMark reports whether a table or its chart hides a count.
func showsMark(t StatsTable) bool {
	for _, b := range t.Chart {
		if b.Hidden {
			return true
		}
	}
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if strings.TrimSpace(c) == statsHidden {
				return true
			}
		}
	}
	return false
}

// chart draws horizontal bars: labels in a column labelW wide (that of the
// table below), bars from 0 to the largest visible count, the count or
// the mark after each bar.
func (s *statsDoc) chart(bars []StatsBar, labelW float64) {
	s.pdf.SetFont(fontFamily, "", chartSize)
	s.pdf.SetFillColor(31, 95, 139) // the bar colour of the statistics pages
	top := 0
	for _, b := range bars {
		if !b.Hidden {
			top = max(top, b.N)
		}
	}
	plot := s.width - labelW - chartValue
	for _, b := range bars {
		s.ensure(chartRow)
		y := s.pdf.GetY()
		s.pdf.SetXY(margin, y)
		s.pdf.CellFormat(labelW, chartRow, s.clip(b.Label, labelW), "", 0, "L", false, 0, "")
		length, value := 0.0, statsHidden
		if !b.Hidden {
			value = group(b.N, s.grouping)
			if top > 0 && b.N > 0 {
				length = plot * float64(b.N) / float64(top)
				s.pdf.Rect(margin+labelW, y+(chartRow-chartBar)/2, length, chartBar, "F")
			}
		}
		s.pdf.SetXY(margin+labelW+length, y)
		s.pdf.CellFormat(chartValue, chartRow, value, "", 0, "L", false, 0, "")
		s.pdf.SetXY(margin, y+chartRow)
	}
	s.pdf.Ln(2)
}

// clip shortens text with "…" to fit w millimetres in the current font;
// the table below the chart carries the full label.
func (s *statsDoc) clip(text string, w float64) string {
	text = prepare(text)
	room := w - 2*cellPad
	if s.pdf.GetStringWidth(text) <= room {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && s.pdf.GetStringWidth(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// group prints n with sep between groups of three digits.
func group(n int, sep string) string {
	digits := strconv.Itoa(n)
	if sep == "" || n < 0 {
		return digits
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// tableLayout is how a table is set: its font size and line height, the
// widths of the label column and of the number columns, and the header
// cells broken into lines.
type tableLayout struct {
	size, lh float64
	label    float64
	nums     []float64
	cols     int
	header   [][]line
	headerH  float64
}

// layoutTable fits a table to the page: the largest font size at which
// its labels and numbers fit, the columns then widened to the full width.
func (s *statsDoc) layoutTable(t StatsTable) tableLayout {
	cols := columnCount(t)
	size, label, nums := s.fitTable(t, cols)
	label, nums = fillWidth(s.width, label, nums)
	lay := tableLayout{size: size, lh: size * 0.45, label: label, nums: nums, cols: cols}
	s.tableFont(true, size)
	lay.header = make([][]line, cols)
	lines := 1
	for i := range cols {
		text := ""
		if i < len(t.Columns) {
			text = t.Columns[i]
		}
		lay.header[i] = s.wrap(text, lay.width(i), ltrDir)
		lines = max(lines, len(lay.header[i]))
	}
	lay.headerH = float64(lines)*lay.lh + rowPad
	return lay
}

// columnCount is the number of columns: the header's, or the longest row's
// when that is longer.
func columnCount(t StatsTable) int {
	n := len(t.Columns)
	for _, r := range t.Rows {
		n = max(n, len(r.Cells))
	}
	return n
}

// fitTable shrinks the font from tableSize by half points until the
// number columns fit beside the narrowest label column, at most to
// minTableSize: long labels wrap rather than make the figures smaller.
func (s *statsDoc) fitTable(t StatsTable, cols int) (size, label float64, nums []float64) {
	for size = tableSize; ; size -= 0.5 {
		label, nums = s.naturalWidths(t, cols, size)
		if minLabelShare*s.width+sum(nums) <= s.width || size <= minTableSize {
			return size, label, nums
		}
	}
}

// naturalWidths are the widths the columns need at size: the label column
// its longest label (but from minLabelShare to maxLabelShare of the page:
// labels may wrap), each number column its widest cell or header word
// (headers wrap between words only, as far as they can).
func (s *statsDoc) naturalWidths(t StatsTable, cols int, size float64) (label float64, nums []float64) {
	label, nums = minLabelShare*s.width, make([]float64, max(cols-1, 0))
	for _, r := range t.Rows {
		if len(r.Cells) == 0 {
			continue
		}
		s.tableFont(r.Bold, size)
		label = max(label, s.pdf.GetStringWidth(prepare(r.Cells[0]))+indent(r.Level)+2*cellPad)
		for i, c := range r.Cells[1:] {
			nums[i] = max(nums[i], s.pdf.GetStringWidth(printable(c))+2*cellPad)
		}
	}
	s.tableFont(true, size)
	for i, c := range t.Columns {
		for _, word := range strings.Fields(prepare(c)) {
			if w := s.pdf.GetStringWidth(word) + 2*cellPad; i > 0 {
				nums[i-1] = max(nums[i-1], w)
			} else {
				label = max(label, w)
			}
		}
	}
	for i := range nums {
		nums[i] = max(nums[i], 2*cellPad+1) // an empty column still shows as one
	}
	return min(label, maxLabelShare*s.width), nums
}

// fillWidth spreads a table over the full width. A table that fits widens
// each number column by the same amount, up to maxNumWidth, and gives the
// rest to the labels. One still too wide at the smallest size narrows its
// labels to minLabelShare, then its number columns in proportion.
func fillWidth(width, label float64, nums []float64) (float64, []float64) {
	if len(nums) == 0 {
		return width, nums
	}
	total := sum(nums)
	if label+total > width {
		label = max(minLabelShare*width, width-total)
		for i := range nums {
			nums[i] *= (width - label) / total
		}
		return label, nums
	}
	extra := (width - label - total) / float64(len(nums))
	for i := range nums {
		nums[i] += max(0, min(extra, maxNumWidth-nums[i]))
	}
	return width - sum(nums), nums
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// width is the width of column i.
func (l tableLayout) width(i int) float64 {
	if i == 0 {
		return l.label
	}
	return l.nums[i-1]
}

func indent(level int) float64 {
	return float64(max(level, 0)) * indentStep
}

func (s *statsDoc) tableFont(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	s.pdf.SetFont(fontFamily, style, size)
}

// header draws the header row on a light background, each cell's lines at
// its foot so numbers and their headings line up.
func (s *statsDoc) header(lay tableLayout) {
	y := s.pdf.GetY()
	s.pdf.SetFillColor(228, 234, 240)
	s.pdf.Rect(margin, y, s.width, lay.headerH, "F")
	s.tableFont(true, lay.size)
	lines := int((lay.headerH - rowPad) / lay.lh)
	x := margin
	for i, cell := range lay.header {
		align := alignOfColumn(i)
		for j, l := range cell {
			s.pdf.SetXY(x, y+rowPad/2+float64(lines-len(cell)+j)*lay.lh)
			s.pdf.CellFormat(lay.width(i), lay.lh, l.text, "", 0, align, false, 0, "")
		}
		x += lay.width(i)
	}
	s.pdf.SetXY(margin, y+lay.headerH)
}

// alignOfColumn puts labels flush left and numbers flush right.
func alignOfColumn(i int) string {
	if i == 0 {
		return "L"
	}
	return "R"
}

// rowLabel is a row's label broken into lines of its indented column.
func (s *statsDoc) rowLabel(lay tableLayout, row StatsRow) []line {
	s.tableFont(row.Bold, lay.size)
	text := ""
	if len(row.Cells) > 0 {
		text = row.Cells[0]
	}
	return s.wrap(text, lay.label-min(indent(row.Level), lay.label/2), ltrDir)
}

// row draws a table row h millimetres high and a thin rule under it.
func (s *statsDoc) row(lay tableLayout, row StatsRow, label []line, h float64) {
	y := s.pdf.GetY()
	s.tableFont(row.Bold, lay.size)
	in := min(indent(row.Level), lay.label/2)
	for j, l := range label {
		s.pdf.SetXY(margin+in, y+rowPad/2+float64(j)*lay.lh)
		s.pdf.CellFormat(lay.label-in, lay.lh, l.text, "", 0, "L", false, 0, "")
	}
	x := margin + lay.label
	for i := 1; i < lay.cols; i++ {
		if i < len(row.Cells) {
			s.pdf.SetXY(x, y+rowPad/2)
			s.pdf.CellFormat(lay.width(i), lay.lh, printable(row.Cells[i]), "", 0, "R", false, 0, "")
		}
		x += lay.width(i)
	}
	s.pdf.SetDrawColor(210, 210, 210)
	s.pdf.Line(margin, y+h, margin+s.width, y+h)
	s.pdf.SetXY(margin, y+h)
}
