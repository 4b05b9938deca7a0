package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// statsLogin signs in demo account i (app.DemoAccounts).
func statsLogin(t *testing.T, srv *apptest.Server, i int) *apptest.Client {
	t.Helper()
	d := app.DemoAccounts[i]
	u, err := auth.UserByEmail(context.Background(), srv.App.DB, d.Email)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login(t, apptest.Account{User: u, Password: d.Password, TOTPSecret: d.TOTPSecret})
	return c
}

// TestStatisticsDemo walks the statistics as the demo accounts: who sees
// which unit, what a bad period or another unit answers, and that every
// page, export and report carries figures and no error.
func TestStatisticsDemo(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	office, err := srv.App.Network.ResolveScope(context.Background(), srv.App.DB, perm.Office, demo.HannoverOfficeID)
	if err != nil {
		t.Fatal(err)
	}
	year := srv.App.Clock.Today().Format("2006")
	next := srv.App.Clock.Today().AddDate(1, 0, 0).Format("2006")
	type check struct {
		path   string
		status int
		want   []string
	}
	cases := []struct {
		name    string
		account int
		checks  []check
	}{
		{"ministry", 1, []check{
			{"/statistics", 200, []string{"Statistik: Niedersachsen", "Beratene Personen nach Alter", "Braunschweig", `role="img"`, "Jahresbericht (PDF)"}},
			{"/statistics?level=region&id=braunschweig&family=contacts", 200, []string{"Statistik: Braunschweig", "Beratungskontakte nach Kanal"}},
			{"/statistics?family=programs", 200, []string{"Stellen (VZÄ)", "Beratene je Stelle", "Jugendmigrationsdienst"}},
			{"/statistics?family=nonsense", 200, []string{"Beratene Personen nach Alter"}},
			{"/statistics?family=network", 200, []string{"Verweisungen nach Stand", "Veranstaltungen und Teilnahme", "Treffen der Regionalverbünde"}},
			{"/statistics?level=office&id=" + office, 200, []string{"Statistik: "}},
			{"/statistics?kind=year&value=" + next, 422, []string{"noch nicht begonnen"}},
			{"/statistics?kind=custom&value=2026-06&until=2026-01", 422, []string{"vor dem ersten"}},
			{"/statistics?kind=month&value=banana", 422, []string{"so angeben"}},
			{"/statistics?level=region&id=atlantis", 404, nil},
			{"/statistics?level=galaxy&id=x", 404, nil},
			{"/statistics/export?format=csv&kind=year&value=" + year, 200, []string{"Kennzahl", "clients", "Niedersachsen"}},
			{"/statistics/export?format=json", 400, nil},
			{"/statistics/export?format=csv&kind=year&value=" + next, 422, nil},
			{"/statistics/report.pdf?kind=quarter&value=" + year + "-Q1", 422, nil},
		}},
		{"region coordinator", 2, []check{
			{"/statistics", 200, []string{"Statistik: Braunschweig"}},
			{"/statistics?family=network", 200, []string{"Treffen der Regionalverbünde", "Braunschweig"}},
			{"/statistics?level=region&id=hannover", 404, nil},
			{"/statistics?level=state", 404, nil},
			{"/statistics?level=office&id=" + office, 404, nil},
		}},
		{"office lead", 3, []check{
			{"/statistics", 200, []string{"Meine Fälle"}},
			{"/statistics?family=network", 200, []string{"Beratene Personen nach Alter"}},
			{"/statistics?level=region&id=braunschweig", 404, nil},
		}},
		{"counselor", 4, []check{
			{"/statistics", 200, []string{"Meine Fälle", "Kontakte: Telefon"}},
			{"/statistics/export?format=csv", 404, nil},
			{"/statistics?level=state", 404, nil},
		}},
		{"partner", 5, []check{{"/statistics", 403, nil}}},
		{"admin", 0, []check{{"/statistics", 403, nil}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := statsLogin(t, srv, tc.account)
			for _, ch := range tc.checks {
				resp, body := c.Get(t, ch.path)
				if resp.StatusCode != ch.status {
					t.Errorf("%s: %d, want %d", ch.path, resp.StatusCode, ch.status)
					continue
				}
				for _, w := range ch.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: no %q", ch.path, w)
					}
				}
			}
		})
	}
	t.Run("public", func(t *testing.T) {
		c := srv.NewClient(t)
		last := srv.App.Clock.Today().AddDate(-1, 0, 0).Format("2006")
		for _, ch := range []struct {
			path   string
			status int
			want   string
		}{
			{"/de/statistics", 200, "Zahlen für " + last},
			{"/ar/statistics?year=" + last, 200, "Braunschweig"},
			{"/de/statistics?year=" + year, 422, "keine Zahlen"},
			{"/tr/statistics?year=1990", 422, ""},
			{"/de/statistics.csv?year=abc", 422, ""},
			{"/en/statistics.csv?year=" + last, 200, "Lower Saxony"},
		} {
			resp, body := c.Get(t, ch.path)
			if resp.StatusCode != ch.status || !strings.Contains(body, ch.want) {
				t.Errorf("%s: %d, want %d with %q", ch.path, resp.StatusCode, ch.status, ch.want)
			}
			if strings.HasSuffix(strings.Split(ch.path, "?")[0], ".csv") && resp.StatusCode == 200 &&
				(strings.Contains(body, ",office,") || strings.Contains(body, ",district,")) {
				t.Errorf("%s publishes offices or districts", ch.path)
			}
		}
	})
	t.Run("exports and report", func(t *testing.T) {
		c := statsLogin(t, srv, 1)
		start := time.Now()
		resp, body := c.Get(t, "/statistics/report.pdf?kind=year&value="+year)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
			t.Fatalf("report: %d %.40q", resp.StatusCode, body)
		}
		t.Logf("statewide report %d KB in %s", len(body)>>10, time.Since(start))
		resp, body = c.Get(t, "/statistics/export?format=xlsx&kind=year&value="+year+"&level=region&id=braunschweig")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Fatalf("xlsx: %d", resp.StatusCode)
		}
	})
}
