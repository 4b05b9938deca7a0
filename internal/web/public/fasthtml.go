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
		// Office names and addresses are German: marked so, and isolated so
		// a right-to-left page does not move their punctuation.
		b.WriteString(`><bdi lang="de">` + html.EscapeString(it.Name) + "</bdi></a></h3>")
		b.WriteString(`<p class="why">` + html.EscapeString(it.Why) + "</p>")
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
	}
	return template.HTML(b.String()) // #nosec G203 -- every value escaped above
}
