// Package pdfdoc builds the PDF documents of case work with fpdf: the
// support plan for the client and the data-subject export (Art. 15 GDPR).
// Every heading is in German and, when the file names one, in the client's
// language; Arabic and Farsi are shaped (arabic.go) and put into display
// order (bidi.go) here, because fpdf does neither. What staff typed is
// printed as typed. Messages come from lookup functions of the caller, so
// the package needs neither the web layer nor the catalogs.
package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// Lang is one language of a document.
type Lang struct {
	// Code is the catalog language, e.g. "de" or "ar".
	Code string
	// RTL is set for languages written right to left.
	RTL bool
	// T renders message key with name/value pairs (i18n.Localizer.T).
	T func(key string, kv ...any) string
}

// Languages are a document's languages: German always, Other when the
// client's language is a different one of the catalog (nil otherwise).
type Languages struct {
	De    Lang
	Other *Lang
}

// Page geometry in millimetres (A4 portrait).
const (
	margin     = 18.0
	labelWidth = 58.0
	lineHeight = 5.0
	bodySize   = 10.0
	headSize   = 12.5
	titleSize  = 16.0
)

// doc is one document being written.
type doc struct {
	pdf   *fpdf.Fpdf
	langs Languages
	width float64 // usable width
}

// compressPages is false only in tests that look into the content streams.
var compressPages = true

