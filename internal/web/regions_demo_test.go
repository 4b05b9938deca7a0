package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
)

var (
	meetingLinkRe = regexp.MustCompile(`href="(/meetings/[0-9a-f-]+)"`)
	itemLinkRe    = regexp.MustCompile(`href="(/(?:threads|documents|announcements)/[0-9a-f-]+)"`)
)

// TestDemoRegionalNetworks loads the demo and walks the regional networks
// as the demo accounts: every page answers, and each shows the state the
// demo promises (approved and circulated minutes, open and overdue tasks,
// the next meeting with answers, announcements, library, threads).
func TestDemoRegionalNetworks(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	login := func(i int) *apptest.Client { return loginDemo(t, srv, i) }
	cases := []struct {
		account int
		want    map[string][]string
	}{
		{2, map[string][]string{ // the region coordinator
			"/regions":                        {"Braunschweig", "Niedersachsen (landesweit)"},
			"/regions/braunschweig":           {"Netzwerktreffen Regionalverbund Braunschweig", "Zahlen zu Wartezeiten"},
			"/regions/braunschweig/members":   {"Lea Leitung", "Agentur für Arbeit Hannover"},
			"/regions/braunschweig/meetings":  {"Quartalstreffen der Beratungsdienste"},
			"/regions/braunschweig/tasks":     {"Konzept Übergang JMD → MBE an alle Beratungsstellen verteilen"},
			"/regions/braunschweig/decisions": {"gemeinsame Arbeitsgrundlage"},
			"/regions/braunschweig/documents": {"Konzept Übergangsmanagement"},
			"/regions/braunschweig/threads":   {"Wartezeiten bei der Ausländerbehörde"},
			"/regions/state/documents":        {"Vorlage Sachbericht"},
			"/announcements":                  {"Förderaufruf 2027"},
		}},
		{1, map[string][]string{ // the ministry
			"/regions/hannover": {"Auftakt 2026"},
		}},
		{3, map[string][]string{ // the office lead, representative of her organisation
			"/deadlines":            {"Konzept Übergang JMD → MBE an alle Beratungsstellen verteilen"},
			"/regions/braunschweig": {"Braunschweig"},
			"/dashboard":            {"offene Aufgaben aus Sitzungen", "Netzwerktreffen Regionalverbund Braunschweig", "Förderaufruf 2027"},
		}},
		{5, map[string][]string{ // the partner, whose agency's task is overdue
			"/deadlines": {"Zahlen zu Wartezeiten"},
			"/dashboard": {"davon überfällig"},
		}},
	}
	for _, c := range cases {
		cl := login(c.account)
		for path, texts := range c.want {
			resp, body := cl.Get(t, path)
			if resp.StatusCode != 200 {
				t.Errorf("%s %s: %d", app.DemoAccounts[c.account].Email, path, resp.StatusCode)
				continue
			}
			for _, want := range texts {
				if !strings.Contains(body, want) {
					t.Errorf("%s %s lacks %q", app.DemoAccounts[c.account].Email, path, want)
				}
			}
			// Every meeting, minutes, thread, document and announcement
			// linked from the page opens.
			for _, m := range append(meetingLinkRe.FindAllStringSubmatch(body, -1), itemLinkRe.FindAllStringSubmatch(body, -1)...) {
				for _, p := range []string{m[1], m[1] + "/minutes"} {
					if strings.HasPrefix(p, "/meetings/") || p == m[1] {
						if resp, page := cl.Get(t, p); resp.StatusCode != 200 || strings.Contains(page, "Interner Fehler") {
							t.Errorf("%s %s (linked from %s): %d", app.DemoAccounts[c.account].Email, p, path, resp.StatusCode)
						}
					}
				}
			}
		}
	}
}
