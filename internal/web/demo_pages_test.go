package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// TestDemoNetworkForMinistry loads the demo network and walks its pages as
// the ministry's demo account: the whole network must show.
func TestDemoNetworkForMinistry(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	d := app.DemoAccounts[1] // the ministry
	u, err := auth.UserByEmail(ctx, srv.App.DB, d.Email)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login(t, apptest.Account{User: u, Password: d.Password, TOTPSecret: d.TOTPSecret})

	_, overview := c.Get(t, "/network")
	if !strings.Contains(overview, "200 Beratungsstellen in 10 Regionalverbünden") {
		t.Errorf("overview does not show the whole network")
	}
	offices, total, err := srv.App.Network.ListOffices(ctx, network.OfficeFilter{}, network.Page{Limit: 1})
	if err != nil || total != 200 {
		t.Fatalf("offices: %d %v", total, err)
	}
	regions, err := srv.App.Network.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/network/offices", "/network/offices?page=8", "/network/offices?lang=uk&program=jmd",
		"/network/offices/" + offices[0].ID, "/network/offices/" + offices[0].ID + "/edit", "/network/offices/new",
		"/network/organisations", "/network/organisations?page=3&kind=authority", "/network/posts", "/network/programs",
		"/network/offices/export?format=xlsx", "/network/posts/export?format=csv", "/network/organisations/export?format=json"}
	for _, r := range regions {
		paths = append(paths, "/network/regions/"+r.ID)
	}
	for _, p := range paths {
		if resp, body := c.Get(t, p); resp.StatusCode != 200 || strings.Contains(body, "Interner Fehler") {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	if _, page := c.Get(t, "/network/offices?page=8"); !strings.Contains(page, "Seite 8 von 8") {
		t.Error("pagination of 200 offices at 25 per page")
	}
	// The demo banner shows on public pages too, in the page's language.
	if _, page := srv.NewClient(t).Get(t, "/ar/search?q=30159"); !strings.Contains(page, "وضع تجريبي") || !strings.Contains(page, `dir="rtl"`) {
		t.Error("public page in demo mode lacks the Arabic demo banner")
	}
}
