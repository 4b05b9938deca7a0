package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// hrefRe finds the links of a page.
var hrefRe = regexp.MustCompile(`<a\b[^>]*\bhref="(/[^"#]*)"[^>]*>`)

// skipLink says whether the crawl leaves a link alone: signing out,
// downloads, static files, the API and the language switch.
func skipLink(tag, href string) bool {
	for _, p := range []string{"/logout", "/static/", "/api/", "/language", "/geo/", "/network/districts.geojson"} {
		if strings.HasPrefix(href, p) {
			return true
		}
	}
	return strings.Contains(tag, " download") || strings.Contains(href, "/export") || strings.Contains(href, "format=")
}

// pattern is a path with its ids replaced, to visit a few of each kind.
func pattern(href string) string {
	p := uuidRe.ReplaceAllString(href, "{id}")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i] + "?…"
	}
	return p
}

// crawl visits the pages reachable from start by GET links (at most
// perPattern of each path pattern, max pages in all) and calls check on
// each.
func crawl(t *testing.T, c *apptest.Client, start string, perPattern, max int, check func(path, body string)) int {
	t.Helper()
	seen, patterns := map[string]bool{start: true}, map[string]int{}
	queue := []string{start}
	visited := 0
	for len(queue) > 0 && visited < max {
		path := queue[0]
		queue = queue[1:]
		resp, body := c.Get(t, path)
		if resp.StatusCode == http.StatusSeeOther { // "/" leads to the dashboard
			continue
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		visited++
		check(path, body)
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			if seen[href] || skipLink(m[0], href) {
				continue
			}
			seen[href] = true
			if patterns[pattern(href)] >= perPattern {
				continue
			}
			patterns[pattern(href)]++
			queue = append(queue, href)
		}
	}
	return visited
}

// externalIDs are the registry's own keys (offices', organisations'):
// import keys, never what a page shows as a name.
func externalIDs(t *testing.T, srv *apptest.Server) []string {
	t.Helper()
	var ids []string
	err := srv.App.Network.EachOffice(context.Background(), network.OfficeFilter{}, func(o network.Office) error {
		ids = append(ids, o.ExternalID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestStaffPagesShowNamesNotCodes signs in with each demo account and
// walks every page its links reach: none may show a row id, a message id,
// a registry key or an ISO country or language code where a name belongs.
func TestStaffPagesShowNamesNotCodes(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids := externalIDs(t, srv)
	for _, email := range []string{"beratung@kmn.example", "leitung@kmn.example", "region@kmn.example",
		"ministerium@kmn.example", "admin@kmn.example", "partner@kmn.example"} {
		t.Run(email, func(t *testing.T) {
			c, _ := demoLogin(t, srv, email)
			n := crawl(t, c, "/dashboard", 2, 120, func(path, body string) {
				if found := rawCodes(body, ids); len(found) > 0 {
					t.Errorf("%s shows codes: %q", path, found)
				}
			})
			if n < 10 {
				t.Errorf("crawled only %d pages", n)
			}
			t.Logf("%d pages", n)
		})
	}
}

// TestPublicPagesMarkGermanAndShowNames walks the public pages in every
// language from the start page (search results, office pages, print
// views, the accessibility statement): no codes where names belong, and
// on a page in another language every German text inside an element
// marked lang="de" (office names and addresses included).
func TestPublicPagesMarkGermanAndShowNames(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids := externalIDs(t, srv)
	for _, lang := range i18n.Public {
		t.Run(lang, func(t *testing.T) {
			c := srv.NewClient(t)
			start := "/" + lang + "/search?q=" + url.QueryEscape("30159 Hannover")
			n := crawl(t, c, start, 3, 40, func(path, body string) {
				if !strings.HasPrefix(path, "/"+lang+"/") {
					return // the language switch leads to the other languages' pages
				}
				if found := rawCodes(body, ids); len(found) > 0 {
					t.Errorf("%s shows codes: %q", path, found)
				}
				if found := unmarkedGermanText(body, lang); len(found) > 0 {
					t.Errorf("%s has German text not marked lang=\"de\": %q", path, found)
				}
			})
			if n < 5 {
				t.Errorf("crawled only %d pages", n)
			}
		})
	}
}
