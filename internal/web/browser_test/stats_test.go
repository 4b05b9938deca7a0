package browser_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
)

// TestBrowserStatisticsJourney: the ministry opens the statewide
// statistics of the demo, drills into a region, switches to the contacts,
// downloads the region's XLSX and the state's annual report (both read
// back and checked), and asks for a period that has not begun (refused,
// nothing counted). Every chart sits beside its table. The public page
// shows the same figures in German and Arabic. Axe on every page; no
// page scrolls sideways at 390 px.
func TestBrowserStatisticsJourney(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ministry := app.DemoAccounts[1]
	b := newTab(t, srv)
	b.login(t, ministry.Email, ministry.Password, ministry.TOTPSecret)
	b.open(t, "/statistics", "statewide statistics")
	b.waitText(t, "h1", "Niedersachsen")
	b.chartsHaveTables(t)

	b.Click(t, `#fig-clients-program ~ div a[href*="level=region"][href*="id=braunschweig"], section[aria-labelledby="fig-clients-program"] a[href*="id=braunschweig"]`)
	b.waitPath(t, "/statistics")
	b.waitText(t, "h1", "Braunschweig")
	b.check(t, "region statistics")
	b.chartsHaveTables(t)
	if !strings.Contains(b.Text(t, "nav.crumbs"), "Niedersachsen") {
		t.Error("the region's page does not lead back to the state")
	}
	b.Click(t, `nav.tabs a[href*="family=contacts"]`)
	b.waitText(t, "main", "Beratungskontakte nach Kanal")
	b.check(t, "region contacts")

	xlsx := b.download(t, b.attr(t, `p.export a[href*="format=xlsx"]`, "href"))
	book, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	sheets := book.GetSheetList()
	if len(sheets) < 10 || sheets[len(sheets)-1] != "Legende" {
		t.Errorf("XLSX sheets %v", sheets)
	}
	rows, err := book.GetRows(sheets[0])
	if err != nil || len(rows) < 3 || rows[1][2] != "Braunschweig" {
		t.Errorf("first sheet of the region: %v (%v)", rows, err)
	}

	for _, tab := range []string{"programs", "network"} {
		b.open(t, "/statistics?family="+tab, "statewide "+tab)
		b.chartsHaveTables(t)
	}
	b.open(t, "/statistics", "statewide again")
	pdf := b.download(t, b.attr(t, `a[href^="/statistics/report.pdf"]`, "href"))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the report is no PDF: %.20q", pdf)
	}
	if pages := len(regexp.MustCompile(`/Type /Page\b`).FindAll(pdf, -1)); pages < 11 {
		t.Errorf("the statewide report has %d pages, want the state and a page per region (11+)", pages)
	}

	b.Select(t, "#kind", "year")
	b.Fill(t, "#value", "2999")
	b.submit(t, `form[action="/statistics"] button[type=submit]`, http.StatusUnprocessableEntity, "/statistics")
	b.wantErrorSummary(t, "#value")
	b.check(t, "refused period")
	if b.Exists(t, ".stats-figure") {
		t.Error("a refused period still shows figures")
	}

	// On a phone, no statistics page scrolls sideways (wide tables
	// scroll in their own focusable frame).
	b.SetWidth(t, 390)
	for _, p := range []string{"/statistics", "/statistics?level=region&id=braunschweig&family=contacts",
		"/statistics?family=programs", "/statistics?family=network", "/de/statistics", "/ar/statistics"} {
		b.page(t, p, p+" at 390 px")
	}
	b.SetWidth(t, 1280)

	for _, lang := range []string{"de", "ar"} {
		b.open(t, "/"+lang+"/statistics", "public statistics "+lang)
		b.chartsHaveTables(t)
		csv := b.download(t, b.attr(t, `a[href*="statistics.csv"]`, "href"))
		if !strings.Contains(string(csv), "clients") || !strings.Contains(string(csv), "braunschweig") {
			t.Errorf("%s CSV lacks the regions' figures", lang)
		}
	}
}

// chartsHaveTables fails when a figure's chart has no table beside it
// (or a figure has no chart).
func (b *tab) chartsHaveTables(t *testing.T) {
	t.Helper()
	js := `[...document.querySelectorAll(".stats-figure")].map(s =>
		(s.querySelector("svg[role=img]") ? 1 : 0) + (s.querySelector("table") ? 2 : 0) + (s.querySelector("svg[role=img]")?.getAttribute("aria-labelledby") ? 4 : 0))`
	got := browsertest.Get(t, b.Browser, chromedp.Evaluate[[]int](js))
	if len(got) == 0 {
		t.Fatalf("no figure on %s", b.URL(t))
	}
	for i, v := range got {
		if v != 7 {
			t.Errorf("figure %d on %s: chart %v, table %v, named %v", i, b.URL(t), v&1 != 0, v&2 != 0, v&4 != 0)
		}
	}
}

// download fetches href in the page (with its session) and returns the body.
func (b *tab) download(t *testing.T, href string) []byte {
	t.Helper()
	js := `(async () => {
		const r = await fetch(` + jsString(href) + `, {credentials: "same-origin"});
		if (!r.ok) return "status " + r.status;
		const buf = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < buf.length; i += 32768) s += String.fromCharCode(...buf.subarray(i, i + 32768));
		return "ok " + btoa(s);
	})()`
	out := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	data, ok := strings.CutPrefix(out, "ok ")
	if !ok {
		t.Fatalf("download %s: %s", href, out)
	}
	body, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	return body
}
