package public

import (
	"html"
	"html/template"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The finder's results page is the platform's hottest page. html/template
// calls its escapers through reflection for every interpolation, which
// made the long, repetitive parts (select options, result items) most of
// the page's cost. Those parts are built here with html.EscapeString
// instead: every value is escaped, and only values we build ourselves
// (paths, numbers) go into URL attributes.

// optionsHTML renders <option> elements for choices.
func optionsHTML(choices []site.Choice) template.HTML {
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

// resultsHTML renders the items of the result list.
func resultsHTML(items []resultView) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 600)
	for _, it := range items {
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
		b.WriteString(">" + html.EscapeString(it.Name) + "</a></h3>")
		b.WriteString(`<p class="why">` + html.EscapeString(it.Why) + "</p>")
		b.WriteString(`<p class="address">` + html.EscapeString(it.Street+", "+it.Postcode+" "+it.City) + "</p>")
		if it.Programs != "" {
			b.WriteString(`<p class="programs">` + html.EscapeString(it.Programs) + "</p>")
		}
		if it.Phone != "" {
			b.WriteString(`<p class="phone"><a`)
			attr("href", "tel:"+it.Tel)
			b.WriteString(` dir="ltr">` + html.EscapeString(it.Phone) + "</a></p>")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}
