package browser_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// arabicScreenshot is where the finder journey leaves the Arabic results
// page for a human to look at.
const arabicScreenshot = "/tmp/kmn-public-ar.png"

// seedFinder creates offices in and around Hannover (dense enough for the
// map to group markers) and one in Göttingen.
func seedFinder(t *testing.T, srv *apptest.Server) {
	t.Helper()
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Caritas Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	var week hours.Weekly
	for d := 0; d < 5; d++ {
		week[d] = []hours.Interval{{From: hours.ClockOf(9, 0), To: hours.ClockOf(16, 0)}}
	}
	offices := []network.OfficeInput{
		{Name: "MBE Caritas Hannover", Street: "Leisewitzstraße 26", Postcode: "30159", City: "Hannover", Phone: "0511 123456",
			Languages: []string{"de", "ar"}, Programs: []string{"mbe"}, Topics: []string{"residence_law"}, StepFree: true},
		{Name: "JMD Hannover-List", Street: "Lister Meile 1", Postcode: "30161", City: "Hannover", Languages: []string{"de", "fa"}, Programs: []string{"jmd"}},
		{Name: "Integrationsarbeit Linden", Street: "Limmerstraße 1", Postcode: "30451", City: "Hannover", Languages: []string{"de", "tr"}, Programs: []string{"integrationsarbeit"}},
		{Name: "MBE Langenhagen", Street: "Marktplatz 1", Postcode: "30853", City: "Langenhagen", Languages: []string{"de", "ru", "uk"}, Programs: []string{"mbe"}},
		{Name: "Integrationsarbeit Göttingen", Street: "Weender Straße 1", Postcode: "37073", City: "Göttingen", Languages: []string{"de", "uk"}, Programs: []string{"integrationsarbeit"}},
	}
	for _, in := range offices {
		in.OrganisationID, in.Hours = org.ID, hours.Schedule{Weekly: week}
		if _, err := srv.App.Network.CreateOffice(ctx, ministry, in, srv.App.Geo); err != nil {
			t.Fatalf("office %s: %v", in.Name, err)
		}
	}
}

// waitMarkers waits until the map under selector shows office markers or
// clusters and returns how many.
func (b *tab) waitMarkers(t *testing.T, selector string) int {
	t.Helper()
	sel := selector + " .office-marker, " + selector + " .marker-cluster"
	b.Run(t, chromedp.WaitVisible(sel))
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
}

func (b *tab) dir(t *testing.T) string {
	t.Helper()
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](`document.documentElement.dir`))
}

func (b *tab) count(t *testing.T, selector string) int {
	t.Helper()
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(selector)+`).length`))
}

// search fills the search text and submits the finder's form.
func (b *tab) search(t *testing.T, text, lang string) {
	t.Helper()
	b.Fill(t, "#q", text)
	b.submit(t, ".q-row button[type=submit]", http.StatusOK, "/"+lang+"/search")
}

