package chart_test

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/kmn-niedersachsen/kmn/internal/stats/chart"
)

// node is an element of the parsed SVG with its direct text.
type node struct {
	name string
	attr map[string]string
	text string
	kids []*node
}

// parse reads the SVG as XML: the output must be well-formed, not only
// something an HTML parser forgives.
func parse(t *testing.T, s string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	if len(root.kids) != 1 || root.kids[0].name != "svg" {
		t.Fatalf("want one <svg> element, got %d elements", len(root.kids))
	}
	return root.kids[0]
}

// all lists the elements below n (n included) that match.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, k := range n.kids {
		out = append(out, k.all(match)...)
	}
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

func classed(class string) func(*node) bool {
	return func(n *node) bool { return strings.Contains(" "+n.attr["class"]+" ", " "+class+" ") }
}

func float(t *testing.T, n *node, attr string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(n.attr[attr], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, attr, n.attr[attr], err)
	}
	return f
}

// texts are the direct texts of the nodes.
func texts(ns []*node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.text
	}
	return out
}

const plotWidth = 376 // 640 minus the label column (200) and room for numbers (64)

func TestSVGStructure(t *testing.T) {
	grouped := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "." + s[i:]
		}
		return s
	}
	tests := []struct {
		name       string
		in         chart.Bars
		rects      int // chart-bar
		compare    int // chart-bar-compare
		values     []string
		hiddenMark string
	}{
		{name: "plain", in: chart.Bars{ID: "c1", Title: "Clients by region", Desc: "The table below gives the figures.",
			Bars: []chart.Bar{{Label: "Hannover", N: 120}, {Label: "Braunschweig", N: 80}, {Label: "Lüneburg", N: 45}}},
			rects: 3, values: []string{"120", "80", "45"}},
		{name: "hidden and zero", in: chart.Bars{ID: "c2", Title: "Clients",
			Bars: []chart.Bar{{Label: "A", N: 30}, {Label: "B", Hidden: true}, {Label: "C", N: 0}}},
			rects: 1, values: []string{"30", "·", "0"}, hiddenMark: "·"},
		{name: "compare", in: chart.Bars{ID: "c3", Title: "Clients, 2026 and 2025",
			Bars:    []chart.Bar{{Label: "A", N: 30}, {Label: "B", N: 12}, {Label: "C", Hidden: true}},
			Compare: []chart.Bar{{Label: "A", N: 25}, {Label: "B", Hidden: true}, {Label: "C", N: 7}}},
			rects: 2, compare: 2, values: []string{"30", "12", "·"}, hiddenMark: "·"},
		{name: "own mark and format", in: chart.Bars{ID: "c4", Title: "Contacts", Hidden: "–", Format: grouped,
			Bars: []chart.Bar{{Label: "A", N: 12345}, {Label: "B", Hidden: true}}},
			rects: 1, values: []string{"12.345", "–"}, hiddenMark: "–"},
		{name: "empty", in: chart.Bars{ID: "c5", Title: "No data yet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(tt.in.SVG())
			if again := string(tt.in.SVG()); again != out {
				t.Error("output differs between two calls")
			}
			svg := parse(t, out)
			checkAccessibleName(t, svg, tt.in)
			if want := "0 0 640 " + strconv.Itoa(16+28*len(tt.in.Bars)); svg.attr["viewBox"] != want {
				t.Errorf("viewBox %q, want %q", svg.attr["viewBox"], want)
			}
			if svg.attr["width"] != "100%" {
				t.Errorf("width %q, want 100%%", svg.attr["width"])
			}
			for _, banned := range []string{"style", "script", "foreignObject"} {
				if n := len(svg.all(named(banned))); n > 0 {
					t.Errorf("%d <%s> elements", n, banned)
				}
			}
			if n := len(svg.all(classed("chart-bar"))); n != tt.rects {
				t.Errorf("%d bars, want %d", n, tt.rects)
			}
			if n := len(svg.all(classed("chart-bar-compare"))); n != tt.compare {
				t.Errorf("%d comparison bars, want %d", n, tt.compare)
			}
			if n := len(svg.all(named("rect"))); n != tt.rects+tt.compare {
				t.Errorf("%d rects, want %d", n, tt.rects+tt.compare)
			}
			if got := texts(svg.all(classed("chart-value"))); strings.Join(got, "|") != strings.Join(tt.values, "|") {
				t.Errorf("values %q, want %q", got, tt.values)
			}
			for _, h := range svg.all(classed("chart-hidden")) {
				if h.text != tt.hiddenMark {
					t.Errorf("hidden value shows %q, want %q", h.text, tt.hiddenMark)
				}
			}
		})
	}
}

