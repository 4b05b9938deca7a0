package app

import (
	"net/url"
	"regexp"
	"strings"
)

var stylesheetRe = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// stylesheetURLs lists the stylesheet paths a page links, except the map's.
func stylesheetURLs(html string) []string {
	var out []string
	for _, m := range stylesheetRe.FindAllStringSubmatch(html, -1) {
		if !strings.Contains(m[1], "leaflet") && !strings.Contains(m[1], "markercluster") {
			out = append(out, m[1])
		}
	}
	return out
}

func baseOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
