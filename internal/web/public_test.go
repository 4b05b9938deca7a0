package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// publicFixture holds the offices the finder tests search for.
type publicFixture struct {
	hannover, youth, goettingen, closed string
}

// newPublicFixture seeds two offices in Hannover, one in Göttingen and a
// closed one in Celle.
func newPublicFixture(t *testing.T, srv *apptest.Server) publicFixture {
	t.Helper()
	ctx := context.Background()
	n := srv.App.Network
	org, err := n.CreateOrganisation(ctx, ministryEditor, network.OrganisationInput{Name: "Caritas Niedersachsen", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	var week hours.Weekly
	for d := 0; d < 5; d++ {
		week[d] = []hours.Interval{{From: hours.ClockOf(9, 0), To: hours.ClockOf(16, 0)}}
	}
	create := func(in network.OfficeInput) string {
		t.Helper()
		in.OrganisationID = org.ID
		o, err := n.CreateOffice(ctx, ministryEditor, in, srv.App.Geo)
		if err != nil {
			t.Fatalf("office %s: %v", in.Name, err)
		}
		return o.ID
	}
	return publicFixture{
		hannover: create(network.OfficeInput{Name: "MBE Caritas Hannover", ExternalID: "pub-1", Street: "Leisewitzstraße 26", Postcode: "30159", City: "Hannover",
			Phone: "0511 123456", Email: "mbe@example.org", Website: "https://example.org/mbe", Hours: hours.Schedule{Weekly: week, ByAppointment: true},
			StepFree: true, Languages: []string{"de", "ar", "en"}, Programs: []string{"mbe"}, Topics: []string{"residence_law", "work"}}),
		youth: create(network.OfficeInput{Name: "JMD Hannover-List", ExternalID: "pub-2", Street: "Lister Meile 1", Postcode: "30161", City: "Hannover",
			Hours: hours.Schedule{Weekly: week}, OnlineCounseling: true, Languages: []string{"de", "fa", "tr"}, Programs: []string{"jmd"}, Topics: []string{"school_training"}}),
		goettingen: create(network.OfficeInput{Name: "Integrationsarbeit Göttingen", ExternalID: "pub-3", Street: "Weender Straße 1", Postcode: "37073", City: "Göttingen",
			Languages: []string{"de", "uk", "ru"}, Programs: []string{"integrationsarbeit"}}),
		closed: create(network.OfficeInput{Name: "Alte Beratungsstelle Celle", ExternalID: "pub-4", Street: "Markt 1", Postcode: "29221", City: "Celle",
			Status: network.Closed, Languages: []string{"de"}, Programs: []string{"mbe"}}),
	}
}

var (
	htmlTagRe  = regexp.MustCompile(`<html lang="([a-z]+)" dir="(ltr|rtl)">`)
	langLinkRe = regexp.MustCompile(`<a href="[^"]*" lang="[a-z]+" hreflang="([a-z]+)"`)
	// rawKeyRe finds a message id that was not translated.
	rawKeyRe = regexp.MustCompile(`>[^<]*\b(public|finder|common|topic|day|status|holiday)\.[a-z_]+[^<]*<`)
)

func publicGet(t *testing.T, c *apptest.Client, path string, want int) string {
	t.Helper()
	resp, body := c.Get(t, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, want, excerptOf(body))
	}
	return body
}

func excerptOf(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

// wantPublicPage checks html lang and dir, the language switch and that
// no message id leaked into the page.
func wantPublicPage(t *testing.T, path, lang, body string, langSwitch bool) {
	t.Helper()
	m := htmlTagRe.FindStringSubmatch(body)
	wantDir := "ltr"
	if lang == "ar" || lang == "fa" {
		wantDir = "rtl"
	}
	if m == nil || m[1] != lang || m[2] != wantDir {
		t.Errorf("%s: html tag %v, want lang=%s dir=%s", path, m, lang, wantDir)
	}
	links := langLinkRe.FindAllStringSubmatch(body, -1)
	if langSwitch {
		var got []string
		for _, l := range links {
			got = append(got, l[1])
		}
		if strings.Join(got, ",") != strings.Join(i18n.Public, ",") {
			t.Errorf("%s: language switch links %v, want %v", path, got, i18n.Public)
		}
		if !strings.Contains(body, `aria-current="page">`) {
			t.Errorf("%s: the current language is not marked", path)
		}
	} else if len(links) > 0 {
		t.Errorf("%s: print view has a language switch", path)
	}
	if k := rawKeyRe.FindString(body); k != "" {
		t.Errorf("%s: untranslated message id in %q", path, k)
	}
	if strings.Contains(body, " style=") || strings.Contains(body, "<script>") || strings.Contains(body, "shell.") {
		t.Errorf("%s: inline style or script, or a staff key", path)
	}
}

func TestPublicPagesInEveryLanguage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	f := newPublicFixture(t, srv)
	c := srv.NewClient(t)
	for _, lang := range i18n.Public {
		t.Run(lang, func(t *testing.T) {
			for _, p := range []string{"/", "/search", "/search?q=30159", "/offices/" + f.hannover, "/offices/" + f.closed} {
				path := "/" + lang + p
				wantPublicPage(t, path, lang, publicGet(t, c, path, http.StatusOK), true)
			}
			path := "/" + lang + "/offices/" + f.hannover + "/print"
			body := publicGet(t, c, path, http.StatusOK)
			wantPublicPage(t, path, lang, body, false)
			if strings.Contains(body, "public-map") || strings.Contains(body, "<nav") || !strings.Contains(body, "MBE Caritas Hannover") {
				t.Errorf("%s: print view has a map or navigation, or lacks the office", path)
			}
		})
	}
}

func TestPublicHomeExplainsPrograms(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	newPublicFixture(t, srv)
	body := publicGet(t, srv.NewClient(t), "/de/", http.StatusOK)
	for _, want := range []string{"ab 27 Jahren", "12 bis 27", "Integrationsarbeit", "Kommunale Leitstellen", "kostet nichts", "vertraulich",
		`action="/de/search"`, `id="locate"`, " hidden "} {
		if !strings.Contains(body, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
}

func TestPublicSearch(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	f := newPublicFixture(t, srv)
	c := srv.NewClient(t)

	t.Run("postcode", func(t *testing.T) {
		body := publicGet(t, c, "/de/search?q=30159", http.StatusOK)
		for _, want := range []string{"MBE Caritas Hannover", "JMD Hannover-List", " km", "/de/offices/" + f.hannover, `data-lat="`, `class="map public-map"`, "GeoBasis-DE"} {
			if !strings.Contains(body, want) {
				t.Errorf("results lack %q", want)
			}
		}
		if strings.Contains(body, "Göttingen</bdi>") || strings.Contains(body, "Alte Beratungsstelle") {
			t.Errorf("results hold an office beyond 50 km or a closed one")
		}
		if i, j := strings.Index(body, "MBE Caritas Hannover"), strings.Index(body, "JMD Hannover-List"); i < 0 || j < 0 || i > j {
			t.Errorf("the nearer office is not first")
		}
	})
	t.Run("language filter names the language", func(t *testing.T) {
		body := publicGet(t, c, "/de/search?q=30159&lang_spoken=ar", http.StatusOK)
		if !strings.Contains(body, "spricht Arabisch") || strings.Contains(body, "JMD Hannover-List") {
			t.Errorf("language filter: %s", excerptOf(body))
		}
		body = publicGet(t, c, "/en/search?q=30159&lang_spoken=ar", http.StatusOK)
		if !strings.Contains(body, "speaks Arabic") {
			t.Errorf("English reason lacks \"speaks Arabic\"")
		}
	})
	t.Run("empty result suggests more", func(t *testing.T) {
		body := publicGet(t, c, "/de/search?q=30159&radius=5&lang_spoken=uk", http.StatusOK)
		if !strings.Contains(body, "empty-state") || !strings.Contains(body, "radius=10") || !strings.Contains(body, "Ohne Filter suchen") {
			t.Errorf("empty state: %s", excerptOf(body))
		}
	})
	t.Run("bad parameters", func(t *testing.T) {
		for lang, want := range map[string]string{"de": "Der Umkreis muss zwischen 1 und 300 km liegen", "en": "The distance must be between 1 and 300 km"} {
			body := publicGet(t, c, "/"+lang+"/search?q=30159&radius=99999", http.StatusBadRequest)
			if !strings.Contains(body, want) || !strings.Contains(body, "error-summary") || !strings.Contains(body, `href="#radius"`) {
				t.Errorf("%s: 400 page lacks %q or the summary", lang, want)
			}
			wantPublicPage(t, "bad "+lang, lang, body, true)
		}
		for _, q := range []string{"page=0", "age=abc", "lat=91&lon=9", "lang_spoken=xx1", "online=maybe", "q=" + strings.Repeat("x", 101)} {
			body := publicGet(t, c, "/ar/search?"+q, http.StatusBadRequest)
			wantPublicPage(t, "bad "+q, "ar", body, true)
			if !strings.Contains(body, "error-summary") {
				t.Errorf("%s: no error summary", q)
			}
		}
	})
	t.Run("unknown postcode", func(t *testing.T) {
		body := publicGet(t, c, "/de/search?q=3015", http.StatusOK)
		if !strings.Contains(body, "keine gültige Postleitzahl") {
			t.Errorf("malformed postcode: %s", excerptOf(body))
		}
		body = publicGet(t, c, "/de/search?q=Hanover", http.StatusOK)
		if !strings.Contains(body, "Wir kennen") || !strings.Contains(body, `class="suggestions"`) || !strings.Contains(body, `href="/de/search?q=`) {
			t.Errorf("unknown place without suggestions: %s", excerptOf(body))
		}
	})
	t.Run("pages", func(t *testing.T) {
		body := publicGet(t, c, "/de/search?q=30159&page=1&radius=300", http.StatusOK)
		if !strings.Contains(body, "Integrationsarbeit Göttingen") {
			t.Errorf("300 km does not reach Göttingen")
		}
	})
}

func TestPublicOffice(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	f := newPublicFixture(t, srv)
	c := srv.NewClient(t)
	body := publicGet(t, c, "/en/offices/"+f.hannover, http.StatusOK)
	for _, want := range []string{`href="tel:0511123456"`, "mailto:mbe@example.org", "Arabic", "Migration Counseling for Adults", "Residence law",
		"Step-free access", "Opening hours", "Appointments also by arrangement", `class="map map-small public-map"`, "/en/offices/" + f.hannover + "/print"} {
		if !strings.Contains(body, want) {
			t.Errorf("office page lacks %q", want)
		}
	}
	body = publicGet(t, c, "/de/offices/"+f.closed, http.StatusOK)
	if !strings.Contains(body, "Diese Beratungsstelle ist geschlossen") || strings.Contains(body, "public-map") {
		t.Errorf("closed office without notice, or with a map")
	}
	for _, lang := range []string{"de", "ar"} {
		body = publicGet(t, c, "/"+lang+"/offices/gibt-es-nicht", http.StatusNotFound)
		wantPublicPage(t, "404 "+lang, lang, body, true)
	}
	publicGet(t, c, "/xx/", http.StatusNotFound)
}

var stylesheetRe = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`)
var scriptRe = regexp.MustCompile(`<script src="([^"]+)"`)

// TestPublicPageWeight keeps the finder light for phones on slow
// connections: HTML and CSS of the results page (with the map's CSS, but
// without the map's scripts) and the start page with its script stay
// under 100 KB.
func TestPublicPageWeight(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	newPublicFixture(t, srv)
	c := srv.NewClient(t)
	for _, path := range []string{"/de/search?q=30159&radius=300", "/de/"} {
		body := publicGet(t, c, path, http.StatusOK)
		total := len(body)
		for _, m := range stylesheetRe.FindAllStringSubmatch(body, -1) {
			total += len(publicGet(t, c, m[1], http.StatusOK))
		}
		for _, m := range scriptRe.FindAllStringSubmatch(body, -1) {
			if strings.Contains(m[1], "public.") {
				total += len(publicGet(t, c, m[1], http.StatusOK))
			}
		}
		t.Logf("%s: %d bytes", path, total)
		if total > 100<<10 {
			t.Errorf("%s weighs %d bytes, want at most 100 KB", path, total)
		}
	}
}

// TestPublicSearchPageFollowsQueryAndTime: a search written two ways (order,
// an unknown parameter) is one page whose links carry only the canonical
// query; the page changes when an office shown closes, without waiting for
// a minute or a registry change; it names the office's languages and says
// "today" or "tomorrow" instead of a weekday.
func TestPublicSearchPageFollowsQueryAndTime(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	newPublicFixture(t, srv)
	c := srv.NewClient(t)
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 12, day, hour, minute, 0, 0, clock.Berlin())
	}

	srv.Clock.Set(at(7, 15, 58)) // Monday
	first := publicGet(t, c, "/de/search?q=30159&radius=20&utm_source=flyer", http.StatusOK)
	again := publicGet(t, c, "/de/search?radius=20&q=30159&utm_source=poster", http.StatusOK)
	if first != again {
		t.Error("the same search written two ways gives different pages")
	}
	for _, want := range []string{"geöffnet bis 16:00 Uhr", "Sprachen: Arabisch, Deutsch, Englisch", `<bdi lang="de">MBE Caritas Hannover</bdi>`} {
		if !strings.Contains(first, want) {
			t.Errorf("Monday 15:58: page lacks %q", want)
		}
	}
	if strings.Contains(first, "utm_source") {
		i := strings.Index(first, "utm_source")
		t.Errorf("page links carry an unknown parameter: %s", first[max(0, i-200):i+50])
	}

	srv.Clock.Set(at(7, 16, 1))
	closed := publicGet(t, c, "/de/search?q=30159&radius=20", http.StatusOK)
	if strings.Contains(closed, "geöffnet bis 16:00 Uhr") || !strings.Contains(closed, "öffnet morgen um 09:00 Uhr") {
		t.Errorf("Monday 16:01: page still shows the offices open or lacks \"morgen\": %s", excerptOf(closed))
	}
	srv.Clock.Set(at(8, 7, 0))
	if body := publicGet(t, c, "/de/search?q=30159&radius=20", http.StatusOK); !strings.Contains(body, "öffnet heute um 09:00 Uhr") {
		t.Errorf("Tuesday 07:00: no \"heute\": %s", excerptOf(body))
	}
	srv.Clock.Set(at(11, 17, 0)) // Friday evening
	if body := publicGet(t, c, "/en/search?q=30159&radius=20", http.StatusOK); !strings.Contains(body, "opens Monday at 09:00") {
		t.Errorf("Friday 17:00: no weekday: %s", excerptOf(body))
	}
}

