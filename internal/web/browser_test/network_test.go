package browser_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var ministry = network.EditorOf(auth.SystemPrincipal("test"))

// TestBrowserNetwork: an office lead edits the opening hours and languages
// of their office and sees them on the office page; the ministry walks the
// registry pages, whose maps draw the embedded district boundaries.
func TestBrowserNetwork(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Diakonie Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	office, err := srv.App.Network.CreateOffice(ctx, ministry, network.OfficeInput{OrganisationID: org.ID, Name: "MBE Diakonie Hannover",
		Street: "Burgstraße 8", Postcode: "30159", City: "Hannover", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("office lead edits hours and languages", func(t *testing.T) {
		lead := srv.CreateAccount(t, "leitung@example.org", perm.OfficeLead, perm.Office, office.ID)
		b := newTab(t, srv)
		b.login(t, lead.Email, lead.Password, lead.TOTPSecret)
		b.open(t, "/network/offices/"+office.ID, "office page")
		b.waitMap(t, "#office-map")
		b.Screenshot(t, "/tmp/kmn-office.png")
		b.open(t, "/network/offices/"+office.ID+"/edit", "office edit form")

		// A wrong entry first: the form comes back with the error, nothing saved.
		b.Fill(t, `input[name="hours.mon"]`, "12:00-09:00")
		b.submit(t, `form.office-form button[type=submit]`, http.StatusUnprocessableEntity, "/network/offices/"+office.ID)
		b.wantErrorSummary(t, "#hours-mon")
		b.check(t, "office form with error")

		b.Fill(t, `input[name="hours.mon"]`, "09:00-12:00, 13:00-16:00")
		b.Fill(t, `input[name="hours.wed"]`, "14:00-18:00")
		b.Click(t, "#lang-ar")
		b.Click(t, "#lang-uk")
		b.submit(t, `form.office-form button[type=submit]`, http.StatusOK, "/network/offices/"+office.ID)
		b.check(t, "office page after save")
		hours := b.Text(t, "#office-hours")
		if !strings.Contains(hours, "09:00-12:00, 13:00-16:00") || !strings.Contains(hours, "14:00-18:00") {
			t.Errorf("opening hours on the page: %q", hours)
		}
		langs := b.Text(t, "#office-languages")
		for _, want := range []string{"Arabisch", "Ukrainisch", "Deutsch"} {
			if !strings.Contains(langs, want) {
				t.Errorf("languages on the page: %q lacks %s", langs, want)
			}
		}
	})

	t.Run("ministry walks the registry", func(t *testing.T) {
		min := srv.CreateAccount(t, "ministerium@example.org", perm.Ministry, perm.Statewide, "")
		b := newTab(t, srv)
		b.login(t, min.Email, min.Password, min.TOTPSecret)
		b.open(t, "/network", "network overview")
		if n := b.waitMap(t, "#network-map"); n < 45 {
			t.Errorf("overview map draws %d districts, want 45", n)
		}
		b.open(t, "/network/regions/braunschweig", "region page")
		if n := b.waitMap(t, "#region-map"); n < 45 {
			t.Errorf("region map draws %d districts, want all 45 (its own highlighted)", n)
		}
		b.open(t, "/network/regions/braunschweig/edit", "region edit form")
		b.open(t, "/network/offices", "office list")
		b.open(t, "/network/offices?lang=de&program=mbe", "filtered office list")
		b.open(t, "/network/offices/new", "new office form")
		b.open(t, "/network/offices/import", "import form")
		b.open(t, "/network/organisations", "organisation list")
		b.open(t, "/network/organisations/"+org.ID, "organisation page")
		b.open(t, "/network/programs", "program list")
		b.open(t, "/network/posts", "funded posts")
	})
}

// waitMap waits until Leaflet has drawn the district polygons into the map
// element and returns how many shapes it drew.
func (b *tab) waitMap(t *testing.T, selector string) int {
	t.Helper()
	b.Run(t, chromedp.WaitVisible(selector+" path.leaflet-interactive"))
	js := `document.querySelectorAll(` + jsString(selector+" path.leaflet-interactive") + `).length`
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[int](js))
}

var _ = apptest.Options{}
