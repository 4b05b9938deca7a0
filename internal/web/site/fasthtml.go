package site

import (
	"html"
	"html/template"
	"strings"
)

// The finder's results page is the platform's hottest page. html/template
// calls its escapers through reflection for every interpolation, which
// made the long, repetitive parts (select options, result items) most of
// the page's cost. Those parts are built with html.EscapeString instead:
// every value is escaped, and only values we build ourselves (paths,
// numbers) go into URL attributes.

// OptionsHTML renders <option> elements for choices (the template
// function "options").
func OptionsHTML(choices []Choice) template.HTML {
	var b strings.Builder
	b.Grow(len(choices) * 48)
	for _, c := range choices {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(c.Value))
		b.WriteByte('"')
		if c.Selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(c.Label))
		b.WriteString("</option>")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}