// TestBrowserPublicFinder: a visitor searches by postcode in German and in
// Arabic, filters by language, opens an office, switches its language and
// prints it; axe checks every public page.
func TestBrowserPublicFinder(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	seedFinder(t, srv)

	t.Run("German search, filter, office, language, print", func(t *testing.T) {
		b := newTab(t, srv)
		b.open(t, "/de/", "start page (de)")
		if l, d := b.lang(t), b.dir(t); l != "de" || d != "ltr" {
			t.Errorf("start page lang/dir = %s/%s, want de/ltr", l, d)
		}
		if n := b.count(t, ".public-langs a[hreflang][lang]"); n != len(i18n.Public) {
			t.Errorf("language switch has %d links, want %d", n, len(i18n.Public))
		}
		if b.Exists(t, "#locate[hidden]") {
			t.Errorf("the location button stays hidden with JavaScript on")
		}
		b.search(t, "30159", "de")
		b.check(t, "results (de)")
		if n := b.count(t, "#results .result"); n != 4 {
			t.Errorf("%d results for 30159, want the 4 offices around Hannover", n)
		}
		if why := b.Text(t, "#results .result .why"); !strings.Contains(why, "km") {
			t.Errorf("first result says %q, want a distance", why)
		}
		if n := b.waitMarkers(t, "#results-map"); n == 0 {
			t.Errorf("results map draws no markers")
		}

		b.Click(t, ".finder-filters summary")
		b.Select(t, "#lang_spoken", "ar")
		b.submit(t, ".finder-filters button[type=submit]", http.StatusOK, "/de/search")
		b.check(t, "results filtered by Arabic (de)")
		if n := b.count(t, "#results .result"); n != 1 {
			t.Errorf("%d results speak Arabic, want 1", n)
		}
		if why := b.Text(t, "#results .result .why"); !strings.Contains(why, "spricht Arabisch") {
			t.Errorf("filtered result says %q, want \"spricht Arabisch\"", why)
		}

		b.submit(t, "#results .result h3 a", http.StatusOK, "")
		if !strings.Contains(b.URL(t), "/de/offices/") {
			t.Fatalf("result link went to %s", b.URL(t))
		}
		b.check(t, "office (de)")
		if h1 := b.Text(t, "h1"); h1 != "MBE Caritas Hannover" {
			t.Errorf("office h1 = %q", h1)
		}
		if n := b.waitMarkers(t, "#office-map"); n != 1 {
			t.Errorf("office map shows %d markers, want 1", n)
		}
		if got := b.attr(t, `#main a[href^="tel:"]`, "href"); got != "tel:0511123456" {
			t.Errorf("phone link %q", got)
		}

		b.submit(t, `.public-langs a[hreflang="en"]`, http.StatusOK, "")
		if !strings.Contains(b.URL(t), "/en/offices/") || b.lang(t) != "en" {
			t.Errorf("language switch went to %s (lang %s)", b.URL(t), b.lang(t))
		}
		b.check(t, "office (en)")
		if langs := b.Text(t, "#office-languages"); !strings.Contains(langs, "Arabic") {
			t.Errorf("languages in English: %q", langs)
		}

		b.submit(t, ".print-link a", http.StatusOK, "/print")
		b.check(t, "print view (en)")
		if b.Exists(t, ".public-map") || b.Exists(t, ".public-langs") || b.Exists(t, ".site-header") {
			t.Errorf("print view has a map, language switch or header")
		}
	})

	t.Run("Arabic search, right to left", func(t *testing.T) {
		b := newTab(t, srv)
		b.open(t, "/ar/", "start page (ar)")
		if l, d := b.lang(t), b.dir(t); l != "ar" || d != "rtl" {
			t.Errorf("lang/dir = %s/%s, want ar/rtl", l, d)
		}
		b.search(t, "30159", "ar")
		b.check(t, "results (ar)")
		if d := b.dir(t); d != "rtl" {
			t.Errorf("results dir = %s, want rtl", d)
		}
		if n := b.count(t, "#results .result"); n != 4 {
			t.Errorf("%d results in Arabic, want 4", n)
		}
		b.waitMarkers(t, "#results-map")
		b.Screenshot(t, arabicScreenshot)
	})

	t.Run("axe on every public page", func(t *testing.T) {
		b := newTab(t, srv)
		for _, l := range i18n.Public {
			b.open(t, "/"+l+"/", "start page ("+l+")")
			b.open(t, "/"+l+"/search?q=30159&radius=10", "results ("+l+")")
		}
		b.open(t, "/de/search?q=Hanover", "unknown place (de)")
		if !b.Exists(t, ".suggestions a") {
			t.Errorf("no suggestions for an unknown place")
		}
		b.open(t, "/fa/search?q=30159&radius=5&lang_spoken=uk", "empty results (fa)")
		if status := b.Navigate(t, srv.URL+"/de/search?q=30159&radius=99999"); status != http.StatusBadRequest {
			t.Errorf("absurd radius: status %d, want 400", status)
		}
		b.expected = "Failed to load resource: the server responded with a status of 400 (Bad Request) (" + b.URL(t) + ")"
		b.wantErrorSummary(t, "#radius")
		b.check(t, "bad radius (de)")
	})

	t.Run("results before the map on a phone", func(t *testing.T) {
		b := newTab(t, srv)
		b.SetWidth(t, 390)
		b.open(t, "/ar/search?q=30159&radius=10", "results at 390 px (ar)")
		top := func(sel string) int {
			return browsertest.Get(t, b.Browser, chromedp.Evaluate[int](`Math.round(document.querySelector(`+jsString(sel)+`).getBoundingClientRect().top + window.scrollY)`))
		}
		first, mapTop := top("#results .result"), top("#results-map")
		if first >= mapTop || first > 700 {
			t.Errorf("first result at %d px, map at %d px: want the result first, within the first screen", first, mapTop)
		}
		if width, where := b.Overflow(t); width > 0 {
			t.Errorf("results page scrolls sideways by %d px at 390 px (%s)", width, where)
		}
	})
}