// checkAccessibleName: role="img" named by its <title> and described by
// its <desc> through ids that exist.
func checkAccessibleName(t *testing.T, svg *node, in chart.Bars) {
	t.Helper()
	if svg.attr["role"] != "img" {
		t.Errorf("role %q, want img", svg.attr["role"])
	}
	ids := strings.Fields(svg.attr["aria-labelledby"])
	want := []string{in.ID + "-title"}
	if in.Desc != "" {
		want = append(want, in.ID+"-desc")
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Fatalf("aria-labelledby %q, want %q", ids, want)
	}
	for i, id := range ids {
		found := svg.all(func(n *node) bool { return n.attr["id"] == id })
		if len(found) != 1 {
			t.Fatalf("%d elements with id %q", len(found), id)
		}
		wantName, wantText := "title", in.Title
		if i == 1 {
			wantName, wantText = "desc", in.Desc
		}
		if found[0].name != wantName || found[0].text != wantText {
			t.Errorf("id %q is <%s>%s, want <%s>%s", id, found[0].name, found[0].text, wantName, wantText)
		}
	}
}

func TestSVGEscapesText(t *testing.T) {
	hostile := `</text><script>alert("x")</script> & 'y' <b>`
	in := chart.Bars{ID: `x" onload="alert(1)`, Title: hostile, Desc: hostile + "\nsecond line\x00",
		Bars: []chart.Bar{{Label: hostile, N: 3}, {Label: "<short>", N: 1}}}
	out := string(in.SVG())
	svg := parse(t, out)
	if got := svg.all(named("title"))[0].text; got != hostile {
		t.Errorf("title reads %q", got)
	}
	labels := svg.all(classed("chart-label"))
	if full := labels[0].kids[0].text; full != hostile {
		t.Errorf("full label reads %q, want %q", full, hostile)
	}
	if labels[1].text != "<short>" {
		t.Errorf("label reads %q", labels[1].text)
	}
	if _, ok := svg.attr["onload"]; ok {
		t.Error("the id broke out of its attribute")
	}
	// Browsers parse inline SVG with the HTML parser: no script may appear there either.
	doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + out))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "b") {
			t.Errorf("the HTML parser finds a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("the HTML parser finds the attribute %s", a.Key)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// bars is a chart with every kind of row, for the geometry tests.
var bars = chart.Bars{ID: "g", Title: "Geometry",
	Bars:    []chart.Bar{{Label: "Full", N: 100}, {Label: "Half", N: 50}, {Label: "Quarter", N: 25}, {Label: "None", N: 0}, {Label: "Hidden", N: 1000, Hidden: true}},
	Compare: []chart.Bar{{Label: "Full", N: 80}, {Label: "Half", N: 60}, {Label: "Quarter", Hidden: true}, {Label: "None", N: 10}, {Label: "Hidden", N: 40}}}

func TestSVGBarLengths(t *testing.T) {
	cases := []struct {
		name          string
		in            chart.Bars
		bars, compare []float64
	}{
		{"hidden counts do not set the scale", bars,
			[]float64{plotWidth, plotWidth / 2, plotWidth / 4},
			[]float64{plotWidth * 0.8, plotWidth * 0.6, plotWidth * 0.1, plotWidth * 0.4}},
		{"a larger previous period sets the scale", chart.Bars{ID: "p", Title: "P",
			Bars: []chart.Bar{{Label: "A", N: 50}}, Compare: []chart.Bar{{Label: "A", N: 200}}},
			[]float64{plotWidth / 4}, []float64{plotWidth}},
		{"no visible value draws no bar", chart.Bars{ID: "n", Title: "N",
			Bars: []chart.Bar{{Label: "A", Hidden: true}, {Label: "B"}}}, nil, nil},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			svg := parse(t, string(tt.in.SVG()))
			for class, want := range map[string][]float64{"chart-bar": tt.bars, "chart-bar-compare": tt.compare} {
				rects := svg.all(classed(class))
				if len(rects) != len(want) {
					t.Fatalf("%d %s, want %d", len(rects), class, len(want))
				}
				for i, r := range rects {
					if w := float(t, r, "width"); math.Abs(w-want[i]) > 0.01 {
						t.Errorf("%s %d is %v wide, want %v", class, i, w, want[i])
					}
					if x := float(t, r, "x"); x != 200 {
						t.Errorf("%s %d starts at %v, want 200 (the zero line)", class, i, x)
					}
				}
			}
		})
	}
}

