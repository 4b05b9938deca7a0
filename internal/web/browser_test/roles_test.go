package browser_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
)

// roleJourney is what one role does first: from its dashboard it follows
// the links of "what is next" (each a CSS selector of a link on the page
// reached so far) and checks where it lands.
type roleJourney struct {
	name, email string
	// dashboard must appear on the dashboard (the section of the role).
	dashboard string
	steps     []journeyStep
}

// journeyStep follows the first link matching link and expects a page
// whose path starts with path and whose text contains text.
type journeyStep struct {
	link, path, text string
}

// TestBrowserRoleJourneys signs in with each demo account, at a desktop
// and at a phone's width, and follows the dashboard's "next thing to do"
// to the page where it is done. Every page on the way is checked with axe
// and must not scroll sideways.
func TestBrowserRoleJourneys(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	if err := srv.App.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	journeys := []roleJourney{
		{"counselor", "beratung@kmn.example", "Meine Fälle", []journeyStep{
			{`.figures a[href="/deadlines#overdue"]`, "/deadlines", "Überfällig"},
			{`#overdue a[href^="/cases/"]`, "/cases/", "Akte"},
		}},
		{"office lead", "leitung@kmn.example", "Offene Akten je Beraterin und Berater", []journeyStep{
			{`.figures a[href^="/cases?due=overdue"]`, "/cases", "überfällig"},
			{`table a[href^="/cases/"]`, "/cases/", "Akte"},
		}},
		{"office lead's absences", "leitung@kmn.example", "Abwesenheiten und Vertretungen", []journeyStep{
			{`a[href="/substitutions"]`, "/substitutions", "Vertretung"},
		}},
		{"region coordinator", "region@kmn.example", "Lücken in den Einträgen", []journeyStep{
			{`.gap-list a[href^="/network/offices/"]`, "/network/offices/", "Öffnungszeiten"},
		}},
		{"region coordinator's gaps", "region@kmn.example", "Regionalverbund Braunschweig", []journeyStep{
			{`a[href^="/network/gaps?region="]`, "/network/gaps", "Lücken in den Einträgen"},
		}},
		{"ministry", "ministerium@kmn.example", "Das Netzwerk auf einen Blick", []journeyStep{
			{`table a[href^="/network/offices?status=active&program="]`, "/network/offices", "Beratungsstellen"},
		}},
		{"ministry's registry", "ministerium@kmn.example", "Nach Förderprogramm", []journeyStep{
			{`a[href="/network"]`, "/network", "Regionalverbünde"},
		}},
		{"admin", "admin@kmn.example", "Administration", []journeyStep{
			{`.figures a[href="/admin/users"]`, "/admin/users", "Benutzerkonten"},
		}},
		{"counselor's notifications", "beratung@kmn.example", "Meine Fälle", []journeyStep{
			{`a.bell`, "/notifications", "Ihre Vertretung einer Kollegin oder eines Kollegen beginnt heute."},
			{`a[href="/account/notifications"]`, "/account/notifications", "Zusätzlich in der täglichen E-Mail"},
		}},
		{"admin's background jobs", "admin@kmn.example", "Administration", []journeyStep{
			{`.main-nav a[href="/admin/jobs"]`, "/admin/jobs", "Periodische Aufgaben"},
		}},
	}
	for _, j := range journeys {
		t.Run(j.name, func(t *testing.T) {
			acct := demoAccount(t, j.email)
			b := newTab(t, srv)
			b.login(t, acct.Email, acct.Password, acct.TOTPSecret)
			for _, width := range []int{browsertest.Desktop, browsertest.Phone} {
				b.SetWidth(t, width)
				at := fmt.Sprintf(" at %d px", width)
				b.openWide(t, "/dashboard", "dashboard"+at)
				if text := b.Text(t, "main"); !strings.Contains(text, j.dashboard) {
					t.Errorf("dashboard%s lacks %q", at, j.dashboard)
				}
				for _, st := range j.steps {
					href := b.attr(t, st.link, "href")
					if href == "<missing>" || href == "" {
						t.Fatalf("no link %s on %s%s", st.link, b.URL(t), at)
					}
					b.openWide(t, href, st.path+at)
					if !strings.HasPrefix(strings.TrimPrefix(b.URL(t), srv.URL), st.path) {
						t.Errorf("%s led to %s, want %s…", st.link, b.URL(t), st.path)
					}
					if text := b.Text(t, "main"); !strings.Contains(text, st.text) {
						t.Errorf("%s%s lacks %q", b.URL(t), at, st.text)
					}
				}
			}
		})
	}
}

// openWide opens path like open and fails when the page scrolls sideways.
func (b *tab) openWide(t *testing.T, path, name string) {
	t.Helper()
	b.open(t, path, name)
	b.wantNoHorizontalScroll(t, name+" ("+path+")")
}

// wantNoHorizontalScroll fails when the page is wider than the viewport,
// naming the element that sticks out furthest.
func (b *tab) wantNoHorizontalScroll(t *testing.T, name string) {
	t.Helper()
	if extra, who := b.Overflow(t); extra > 0 {
		t.Errorf("%s is %d px wider than the screen (widest: %s)", name, extra, who)
	}
}

// demoAccount finds the demo account with the e-mail address.
func demoAccount(t *testing.T, email string) app.DemoAccount {
	t.Helper()
	for _, a := range app.DemoAccounts {
		if a.Email == email {
			return a
		}
	}
	t.Fatalf("no demo account %s", email)
	return app.DemoAccount{}
}
