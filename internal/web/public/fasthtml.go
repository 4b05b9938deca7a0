package public

import (
	"html"
	"html/template"
	"strings"
)

// The result items of the finder's hottest page are built with
// html.EscapeString instead of html/template, like the select options
// (site.OptionsHTML, which says why).

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
