package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var registryVersionRe = regexp.MustCompile(`name="version" value="([^"]*)"`)

// registryMinistry is the editor that sets up test data directly in the store.
var registryMinistry = network.EditorOf(auth.SystemPrincipal("test"))

func registryLogin(t *testing.T, srv *apptest.Server, email string, role perm.Role, kind perm.ScopeKind, scope string) *apptest.Client {
	t.Helper()
	acc := srv.CreateAccount(t, email, role, kind, scope)
	c := srv.NewClient(t)
	c.Login(t, acc)
	return c
}

func wantStatus(t *testing.T, what string, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, resp.StatusCode, want, registrySummary(body))
	}
}

// registrySummary is the error summary of a page, for failure messages.
func registrySummary(body string) string {
	return regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(body)
}

func TestRegistryOrganisations(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := registryLogin(t, srv, "ministry@registry.example", perm.Ministry, perm.Statewide, "")

	resp, body := c.Post(t, "/network/organisations", url.Values{"name": {""}, "kind": {"authority"}, "email": {"kein-at"}})
	wantStatus(t, "invalid organisation", resp, body, http.StatusUnprocessableEntity)
	for _, want := range []string{"Bitte füllen Sie dieses Feld aus.", "Bitte wählen Sie einen Eintrag aus der Liste.",
		`aria-invalid="true" aria-describedby="name-error"`, `href="#email"`} {
		if !strings.Contains(body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}

	resp, body = c.Post(t, "/network/organisations", url.Values{"name": {"Caritas Braunschweig"}, "kind": {"provider"},
		"region_id": {"braunschweig"}, "district_ags": {"03101"}, "email": {"info@caritas-bs.example"}, "website": {"https://caritas-bs.example"}})
	wantStatus(t, "create organisation", resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/network/organisations/") {
		t.Fatalf("redirect to %q", loc)
	}
	id := strings.TrimPrefix(loc, "/network/organisations/")
	resp, body = c.Get(t, loc)
	wantStatus(t, "organisation page", resp, body, http.StatusOK)
	for _, want := range []string{"Caritas Braunschweig", "Die Organisation wurde angelegt.", "Träger (Wohlfahrtsverband)", "/network/posts/new?organisation=" + id} {
		if !strings.Contains(body, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}

	resp, body = c.Get(t, "/network/organisations?q=caritas&region=braunschweig")
	if resp.StatusCode != 200 || !strings.Contains(body, "1 Organisation gefunden") || !strings.Contains(body, "/network/organisations/export?format=csv&amp;q=caritas&amp;region=braunschweig") {
		t.Fatalf("filtered list: %d", resp.StatusCode)
	}
	if _, body := c.Get(t, "/network/organisations?q=nichts-dergleichen"); !strings.Contains(body, `class="empty"`) {
		t.Error("empty search shows no empty state")
	}

	// Someone else saves in between: the stale form is refused with 409.
	_, form := c.Get(t, "/network/organisations/"+id+"/edit")
	old := registryVersionRe.FindStringSubmatch(form)[1]
	edit := url.Values{"name": {"Caritas BS"}, "kind": {"provider"}, "region_id": {"braunschweig"}, "version": {old}}
	if resp, body := c.Post(t, "/network/organisations/"+id, edit); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", resp.StatusCode, registrySummary(body))
	}
	edit.Set("name", "Caritas Braunschweig e. V.")
	resp, body = c.Post(t, "/network/organisations/"+id, edit)
	wantStatus(t, "stale update", resp, body, http.StatusConflict)
	if !strings.Contains(body, "Jemand anderes hat diesen Eintrag gerade geändert") {
		t.Error("409 page lacks the stale message")
	}

	resp, body = c.Get(t, "/network/organisations/export?format=csv&region=braunschweig")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "Caritas BS") {
		t.Fatalf("csv export: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = c.Get(t, "/network/organisations/export?format=xlsx")
	if resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx export: %q", resp.Header.Get("Content-Type"))
	}
}

func TestRegistryPermissions(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	lead := registryLogin(t, srv, "lead@registry.example", perm.OfficeLead, perm.Office, "some-office")
	if resp, _ := lead.Get(t, "/network/organisations/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("office lead on the new-organisation form: %d", resp.StatusCode)
	}
	if resp, _ := lead.Get(t, "/network/regions/braunschweig/edit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("office lead on a region's edit form: %d", resp.StatusCode)
	}
	if resp, body := lead.Get(t, "/network/regions/braunschweig"); resp.StatusCode != 200 || strings.Contains(body, "/network/regions/braunschweig/edit") {
		t.Errorf("office lead on the region page: %d (or sees the edit link)", resp.StatusCode)
	}
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, registryMinistry, network.OrganisationInput{Name: "AWO Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	coord := registryLogin(t, srv, "bs@registry.example", perm.RegionCoordinator, perm.Region, "braunschweig")
	if resp, _ := coord.Get(t, "/network/organisations/"+org.ID+"/edit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("coordinator of another region edits an organisation: %d", resp.StatusCode)
	}
	if resp, _ := coord.Get(t, "/network/posts/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator on the new-post form: %d", resp.StatusCode)
	}
}

func TestRegistryRegionCoordinator(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	member, err := srv.App.Network.CreateOrganisation(ctx, registryMinistry, network.OrganisationInput{Name: "Diakonie Wolfsburg", Kind: network.Provider, RegionID: "braunschweig"})
	if err != nil {
		t.Fatal(err)
	}
	c := registryLogin(t, srv, "bs@registry.example", perm.RegionCoordinator, perm.Region, "braunschweig")

	resp, page := c.Get(t, "/network/regions/braunschweig")
	wantStatus(t, "region page", resp, page, 200)
	for _, want := range []string{`id="region-map"`, `data-districts="`, "03101", "Diakonie Wolfsburg", "/network/offices?region=braunschweig",
		"/network/regions/braunschweig/edit", `<th scope="row">`} {
		if !strings.Contains(page, want) {
			t.Errorf("region page lacks %q", want)
		}
	}

	resp, form := c.Get(t, "/network/regions/braunschweig/edit")
	wantStatus(t, "edit form", resp, form, 200)
	version := registryVersionRe.FindStringSubmatch(form)[1]
	in := url.Values{"name": {"Braunschweig"}, "seat": {"Braunschweig"}, "email": {"rv@bs.example"}, "phone": {"0531 12345"},
		"coordinator_id": {member.ID}, "version": {version}}
	resp, body := c.Post(t, "/network/regions/braunschweig", in)
	wantStatus(t, "update region", resp, body, http.StatusSeeOther)
	if _, page := c.Get(t, "/network/regions/braunschweig"); !strings.Contains(page, "rv@bs.example") || !strings.Contains(page, "Die Angaben zur Region wurden gespeichert.") {
		t.Error("region page does not show the saved e-mail and flash")
	}
	// The same version again is stale now.
	resp, body = c.Post(t, "/network/regions/braunschweig", in)
	wantStatus(t, "stale region", resp, body, http.StatusConflict)

	resp, body = c.Post(t, "/network/regions/braunschweig", url.Values{"name": {""}, "phone": {"abc"}, "version": {registryVersionRe.FindStringSubmatch(body)[1]}})
	wantStatus(t, "invalid region", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Bitte geben Sie eine Telefonnummer") {
		t.Error("422 lacks the phone message")
	}

	for _, path := range []string{"/network/regions/hannover/edit"} {
		if resp, _ := c.Get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := c.Post(t, "/network/regions/hannover", url.Values{"name": {"X"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST to another region: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/network/regions/hannover/contacts", url.Values{"contact_name": {"X"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("contact for another region: %d", resp.StatusCode)
	}

	resp, body = c.Post(t, "/network/regions/braunschweig/contacts", url.Values{"contact_name": {""}, "contact_email": {"nope"}})
	wantStatus(t, "invalid contact", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="contact_email-error"`) {
		t.Error("contact e-mail problem is not shown at the contact field")
	}
	resp, body = c.Post(t, "/network/regions/braunschweig/contacts", url.Values{"contact_name": {"Bea Beispiel"}, "contact_function": {"Koordination"}})
	wantStatus(t, "add contact", resp, body, http.StatusSeeOther)
	reg, err := srv.App.Network.Region(ctx, "braunschweig")
	if err != nil || len(reg.Contacts) != 1 {
		t.Fatalf("contacts: %v %d", err, len(reg.Contacts))
	}
	resp, body = c.Post(t, "/network/regions/braunschweig/contacts/"+reg.Contacts[0].ID+"/delete", nil)
	wantStatus(t, "remove contact", resp, body, http.StatusSeeOther)
	if reg, _ := srv.App.Network.Region(ctx, "braunschweig"); len(reg.Contacts) != 0 {
		t.Error("contact not removed")
	}
}

func TestRegistryPosts(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, registryMinistry, network.OrganisationInput{Name: "DRK Oldenburg", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	c := registryLogin(t, srv, "ministry@registry.example", perm.Ministry, perm.Statewide, "")

	resp, form := c.Get(t, "/network/posts/new?organisation="+org.ID)
	wantStatus(t, "new post form", resp, form, 200)
	if !strings.Contains(form, `type="date"`) || !strings.Contains(form, `value="`+org.ID+`" selected`) {
		t.Error("post form lacks date inputs or the preselected organisation")
	}

	resp, body := c.Post(t, "/network/posts", url.Values{"organisation_id": {org.ID}, "program_id": {"mbe"}, "fte": {"viel"},
		"starts_on": {"2026-12-31"}, "ends_on": {"2026-01-01"}})
	wantStatus(t, "invalid post", resp, body, http.StatusUnprocessableEntity)
	for _, want := range []string{"Stellenumfang als Zahl", "Das Ende des Förderzeitraums liegt vor dem Beginn."} {
		if !strings.Contains(body, want) {
			t.Errorf("422 lacks %q", want)
		}
	}

	year := time.Now().UTC().Year()
	start, end := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	resp, body = c.Post(t, "/network/posts", url.Values{"organisation_id": {org.ID}, "program_id": {"mbe"}, "fte": {"0,75"},
		"starts_on": {start}, "ends_on": {end}, "funder": {"BAMF"}})
	wantStatus(t, "create post", resp, body, http.StatusSeeOther)
	if _, page := c.Get(t, resp.Header.Get("Location")); !strings.Contains(page, "0,75") {
		t.Error("organisation page does not list the post")
	}

	resp, page := c.Get(t, "/network/posts?region=hannover")
	wantStatus(t, "post list", resp, page, 200)
	for _, want := range []string{"DRK Oldenburg", "0,75", "<tfoot>", "/network/posts/export?active=", "format=xlsx"} {
		if !strings.Contains(page, want) {
			t.Errorf("post list lacks %q", want)
		}
	}
	if _, page := c.Get(t, "/network/posts?active=2001-01-01"); strings.Contains(page, "DRK Oldenburg") {
		t.Error("a post of this year is listed as active in 2001")
	}

	resp, body = c.Get(t, "/network/posts/export?format=csv&active=")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "0.75") {
		t.Fatalf("post csv: %q", resp.Header.Get("Content-Type"))
	}
	if resp, _ := c.Get(t, "/network/posts/export?format=xlsx"); resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("post xlsx: %q", resp.Header.Get("Content-Type"))
	}

	posts, _, _, err := srv.App.Network.ListPosts(ctx, network.PostFilter{OrganisationID: org.ID}, network.Page{Limit: 10})
	if err != nil || len(posts) != 1 {
		t.Fatalf("posts: %v %d", err, len(posts))
	}
	id := posts[0].ID
	resp, page = c.Get(t, "/network/posts/"+id+"/delete")
	wantStatus(t, "confirm delete", resp, page, 200)
	if !strings.Contains(page, "wirklich löschen") || !strings.Contains(page, `action="/network/posts/`+id+`/delete"`) {
		t.Error("confirmation page lacks the question or the form")
	}
	if _, total, _, _ := srv.App.Network.ListPosts(ctx, network.PostFilter{}, network.Page{Limit: 1}); total != 1 {
		t.Fatal("GET deleted the post")
	}
	resp, body = c.Post(t, "/network/posts/"+id+"/delete", nil)
	wantStatus(t, "delete post", resp, body, http.StatusSeeOther)
	if _, total, _, _ := srv.App.Network.ListPosts(ctx, network.PostFilter{}, network.Page{Limit: 1}); total != 0 {
		t.Fatalf("post still there: %d", total)
	}
	if resp, _ := c.Post(t, "/network/posts/"+id+"/delete", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("second delete: %d", resp.StatusCode)
	}
	recs, err := srv.App.Audit.List(ctx, audit.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !hasAction(recs, "post.delete") || !hasAction(recs, "post.create") {
		t.Error("audit log lacks post.create or post.delete")
	}
}

func TestRegistryPrograms(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := registryLogin(t, srv, "ministry@registry.example", perm.Ministry, perm.Statewide, "")
	resp, page := c.Get(t, "/network/programs")
	wantStatus(t, "programs", resp, page, 200)
	if !strings.Contains(page, "/network/programs/mbe/edit") || !strings.Contains(page, "/network/programs/export?format=csv") {
		t.Error("programs page lacks edit or export links")
	}
	in := url.Values{"id": {"mbe"}, "funding_level": {"federal"}, "name_de": {"Doppelt"}}
	resp, body := c.Post(t, "/network/programs", in)
	wantStatus(t, "duplicate id", resp, body, http.StatusUnprocessableEntity)

	in = url.Values{"id": {"sprachmittlung"}, "funding_level": {"state"}, "funder": {"Land Niedersachsen"}, "min_age": {"16"}, "max_age": {"x"},
		"name_de": {"Sprachmittlung"}, "name_en": {"Language mediation"}}
	resp, body = c.Post(t, "/network/programs", in)
	wantStatus(t, "bad age", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Bitte geben Sie eine Zahl ein.") {
		t.Error("422 lacks the number message")
	}
	in.Set("max_age", "")
	resp, body = c.Post(t, "/network/programs", in)
	wantStatus(t, "new program", resp, body, http.StatusSeeOther)
	_, page = c.Get(t, "/network/programs")
	if !strings.Contains(page, "Sprachmittlung") || !strings.Contains(page, "ab 16 Jahren") {
		t.Error("programs list lacks the new program")
	}
	resp, form := c.Get(t, "/network/programs/sprachmittlung/edit")
	if resp.StatusCode != 200 || !strings.Contains(form, "readonly") || !strings.Contains(form, "Language mediation") {
		t.Fatalf("edit form: %d", resp.StatusCode)
	}
	in.Set("editing", "1")
	in.Set("name_de", "Sprach- und Kulturmittlung")
	if resp, body := c.Post(t, "/network/programs", in); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit program: %d %s", resp.StatusCode, registrySummary(body))
	}
	if resp, _ := c.Get(t, "/network/programs/no-such/edit"); resp.StatusCode != 404 {
		t.Errorf("unknown program: %d", resp.StatusCode)
	}
	resp, body = c.Get(t, "/network/programs/export?format=csv")
	if !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "Sprach- und Kulturmittlung") {
		t.Errorf("program export: %q", resp.Header.Get("Content-Type"))
	}
}