// TestSVGMirrorsRTL: right to left, every bar ends where its left-to-right
// twin starts, mirrored, and the texts stand at mirrored anchors.
func TestSVGMirrorsRTL(t *testing.T) {
	rtl := bars
	rtl.RTL = true
	l, r := parse(t, string(bars.SVG())), parse(t, string(rtl.SVG()))
	if l.attr["direction"] != "ltr" || r.attr["direction"] != "rtl" {
		t.Errorf("direction %q and %q, want ltr and rtl", l.attr["direction"], r.attr["direction"])
	}
	lr, rr := l.all(named("rect")), r.all(named("rect"))
	if len(lr) != len(rr) || len(lr) == 0 {
		t.Fatalf("%d and %d rects", len(lr), len(rr))
	}
	for i := range lr {
		w := float(t, lr[i], "width")
		if float(t, rr[i], "width") != w || float(t, rr[i], "y") != float(t, lr[i], "y") {
			t.Errorf("rect %d: size or row differs", i)
		}
		if x := float(t, rr[i], "x"); math.Abs(x+w-(640-float(t, lr[i], "x"))) > 0.01 {
			t.Errorf("rect %d ends at %v right to left, want %v", i, x+w, 640-float(t, lr[i], "x"))
		}
	}
	lt, rt := l.all(named("text")), r.all(named("text"))
	for i := range lt {
		if x := float(t, rt[i], "x"); math.Abs(x-(640-float(t, lt[i], "x"))) > 0.01 {
			t.Errorf("text %q at %v, want %v", lt[i].text, x, 640-float(t, lt[i], "x"))
		}
		if rt[i].attr["text-anchor"] != lt[i].attr["text-anchor"] {
			t.Errorf("text %q: anchor changes; start and end follow the direction already", lt[i].text)
		}
	}
	if lr[0].attr["x"] != "200" || float(t, rr[0], "x")+float(t, rr[0], "width") != 440 {
		t.Error("bars do not grow from the zero line (x 200 left to right, 440 right to left)")
	}
}

func TestSVGTruncatesLabels(t *testing.T) {
	long := "Beratungsstelle Göttingen-Grone für Zugewanderte"
	svg := parse(t, string(chart.Bars{ID: "t", Title: "T", Bars: []chart.Bar{{Label: long, N: 1}, {Label: "Celle", N: 2}}}.SVG()))
	labels := svg.all(classed("chart-label"))
	cut := labels[0]
	if !strings.HasSuffix(cut.text, "…") || utf8.RuneCountInString(cut.text) > 28 || !strings.HasPrefix(long, strings.TrimSuffix(cut.text, "…")) {
		t.Errorf("long label reads %q", cut.text)
	}
	if len(cut.kids) != 1 || cut.kids[0].name != "title" || cut.kids[0].text != long {
		t.Errorf("long label lacks its full text as <title>")
	}
	if labels[1].text != "Celle" || len(labels[1].kids) != 0 {
		t.Errorf("short label reads %q with %d children", labels[1].text, len(labels[1].kids))
	}
}
