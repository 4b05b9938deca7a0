package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// demoLogin signs in with a demo account.
func demoLogin(t *testing.T, srv *apptest.Server, email string) (*apptest.Client, apptest.Account) {
	t.Helper()
	for _, d := range app.DemoAccounts {
		if d.Email != email {
			continue
		}
		u, err := auth.UserByEmail(context.Background(), srv.App.DB, d.Email)
		if err != nil {
			t.Fatal(err)
		}
		acct := apptest.Account{User: u, Password: d.Password, TOTPSecret: d.TOTPSecret}
		c := srv.NewClient(t)
		c.Login(t, acct)
		return c, acct
	}
	t.Fatalf("no demo account %s", email)
	return nil, apptest.Account{}
}

// figure reads the number before label in the page's text ("11 Akten mit
// überfälliger Frist"), -1 when the page does not show it.
func figure(page, label string) int {
	m := regexp.MustCompile(`(\d+) ` + regexp.QuoteMeta(label)).FindStringSubmatch(apptest.Text(page))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestDashboardsPerRole loads the demo and checks that each role's
// dashboard shows its own sections, none of another role's, and figures
// that agree with the pages and stores they link to.
func TestDashboardsPerRole(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{"cases": "Meine Fälle", "office": "Offene Akten je Beraterin und Berater",
		"region": "Lücken in den Einträgen", "network": "Das Netzwerk auf einen Blick", "admin": "Letzte fehlgeschlagene"}
	roles := []struct {
		email string
		shows []string
	}{
		{"beratung@kmn.example", []string{"cases"}},
		{"leitung@kmn.example", []string{"cases", "office"}},
		{"region@kmn.example", []string{"region"}},
		{"ministerium@kmn.example", []string{"network", "region"}}, // the ministry sees the gaps statewide
		{"admin@kmn.example", []string{"admin"}},
		{"partner@kmn.example", nil},
	}
	for _, r := range roles {
		t.Run(r.email, func(t *testing.T) {
			c, _ := demoLogin(t, srv, r.email)
			_, page := c.Get(t, "/dashboard")
			text := apptest.Text(page)
			for name, title := range sections {
				want := false
				for _, s := range r.shows {
					want = want || s == name
				}
				if strings.Contains(text, title) != want {
					t.Errorf("section %s shown: %v, want %v", name, !want, want)
				}
			}
			if strings.Contains(text, "folgen in den nächsten Ausbaustufen") {
				t.Error("the dashboard still announces later stages")
			}
		})
	}

	t.Run("counselor's figures agree with the deadline page", func(t *testing.T) {
		c, _ := demoLogin(t, srv, "beratung@kmn.example")
		_, dash := c.Get(t, "/dashboard")
		_, deadlines := c.Get(t, "/deadlines")
		overdue := figure(dash, "überfällig")
		if overdue < 1 || !strings.Contains(apptest.Text(deadlines), "Überfällig ("+strconv.Itoa(overdue)+")") {
			t.Errorf("dashboard: %d overdue; deadline page: %q", overdue, apptest.Text(deadlines)[:200])
		}
		if figure(dash, "heute fällig") < 1 {
			t.Error("the demo counselor has nothing due today")
		}
		for _, s := range []string{"Zuletzt bearbeitete Akten", "Sie vertreten", "vertritt Sie"} {
			if !strings.Contains(apptest.Text(dash), s) {
				t.Errorf("counselor's dashboard lacks %q", s)
			}
		}
	})

	t.Run("lead's figures agree with the caseload", func(t *testing.T) {
		c, acct := demoLogin(t, srv, "leitung@kmn.example")
		_, dash := c.Get(t, "/dashboard")
		v := casework.ViewerOf(srv.Principal(t, acct))
		for label, q := range map[string]casework.CaseQuery{
			"Akten mit überfälliger Frist": {Due: casework.DueOverdue, Mine: true},
			"offene Akten":                 {Status: casework.Open, Mine: true},
		} {
			page, err := srv.App.Cases.Caseload(ctx, v, q)
			if err != nil {
				t.Fatal(err)
			}
			if got := figure(dash, label); got != page.Total || got < 1 {
				t.Errorf("%s: dashboard %d, caseload %d", label, got, page.Total)
			}
		}
		if _, list := c.Get(t, "/cases?due=overdue&mine=1"); figure(list, "Akten") != figure(dash, "Akten mit überfälliger Frist") {
			t.Errorf("the overdue link lists %d files", figure(list, "Akten"))
		}
		if !strings.Contains(apptest.Text(dash), "gilt heute") {
			t.Error("the lead does not see the substitution in force")
		}
	})

	t.Run("region's gaps agree with the gaps page", func(t *testing.T) {
		c, _ := demoLogin(t, srv, "region@kmn.example")
		_, dash := c.Get(t, "/dashboard")
		rep, err := srv.App.Network.DataGaps(ctx, "braunschweig", 0)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Counts[network.GapNoHours]+rep.Counts[network.GapNoContact] == 0 {
			t.Fatal("the demo region has no gaps to follow up")
		}
		_, gaps := c.Get(t, "/network/gaps?region=braunschweig")
		for g, label := range map[network.Gap]string{network.GapNoHours: "ohne Öffnungszeiten", network.GapNoContact: "ohne Telefon und E-Mail"} {
			if n := rep.Counts[g]; n > 0 && (figure(dash, label) != n || figure(gaps, label) != n) {
				t.Errorf("%s: store %d, dashboard %d, gaps page %d", g, n, figure(dash, label), figure(gaps, label))
			}
		}
		if !strings.Contains(dash, `href="/network/gaps?region=braunschweig"`) {
			t.Error("no link to the region's gaps")
		}
	})

	t.Run("ministry's figures agree with the registry", func(t *testing.T) {
		c, _ := demoLogin(t, srv, "ministerium@kmn.example")
		_, dash := c.Get(t, "/dashboard")
		_, active, err := srv.App.Network.ListOffices(ctx, network.OfficeFilter{Status: network.Active}, network.Page{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := figure(dash, "aktive Beratungsstellen"); got != active || active < 150 {
			t.Errorf("dashboard: %d active offices, registry %d", got, active)
		}
		_, mbe, _ := srv.App.Network.ListOffices(ctx, network.OfficeFilter{Status: network.Active, ProgramID: "mbe"}, network.Page{Limit: 1})
		if !strings.Contains(dash, `href="/network/offices?status=active&amp;program=mbe">`+strconv.Itoa(mbe)+`</a>`) {
			t.Errorf("the MBE row does not link %d active offices", mbe)
		}
	})

	t.Run("admin's accounts and security events", func(t *testing.T) {
		// A failed sign-in shows as a security event.
		stranger := srv.NewClient(t)
		stranger.Post(t, "/login", map[string][]string{"email": {"beratung@kmn.example"}, "password": {"falsch"}})
		c, _ := demoLogin(t, srv, "admin@kmn.example")
		_, dash := c.Get(t, "/dashboard")
		users, _, err := srv.App.Auth.Users(ctx, auth.UserFilter{Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		active, pending := 0, 0
		for _, u := range users {
			switch {
			case u.Disabled:
			case u.HasPassword && u.TOTPEnabled:
				active++
			default:
				pending++
			}
		}
		if figure(dash, "aktive Konten") != active || figure(dash, "Konten warten auf Einrichtung") != pending {
			t.Errorf("accounts: dashboard %d/%d, users %d/%d", figure(dash, "aktive Konten"),
				figure(dash, "Konten warten auf Einrichtung"), active, pending)
		}
		if !strings.Contains(dash, "auth.login") {
			t.Error("the failed sign-in is not among the security events")
		}
		// Accessibility feedback not yet handled shows with a link to the
		// inbox (the demo sends two).
		before := figure(dash, "offene Rückmeldungen zur Barrierefreiheit")
		if before != 2 {
			t.Errorf("%d open feedback messages in the demo, want 2", before)
		}
		if _, err := srv.App.Feedback.Submit(ctx, auth.Principal{}, feedback.Input{Lang: "ar", Message: "Die Karte ist mit der Tastatur nicht bedienbar."}); err != nil {
			t.Fatal(err)
		}
		_, dash = c.Get(t, "/dashboard")
		if figure(dash, "offene Rückmeldungen zur Barrierefreiheit") != before+1 || !strings.Contains(dash, `href="/admin/feedback"`) {
			t.Error("the admin's dashboard does not show the open feedback")
		}
	})
}