// TestPublicSearchSkeletonMatchesTemplate: anonymous searches fill a page
// skeleton (public/skeleton.go), signed-in staff get the page executed by
// html/template. Both must read the same, character for character once
// HTML escapes are resolved, for searches with and without filters,
// results, a notice, an empty list and several pages, in a left-to-right
// and a right-to-left language, on the demo network.
func TestPublicSearchSkeletonMatchesTemplate(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	anon := srv.NewClient(t)
	staff := srv.NewClient(t)
	staff.Login(t, srv.CreateAccount(t, "skelett@public.example", perm.Ministry, perm.Statewide, ""))
	queries := []string{
		"q=30159",
		"q=30159&page=2",
		"q=30159&lang_spoken=ar&online=1&step_free=1&open_now=1&radius=20",
		"q=37073&program=jmd&topic=school_training&age=19",
		"q=30159&radius=1&lang_spoken=uk",
		"q=28195",
		"lat=52.37&lon=9.73&radius=300",
		"q=G%C3%B6ttingen&radius=30",
	}
	shapes := map[string]bool{}
	for _, lang := range []string{"de", "ar", "uk"} {
		for _, q := range queries {
			path := "/" + lang + "/search?" + q
			a := html.UnescapeString(publicGet(t, anon, path, http.StatusOK))
			b := html.UnescapeString(publicGet(t, staff, path, http.StatusOK))
			for _, shape := range []string{`class="pager"`, `class="notice"`, `class="empty-state"`, `rel="prev"`, ` checked`} {
				if strings.Contains(a, shape) {
					shapes[shape] = true
				}
			}
			if a != b {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("%s: skeleton and template differ at byte %d:\nskeleton: %q\ntemplate: %q", path, i,
					a[max(0, i-80):min(len(a), i+80)], b[max(0, i-80):min(len(b), i+80)])
			}
		}
	}
	if len(shapes) != 5 {
		t.Errorf("the searches did not cover every shape of the page: %v", shapes)
	}
}
