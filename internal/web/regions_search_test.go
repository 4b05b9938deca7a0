package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// searchRow is an item of the regional search index, written straight
// into the table (with its terms computed by ReanalyseSearch), as the
// regional stores index what they write.
type searchRow struct {
	kind, id, space, topic, title, body, href string
	on                                        time.Time
	coordinatorsOnly                          bool
}

func indexRows(t *testing.T, srv *apptest.Server, rows ...searchRow) {
	t.Helper()
	ctx := context.Background()
	for _, r := range rows {
		if _, err := srv.App.DB.Exec(ctx, `INSERT INTO regional_search (kind, item_id, space, topic, happened_on, title, body, href,
			coordinators_only, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.kind, r.id, r.space, r.topic, r.on, r.title, r.body, r.href, r.coordinatorsOnly, srv.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.App.Regional.ReanalyseSearch(ctx); err != nil {
		t.Fatal(err)
	}
}

// regionSearchFixture: a coordinator of hannover, a partner organisation
// that is a member of braunschweig, the ministry, and one item of each
// kind in hannover, braunschweig and the state's space.
func regionSearchFixture(t *testing.T) (srv *apptest.Server, coord, other, ministry *apptest.Client) {
	t.Helper()
	srv = apptest.Start(t, apptest.Options{})
	accCoord := srv.CreateAccount(t, "koordination-s@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	accOtherCoord := srv.CreateAccount(t, "koordination-bs-s@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	accOther := srv.CreateAccount(t, "mitglied-bs-s@example.org", perm.Partner, perm.Organisation, "rv-search-bs")
	accMinistry := srv.CreateAccount(t, "ministerium-s@example.org", perm.Ministry, perm.Statewide, "")
	x, err := srv.App.Regional.ParticipantOf(context.Background(), srv.Principal(t, accOtherCoord))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Regional.AddMember(context.Background(), x, "braunschweig", accOther.ScopeID); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	indexRows(t, srv,
		searchRow{kind: "meeting", id: "m-h", space: "hannover", title: "Planung der Sprachkurse für Eltern",
			body: "Wir besprechen <b>Wohnungen</b> und Ärzte.", href: "/meetings/m-h", on: day("2026-03-01")},
		searchRow{kind: "decision", id: "dec-h", space: "hannover", topic: "housing", title: "Beschluss",
			body: "Das Netzwerk richtet eine Arbeitsgruppe Wohnen ein.", href: "/meetings/m-h/minutes", on: day("2026-02-01")},
		searchRow{kind: "decision", id: "dec-draft", space: "hannover", title: "Beschluss (Entwurf)", body: "Ein Straßenfest im Sommer.",
			href: "/meetings/m-h/minutes", on: day("2026-02-01"), coordinatorsOnly: true},
		searchRow{kind: "document", id: "d-bs", space: "braunschweig", title: "Konzept Sprachkurs", body: "Konzeptpapier.",
			href: "/documents/d-bs", on: day("2026-04-01")},
		searchRow{kind: "thread", id: "t-state", space: "state", title: "Wohnungssuche", body: "Erfahrungen mit der Wohnung.",
			href: "/threads/t-state", on: day("2026-05-01")},
	)
	login := func(a apptest.Account) *apptest.Client {
		c := srv.NewClient(t)
		c.Login(t, a)
		return c
	}
	return srv, login(accCoord), login(accOther), login(accMinistry)
}

// TestRegionsSearch: each reader finds what their networks hold (the
// state's space included), never another region's items nor drafts of
// others; filters with names, pages, the empty state; unreadable dates
// answer 422 with the form, odd words never fail.
func TestRegionsSearch(t *testing.T) {
	_, coord, other, ministry := regionSearchFixture(t)
	get := func(c *apptest.Client, path string, want int) string {
		t.Helper()
		resp, body := c.Get(t, path)
		if resp.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, apptest.Text(body))
		}
		if strings.Contains(body, "regionsearch.") {
			t.Errorf("GET %s shows an untranslated key", path)
		}
		return body
	}
	form := get(coord, "/regions/search", http.StatusOK)
	for _, want := range []string{`<label for="q">`, `<label for="kind">`, `<option value="decision">Beschluss</option>`,
		`<option value="hannover">Hannover</option>`, `<option value="state">`, `<option value="housing">Wohnen</option>`,
		`<label for="from">`, `type="date"`} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if strings.Contains(form, `value="braunschweig"`) || strings.Contains(form, "role=\"status\"") {
		t.Error("the empty form offers another region or shows results")
	}

	for _, tc := range []struct {
		who          string
		c            *apptest.Client
		query        string
		want, absent []string
	}{
		{"coordinator", coord, "q=Sprachkurs", []string{`href="/meetings/m-h"`, "1 Eintrag zu „Sprachkurs“ gefunden", "&lt;b&gt;Wohnungen&lt;/b&gt;"},
			[]string{"/documents/d-bs"}},
		{"coordinator", coord, "q=Wohnung", []string{`href="/meetings/m-h"`, `href="/threads/t-state"`, "Niedersachsen"}, nil},
		{"coordinator", coord, "q=Stra%C3%9Fenfest", []string{`href="/meetings/m-h/minutes"`}, nil},
		{"member of braunschweig", other, "q=Sprachkurs", []string{`href="/documents/d-bs"`, "Braunschweig"}, []string{"/meetings/m-h"}},
		{"member of braunschweig", other, "q=Strassenfest", []string{"Nichts gefunden"}, []string{"/meetings/"}},
		{"member of braunschweig", other, "q=Sprachkurs&region=hannover", []string{`href="/documents/d-bs"`}, []string{"/meetings/m-h"}},
		{"ministry", ministry, "q=sprachk", []string{`href="/meetings/m-h"`, `href="/documents/d-bs"`}, nil},
		{"ministry", ministry, "q=wohnen&kind=decision&topic=housing", []string{`href="/meetings/m-h/minutes"`, "1 Eintrag"},
			[]string{`href="/meetings/m-h"`, "/threads/"}},
		{"ministry", ministry, "q=Sprachkurs&region=braunschweig&from=2026-03-15&to=2026-04-30", []string{"/documents/d-bs"},
			[]string{`href="/meetings/m-h"`}},
		{"ministry", ministry, "q=Sprachkurs&kind=nonsense&topic=nonsense", []string{"2 Einträge"}, nil},
		{"ministry", ministry, "q=Fahrrad", []string{"Nichts gefunden"}, nil},
		{"ministry", ministry, "q=die+und+der", []string{"Nichts gefunden"}, nil},
		{"ministry", ministry, "q=" + url.QueryEscape(`"NEAR(Sprachkurs* -Eltern) OR 'x':*`), []string{"Nichts gefunden"}, nil},
	} {
		body := get(tc.c, "/regions/search?"+tc.query, http.StatusOK)
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s, %s: lacks %s", tc.who, tc.query, w)
			}
		}
		for _, a := range tc.absent {
			if strings.Contains(body, a) {
				t.Errorf("%s, %s: shows %s", tc.who, tc.query, a)
			}
		}
	}

	for _, q := range []string{"q=Sprachkurs&from=gestern", "q=Sprachkurs&to=2026-02-30", "q=Sprachkurs&from=2026-05-01&to=2026-04-01",
		"q=" + strings.Repeat("Sprachkurs+", 30)} {
		body := get(ministry, "/regions/search?"+q, http.StatusUnprocessableEntity)
		if !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `aria-invalid="true"`) || strings.Contains(body, "/documents/d-bs") {
			t.Errorf("%s: no error summary, or results shown", q)
		}
	}
}