// newDoc starts an A4 document with the embedded fonts and a footer that
// prints footer on the left and "page / pages" on the right.
func newDoc(langs Languages, title, footer string, now time.Time) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	p.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	p.SetTitle(title, true)
	p.SetCreator("KMN", true)
	p.SetCreationDate(now)
	p.SetModificationDate(now)
	p.SetLang("de")
	p.AliasNbPages("{nb}")
	d := &doc{pdf: p, langs: langs}
	w, _ := p.GetPageSize()
	d.width = w - 2*margin
	p.SetFooterFunc(func() {
		_, h := p.GetPageSize()
		p.SetY(h - margin + 4)
		p.SetFont(fontFamily, "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(d.width/2, 4, printable(footer), "", 0, "L", false, 0, "")
		p.CellFormat(d.width/2, 4, fmt.Sprintf("%d / {nb}", p.PageNo()), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	return d
}

// finish writes the document to w.
func (d *doc) finish(w io.Writer) error {
	d.pdf.SetCompression(compressPages)
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// line is one printed line: text in display order and its alignment.
type line struct {
	text  string
	right bool
}

// wrap breaks s (one language, or typed text of any) into lines of at
// most w millimetres in the current font: paragraphs at newlines, words at
// spaces, each line shaped and put into display order. rtl forces the
// direction; auto decides it per paragraph from its first strong letter.
func (d *doc) wrap(s string, w float64, dir direction) []line {
	var out []line
	for _, para := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		rtl := dir == rtlDir || dir == autoDir && IsRTL(para)
		shaped := prepare(para)
		parts := d.pdf.SplitText(shaped, w)
		if len(parts) == 0 {
			parts = []string{""}
		}
		for _, p := range parts {
			out = append(out, line{text: Visual(strings.TrimSpace(p), rtl), right: rtl})
		}
	}
	return out
}

// direction says how wrap decides a paragraph's direction.
type direction int

const (
	autoDir direction = iota
	ltrDir
	rtlDir
)

// labelLines are the lines of a catalog message in German and, below it,
// in the client's language.
func (d *doc) labelLines(w float64, key string, kv ...any) []line {
	out := d.wrap(d.langs.De.T(key, kv...), w, ltrDir)
	if o := d.langs.Other; o != nil {
		out = append(out, d.wrap(o.T(key, kv...), w, dirOf(o))...)
	}
	return out
}

func dirOf(l *Lang) direction {
	if l.RTL {
		return rtlDir
	}
	return ltrDir
}

// ensure starts a new page when h millimetres do not fit on this one.
func (d *doc) ensure(h float64) {
	_, ph := d.pdf.GetPageSize()
	if d.pdf.GetY()+h > ph-margin {
		d.pdf.AddPage()
	}
}

// draw prints lines at x, w wide, from the current y on, breaking pages
// between lines.
func (d *doc) draw(x, w float64, lines []line) {
	for _, l := range lines {
		d.ensure(lineHeight)
		d.pdf.SetX(x)
		d.pdf.CellFormat(w, lineHeight, l.text, "", 2, alignOf(l), false, 0, "")
	}
}

func alignOf(l line) string {
	if l.right {
		return "R"
	}
	return "L"
}

// title prints the document title in both languages.
func (d *doc) title(key string) {
	d.pdf.SetFont(fontFamily, "B", titleSize)
	d.heading(key, titleSize*0.5, 3)
}

// section prints a heading in both languages with space above it.
func (d *doc) section(key string, kv ...any) {
	d.pdf.SetFont(fontFamily, "B", headSize)
	d.heading(key, headSize*0.5, 5, kv...)
}

// heading prints a message in bold at lh line height, German and the other
// language on one line when they fit, else on separate lines.
func (d *doc) heading(key string, lh, above float64, kv ...any) {
	de := d.langs.De.T(key, kv...)
	var lines []line
	if o := d.langs.Other; o != nil {
		other := prepare(o.T(key, kv...))
		joined := printable(de) + " / " + Visual(other, o.RTL)
		if d.pdf.GetStringWidth(joined) <= d.width-2 {
			lines = []line{{text: joined}}
		} else {
			lines = append(d.wrap(de, d.width, ltrDir), d.wrap(o.T(key, kv...), d.width, dirOf(o))...)
		}
	} else {
		lines = d.wrap(de, d.width, ltrDir)
	}
	d.ensure(above + lh*float64(min(len(lines), 2)) + 2*lineHeight)
	d.pdf.Ln(above)
	for _, l := range lines {
		d.pdf.SetX(margin)
		d.pdf.CellFormat(d.width, lh, l.text, "", 2, alignOf(l), false, 0, "")
	}
	d.pdf.Ln(1)
	d.pdf.SetFont(fontFamily, "", bodySize)
}

// row prints a label (both languages) on the left and value lines on the
// right; the row starts on a new page when its first lines do not fit.
func (d *doc) row(labelKey string, value []line) {
	d.pdf.SetFont(fontFamily, "B", bodySize-1)
	label := d.labelLines(labelWidth-2, labelKey)
	d.pdf.SetFont(fontFamily, "", bodySize)
	d.rowLines(label, value)
}

// rowLines prints label lines on the left and value lines on the right.
func (d *doc) rowLines(label, value []line) {
	x, vx, vw := margin, margin+labelWidth, d.width-labelWidth
	n := max(len(label), len(value))
	d.ensure(lineHeight * float64(min(n, 3)))
	for i := range n {
		d.ensure(lineHeight)
		y := d.pdf.GetY()
		if i < len(label) {
			d.pdf.SetFont(fontFamily, "B", bodySize-1)
			d.pdf.SetXY(x, y)
			d.pdf.CellFormat(labelWidth-2, lineHeight, label[i].text, "", 0, alignOf(label[i]), false, 0, "")
			d.pdf.SetFont(fontFamily, "", bodySize)
		}
		if i < len(value) {
			d.pdf.SetXY(vx, y)
			d.pdf.CellFormat(vw, lineHeight, value[i].text, "", 0, alignOf(value[i]), false, 0, "")
		}
		d.pdf.SetXY(margin, y+lineHeight)
	}
	d.pdf.Ln(1)
}

// text is a row value typed by staff (direction per paragraph); "–" when empty.
func (d *doc) text(s string) []line {
	if strings.TrimSpace(s) == "" {
		s = "–"
	}
	return d.wrap(s, d.width-labelWidth, autoDir)
}

// term is a row value from the catalog, in German and the other language.
func (d *doc) term(key string) []line {
	return d.labelLines(d.width-labelWidth, key)
}

// para prints a message of the catalog as a paragraph in both languages.
func (d *doc) para(key string) {
	d.draw(margin, d.width, d.labelLines(d.width, key))
	d.pdf.Ln(1)
}

// rule draws a thin line across the page.
func (d *doc) rule() {
	d.ensure(3)
	y := d.pdf.GetY() + 1
	d.pdf.SetDrawColor(160, 160, 160)
	d.pdf.Line(margin, y, margin+d.width, y)
	d.pdf.SetY(y + 2)
}

// date formats a calendar date as YYYY-MM-DD, "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
