// Package chart draws the illustrations of the statistics pages: small
// horizontal bar charts rendered on the server as inline SVG. A chart is
// never the only carrier of a figure: the page prints a table of the same
// counts beside it, so the chart is one image with a name and a
// description for assistive technology, not a data table of its own.
//
// The SVG holds no script and no <style> element (the content security
// policy may forbid inline styles): colours are presentation attributes,
// which any rule of the site's CSS on the chart-* classes overrides.
package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bar is one bar: a label and a count, or Hidden (suppressed: no bar, the
// mark "·" instead of a number).
type Bar struct {
	Label  string
	N      int
	Hidden bool
}

// Bars is a horizontal bar chart.
type Bars struct {
	// ID is unique in the page; the ids of <title> and <desc> derive from it.
	ID string
	// Title is the accessible name.
	Title string
	// Desc is the accessible description, e.g. "The table below gives the figures."
	Desc string
	Bars []Bar
	// RTL is set on right-to-left pages (Arabic, Farsi): bars grow from the
	// right, labels stand on the right.
	RTL bool
	// Hidden is the mark for hidden values ("" means "·").
	Hidden string
	// Compare is the previous period, drawn as a thin second bar under each
	// bar: same labels, same order as Bars; nil draws none.
	Compare []Bar
	// Format prints a count (nil means strconv.Itoa); digit grouping
	// depends on the page's language.
	Format func(int) string
}

// Geometry in viewBox units. The width is fixed and the SVG scales to its
// container (width="100%"); the height grows with the number of bars.
const (
	viewWidth  = 640
	rowHeight  = 28
	padding    = 8   // above the first and below the last row
	labelSpace = 200 // label column, bars start at its edge
	valueSpace = 64  // room after the longest bar for its number
	textGap    = 6   // between a label or a number and its bar
	plotWidth  = viewWidth - labelSpace - valueSpace
	maxLabel   = 28 // runes; longer labels end in "…"
)

// Fill colours where no CSS applies. Against white, the bar has a contrast
// of 6.9:1 and the comparison bar 3.4:1, above the 3:1 WCAG asks of
// graphical objects.
const (
	barFill     = "#1f5f8b"
	compareFill = "#6e8fab"
)

// SVG renders the chart as an inline <svg> element. Every text is escaped;
// the output depends on the input only.
func (b Bars) SVG() template.HTML {
	var w strings.Builder
	id := b.id()
	rows := len(b.Bars)
	height := 2*padding + rows*rowHeight
	w.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="`)
	w.WriteString(id + "-title")
	if b.Desc != "" {
		w.WriteString(" " + id + "-desc")
	}
	w.WriteString(`" viewBox="0 0 ` + strconv.Itoa(viewWidth) + " " + strconv.Itoa(height) + `" width="100%"`)
	w.WriteString(` direction="` + b.direction() + `" font-size="12">`)
	w.WriteString(`<title id="` + id + `-title">` + escape(b.Title) + `</title>`)
	if b.Desc != "" {
		w.WriteString(`<desc id="` + id + `-desc">` + escape(b.Desc) + `</desc>`)
	}
	if rows > 0 {
		b.axis(&w, height)
	}
	scale := b.scale()
	for i, bar := range b.Bars {
		b.row(&w, i, bar, scale)
	}
	w.WriteString(`</svg>`)
	return template.HTML(w.String()) // #nosec G203 -- every text above is escaped
}

// id is the chart's id as one token: aria-labelledby is a list separated
// by spaces, so a space in the id would name two elements.
func (b Bars) id() string {
	if b.ID == "" {
		return "chart"
	}
	return escape(strings.Join(strings.Fields(b.ID), "-"))
}

// direction sets the text direction explicitly rather than inheriting the
// page's: text-anchor "start" and "end" depend on it.
func (b Bars) direction() string {
	if b.RTL {
		return "rtl"
	}
	return "ltr"
}

// scale is the length of one count: the largest visible value (of either
// period) spans the plot; 0 when nothing is visible, so no bar is drawn.
func (b Bars) scale() float64 {
	top := 0
	for _, list := range [][]Bar{b.Bars, b.Compare} {
		for _, bar := range list {
			if !bar.Hidden {
				top = max(top, bar.N)
			}
		}
	}
	if top == 0 {
		return 0
	}
	return plotWidth / float64(top)
}

// axis draws the zero line the bars grow from.
func (b Bars) axis(w *strings.Builder, height int) {
	x := num(b.mirror(labelSpace, 0))
	w.WriteString(`<line class="chart-axis" x1="` + x + `" x2="` + x + `" y1="` + strconv.Itoa(padding/2) +
		`" y2="` + strconv.Itoa(height-padding/2) + `" stroke="currentColor" stroke-width="1"/>`)
}

// row draws bar i: its label, its bar (none for hidden or zero counts),
// the bar of the previous period and the number or the mark.
func (b Bars) row(w *strings.Builder, i int, bar Bar, scale float64) {
	top := float64(padding + i*rowHeight)
	barY, barH := top+6, 16.0
	compare, hasCompare := b.compareAt(i)
	if hasCompare {
		barY, barH = top+4, 14
	}
	mid := num(barY + barH/2)
	b.label(w, bar.Label, mid)
	length := 0.0
	if !bar.Hidden {
		length = barLength(bar.N, scale)
		b.rect(w, "chart-bar", barFill, length, barY, barH)
	}
	if hasCompare && !compare.Hidden {
		b.rect(w, "chart-bar-compare", compareFill, barLength(compare.N, scale), top+20, 5)
	}
	b.value(w, bar, length, mid)
}

// compareAt is the bar of the previous period for row i, if there is one.
func (b Bars) compareAt(i int) (Bar, bool) {
	if i >= len(b.Compare) {
		return Bar{}, false
	}
	return b.Compare[i], true
}

// barLength is the length of a bar of n; counts below zero draw none.
func barLength(n int, scale float64) float64 {
	return float64(max(n, 0)) * scale
}

// rect draws a bar of the given length from the zero line; a bar of no
// length is not drawn at all.
func (b Bars) rect(w *strings.Builder, class, fill string, length, y, h float64) {
	if length <= 0 {
		return
	}
	w.WriteString(`<rect class="` + class + `" x="` + num(b.mirror(labelSpace, length)) + `" y="` + num(y) +
		`" width="` + num(length) + `" height="` + num(h) + `" fill="` + fill + `"/>`)
}

// label prints a label beside the zero line, cut at maxLabel runes; a cut
// label carries the full text as its tooltip.
func (b Bars) label(w *strings.Builder, s, y string) {
	x := num(b.mirror(labelSpace-textGap, 0))
	w.WriteString(`<text class="chart-label" x="` + x + `" y="` + y + `" dy="0.35em" text-anchor="end" fill="currentColor">`)
	if short, cut := truncate(s); cut {
		w.WriteString(`<title>` + escape(s) + `</title>` + escape(short))
	} else {
		w.WriteString(escape(s))
	}
	w.WriteString(`</text>`)
}

// value prints the count after the end of its bar, or the mark where the
// count is hidden.
func (b Bars) value(w *strings.Builder, bar Bar, length float64, y string) {
	class, text := "chart-value", b.format(bar.N)
	if bar.Hidden {
		class, text = "chart-value chart-hidden", b.mark()
	}
	x := num(b.mirror(labelSpace+length+textGap, 0))
	w.WriteString(`<text class="` + class + `" x="` + x + `" y="` + y + `" dy="0.35em" text-anchor="start" fill="currentColor">` +
		escape(text) + `</text>`)
}

func (b Bars) format(n int) string {
	if b.Format != nil {
		return b.Format(n)
	}
	return strconv.Itoa(n)
}

func (b Bars) mark() string {
	if b.Hidden == "" {
		return "·"
	}
	return b.Hidden
}

// mirror is the left edge of a span of length starting at x from the
// reading start: x itself left to right, its mirror image right to left.
// Text anchors need no mirroring: "start" and "end" follow the direction.
func (b Bars) mirror(x, length float64) float64 {
	if b.RTL {
		return viewWidth - x - length
	}
	return x
}

// truncate cuts s to maxLabel runes, the last one an ellipsis.
func truncate(s string) (string, bool) {
	if utf8.RuneCountInString(s) <= maxLabel {
		return s, false
	}
	r := []rune(s)
	cut := string(r[:maxLabel-1])
	// End at a word: half an abbreviation ("(JM…") reads as a code.
	if i := strings.LastIndexAny(cut, " -/"); i > maxLabel/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " -/") + "…", true
}

// num prints a coordinate with at most two decimals, the same way on every
// platform.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// escape makes s safe as XML text or attribute value, which is also safe
// in HTML: it escapes <, >, &, both quotes and line breaks, and replaces
// characters XML forbids.
func escape(s string) string {
	var w strings.Builder
	_ = xml.EscapeText(&w, []byte(s)) // a strings.Builder never fails
	return w.String()
}