// TestRegionsSearchPages: a long result comes in pages.
func TestRegionsSearchPages(t *testing.T) {
	srv, coord, _, _ := regionSearchFixture(t)
	var rows []searchRow
	for i := range 25 {
		rows = append(rows, searchRow{kind: "thread", id: fmt.Sprintf("p%02d", i), space: "hannover", title: "Frage zur Anerkennung",
			href: fmt.Sprintf("/threads/p%02d", i), on: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	indexRows(t, srv, rows...)
	_, first := coord.Get(t, "/regions/search?q=Anerkennung")
	if !strings.Contains(first, "25 Einträge") || !strings.Contains(first, `/threads/p24"`) || strings.Contains(first, `/threads/p04"`) ||
		!strings.Contains(first, `rel="next"`) {
		t.Errorf("first page: %s", apptest.Text(first))
	}
	resp, second := coord.Get(t, "/regions/search?q=Anerkennung&page=2")
	if resp.StatusCode != http.StatusOK || !strings.Contains(second, `/threads/p04"`) || strings.Contains(second, `/threads/p24"`) {
		t.Errorf("second page: %d %s", resp.StatusCode, apptest.Text(second))
	}
}

// TestRegionsOverview: the ministry's statewide view with every region,
// the decision search and the year's activity with its exports; a
// refused year answers 422; nobody else opens it.
func TestRegionsOverview(t *testing.T) {
	srv, coord, other, ministry := regionSearchFixture(t)
	ctx := context.Background()
	now := srv.Clock.Now()
	var creator string
	if err := srv.App.DB.QueryRow(ctx, "SELECT id FROM users WHERE email = ?", "koordination-s@example.org").Scan(&creator); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		id    string
		start time.Time
	}{{"held", now.Add(-48 * time.Hour)}, {"next", now.Add(72 * time.Hour)}} {
		if _, err := srv.App.DB.Exec(ctx, `INSERT INTO meetings (id, region_id, title, starts_at, ends_at, place, state, created_by, created_at, updated_at)
			VALUES (?, 'hannover', ?, ?, ?, 'Rathaus', 'planned', ?, ?, ?)`, m.id, "Treffen "+m.id, m.start, m.start.Add(time.Hour), creator, now, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.App.DB.Exec(ctx, `INSERT INTO meeting_invitations (meeting_id, user_id, capacity, attended, invited_at)
		VALUES ('held', ?, 'coordinator', ?, ?)`, creator, true, now); err != nil {
		t.Fatal(err)
	}
	year := fmt.Sprint(srv.App.Clock.Today().Year())
	resp, body := ministry.Get(t, "/regions/overview")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("overview: %d %s", resp.StatusCode, apptest.Text(body))
	}
	for _, want := range []string{`href="/regions/hannover"`, `href="/regions/braunschweig"`, `href="/meetings/next"`, "Treffen next",
		`action="/regions/search"`, `name="kind" value="decision"`, "Aktivität " + year,
		"/regions/overview/activity?format=csv&amp;year=" + year, `<option value="` + year + `" selected>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
	if strings.Contains(body, "regionsearch.") {
		t.Error("the overview shows an untranslated key")
	}
	if resp, body := ministry.Get(t, "/regions/overview?year=1999"); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="year-error"`) || !strings.Contains(body, `class="error-summary"`) {
		t.Errorf("refused year: %d", resp.StatusCode)
	}

	resp, csv := ministry.Get(t, "/regions/overview/activity?format=csv&year="+year)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(csv, "Regionalverbund,Treffen,Eingeladen,Teilgenommen,Teilnahmequote (%)") || !strings.Contains(csv, "\nHannover,1,1,1,100,0,0,0") {
		t.Errorf("csv: %d %q", resp.StatusCode, csv)
	}
	if resp, _ := ministry.Get(t, "/regions/overview/activity?format=xlsx&year="+year); resp.StatusCode != http.StatusOK ||
		!strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for path, want := range map[string]int{"/regions/overview/activity?format=pdf": 400, "/regions/overview/activity?year=abc": 422} {
		if resp, _ := ministry.Get(t, path); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	for _, c := range []*apptest.Client{coord, other} {
		for _, p := range []string{"/regions/overview", "/regions/overview/activity"} {
			if resp, _ := c.Get(t, p); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s by a non-ministry: %d, want 403", p, resp.StatusCode)
			}
		}
	}
}
