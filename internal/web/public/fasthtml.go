package public

import (
	"html"
	"html/template"
	"strings"
	"sync/atomic"
)

// The result items of the finder's hottest page are built with
// html.EscapeString instead of html/template, like the select options
// (site.OptionsHTML, which says why). Everything of an item but its "why
// it matches" line depends only on the office and the language, so that
// frame is built once per registry snapshot and language and kept.

// resultFields are the parts of an office's result frame.
type resultFields struct {
	Href, Name             string
	Street, Postcode, City string
	Phone, Tel             string
	Lat, Lon               string
	Programs, Languages    string
}

// resultFrame is an item's HTML before and after its "why" line, for the
// office with id.
type resultFrame struct{ id, head, tail string }

func (it resultFields) frame(id string) resultFrame {
	var b strings.Builder
	attr := func(name, v string) {
		b.WriteString(" " + name + `="`)
		b.WriteString(html.EscapeString(v))
		b.WriteByte('"')
	}
	b.WriteString(`<li class="result"`)
	attr("data-lat", it.Lat)
	attr("data-lon", it.Lon)
	attr("data-name", it.Name)
	attr("data-href", it.Href)
	b.WriteString(`><h3><a`)
	attr("href", it.Href)
	// Office names and addresses are German: marked so, and isolated so
	// a right-to-left page does not move their punctuation.
	b.WriteString(`><bdi lang="de">` + html.EscapeString(it.Name) + "</bdi></a></h3>")
	f := resultFrame{id: id}
	f.head, b = b.String(), strings.Builder{}
	b.WriteString(`<p class="address"><bdi lang="de">` + html.EscapeString(it.Street+", "+it.Postcode+" "+it.City) + "</bdi></p>")
	if it.Programs != "" {
		b.WriteString(`<p class="programs">` + html.EscapeString(it.Programs) + "</p>")
	}
	if it.Languages != "" {
		b.WriteString(`<p class="languages">` + html.EscapeString(it.Languages) + "</p>")
	}
	if it.Phone != "" {
		b.WriteString(`<p class="phone"><a`)
		attr("href", "tel:"+it.Tel)
		b.WriteString(` dir="ltr">` + html.EscapeString(it.Phone) + "</a></p>")
	}
	b.WriteString("</li>")
	f.tail = b.String()
	return f
}

// resultsHTML renders the items of the result list.
func resultsHTML(items []resultView) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 700)
	for _, it := range items {
		b.WriteString(it.Frame.head)
		b.WriteString(`<p class="why">` + html.EscapeString(it.Why) + "</p>")
		b.WriteString(it.Frame.tail)
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}

// frameSet keeps the result frames of one language for one registry
// snapshot: one per office, by its position in the snapshot.
type frameSet struct {
	version string
	frames  []atomic.Pointer[resultFrame]
}

// get returns the frame of office id at ordinal. The results and the set
// may come from two snapshots when the registry changed in between: a
// frame of another office is never used, nor stored.
func (s *frameSet) get(ordinal int, id string, build func() resultFrame) resultFrame {
	if ordinal < 0 || ordinal >= len(s.frames) {
		return build()
	}
	if f := s.frames[ordinal].Load(); f != nil && f.id == id {
		return *f
	}
	f := build()
	if f.id == id {
		s.frames[ordinal].CompareAndSwap(nil, &f)
	}
	return f
}

// framesFor returns the language's frames for the registry version; a new
// version starts an empty set (the old one is dropped with its offices).
func (h *Handler) framesFor(lang, version string, offices int) *frameSet {
	if s, ok := h.frames.Load(lang); ok && s.(*frameSet).version == version {
		return s.(*frameSet)
	}
	s := &frameSet{version: version, frames: make([]atomic.Pointer[resultFrame], offices)}
	h.frames.Store(lang, s)
	return s
}
