package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// msoFixture: an MSO in Hannover and one in Braunschweig, the Hannover
// region's coordinator and a counselor of a Hannover office, signed in.
type msoFixture struct {
	srv                *apptest.Server
	hannover, bs       string
	coordinator, couns *apptest.Client
	other              *apptest.Client
}

func newMSOFixture(t *testing.T) msoFixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{})
	fx := msoFixture{srv: srv}
	for name, region := range map[string]*string{"hannover": &fx.hannover, "braunschweig": &fx.bs} {
		o, err := srv.App.Network.CreateOrganisation(context.Background(), ministryEditor,
			network.OrganisationInput{Name: "Brückenverein " + name + " e. V.", Kind: network.MSO, RegionID: name})
		if err != nil {
			t.Fatal(err)
		}
		*region = o.ID
	}
	login := func(email string, role perm.Role, kind perm.ScopeKind, scope string) *apptest.Client {
		c := srv.NewClient(t)
		c.Login(t, srv.CreateAccount(t, email, role, kind, scope))
		return c
	}
	fx.coordinator = login("rc-mso@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	fx.couns = login("co-mso@example.org", perm.Counselor, perm.Office, "mso-web-office")
	fx.other = login("rc-bs-mso@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	return fx
}

var msoForm = url.Values{"version": {"0"}, "description": {"Hausaufgabenhilfe und Frauencafé"}, "languages": {"ar", "uk"},
	"email": {"info@bruecke.example"}, "website": {"https://bruecke.example"}}

// TestMSOProfilePages: the list keeps to the scope, the form refuses bad
// input with 422 and writes nothing, a stale form is 409, a counselor
// sees but may not edit, and only consent puts an MSO in the public
// directory (withdrawing removes it at once).
func TestMSOProfilePages(t *testing.T) {
	fx := newMSOFixture(t)
	c := fx.coordinator
	_, list := c.Get(t, "/mso")
	if !strings.Contains(list, "Brückenverein hannover") || strings.Contains(list, "Brückenverein braunschweig") {
		t.Error("the list does not keep to the coordinator's region")
	}
	if _, empty := c.Get(t, "/mso?q=nichtda"); !strings.Contains(empty, "Keine Migrantenorganisation") {
		t.Error("no empty state")
	}
	if resp, _ := c.Get(t, "/mso/"+fx.bs); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another region's MSO: %d", resp.StatusCode)
	}
	bad := url.Values{"version": {"0"}, "description": {" "}, "email": {"kein-at"}, "languages": {"xx"}, "website": {"ftp://x"}}
	resp, body := c.Post(t, "/mso/"+fx.hannover, bad)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: %d", resp.StatusCode)
	}
	wantBody(t, "refused form", body, `id="description-error"`, `id="email-error"`, `id="languages-error"`, `id="website-error"`, "gültige E-Mail-Adresse")
	if resp, _ := c.Post(t, "/mso/"+fx.hannover+"/consent", url.Values{"consent": {"give"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("consent without a profile: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/mso/"+fx.hannover, url.Values{"version": {"x"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no version: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/mso/"+fx.hannover, msoForm); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/mso/"+fx.hannover, msoForm); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale form: %d", resp.StatusCode)
	}
	_, page := c.Get(t, "/mso/"+fx.hannover)
	wantBody(t, "MSO page", page, "Hausaufgabenhilfe und Frauencafé", "Arabisch, Ukrainisch", "nicht im öffentlichen Verzeichnis")
	for _, path := range []string{"/mso/" + fx.hannover + "/edit", "/mso/" + fx.hannover + "/consent"} {
		if resp, _ := fx.couns.Get(t, path); resp.StatusCode != http.StatusForbidden {
			t.Errorf("counselor %s: %d", path, resp.StatusCode)
		}
	}
	if resp, _ := fx.couns.Get(t, "/mso/"+fx.hannover); resp.StatusCode != http.StatusOK {
		t.Errorf("counselor sees the MSO: %d", resp.StatusCode)
	}
	checkDirectory(t, fx, false)
	if resp, _ := c.Post(t, "/mso/"+fx.hannover+"/consent", url.Values{"consent": {"vielleicht"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown answer: %d", resp.StatusCode)
	}
	if _, confirm := c.Get(t, "/mso/"+fx.hannover+"/consent"); !strings.Contains(confirm, `value="give"`) {
		t.Error("the confirmation does not offer to record consent")
	}
	if resp, _ := c.Post(t, "/mso/"+fx.hannover+"/consent", url.Values{"consent": {"give"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("give consent: %d", resp.StatusCode)
	}
	checkDirectory(t, fx, true)
	if resp, _ := c.Post(t, "/mso/"+fx.hannover+"/consent", url.Values{"consent": {"withdraw"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw consent: %d", resp.StatusCode)
	}
	checkDirectory(t, fx, false)
}

// checkDirectory: the Hannover MSO is listed (and its page found) in
// every public language exactly when listed is true; the Braunschweig
// MSO, which never agreed, never is.
func checkDirectory(t *testing.T, fx msoFixture, listed bool) {
	t.Helper()
	anon := fx.srv.NewClient(t)
	for _, l := range i18n.Public {
		resp, body := anon.Get(t, "/"+l+"/mso")
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "Brückenverein hannover") != listed || strings.Contains(body, "Brückenverein braunschweig") {
			t.Errorf("%s directory: %d, listed %v", l, resp.StatusCode, !listed)
		}
		if (l == "ar" || l == "fa") && !strings.Contains(body, `dir="rtl"`) {
			t.Errorf("%s directory is not right-to-left", l)
		}
		want := map[bool]int{true: http.StatusOK, false: http.StatusNotFound}[listed]
		if resp, _ := anon.Get(t, "/"+l+"/mso/"+fx.hannover); resp.StatusCode != want {
			t.Errorf("%s profile: %d, want %d", l, resp.StatusCode, want)
		}
		if resp, _ := anon.Get(t, "/"+l+"/mso/"+fx.bs); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s profile without consent: %d", l, resp.StatusCode)
		}
	}
	if listed {
		_, body := anon.Get(t, "/de/mso?lang=ar&region=hannover")
		_, none := anon.Get(t, "/de/mso?lang=uk&region=nowhere")
		if !strings.Contains(body, "Brückenverein hannover") || !strings.Contains(none, "Brückenverein hannover") {
			t.Error("filters: a known filter or an unknown value hides the MSO")
		}
	}
}

// TestMSORequestPages: a counselor opens a support request (a refused
// form first), the region's coordinator moves it on with a note, another
// region never sees it, and bad or stale updates change nothing.
func TestMSORequestPages(t *testing.T) {
	fx := newMSOFixture(t)
	base := "/mso/" + fx.hannover + "/requests"
	if resp, body := fx.couns.Post(t, base, url.Values{"subject": {""}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="kind-error"`) || !strings.Contains(body, `id="subject-error"`) {
		t.Fatalf("bad request: %d", resp.StatusCode)
	}
	if resp, _ := fx.other.Post(t, base, url.Values{"kind": {"premises"}, "subject": {"Raum"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another region opens a request: %d", resp.StatusCode)
	}
	resp, _ := fx.couns.Post(t, base, url.Values{"kind": {"premises"}, "subject": {"Raum für das Sprachcafé"}, "note": {"Dienstags gesucht"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	if resp, _ := fx.other.Get(t, path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another region's coordinator: %d", resp.StatusCode)
	}
	c := fx.coordinator
	_, page := c.Get(t, path)
	wantBody(t, "request page", page, "Raum für das Sprachcafé", "Dienstags gesucht", "Räume", "offen")
	if resp, body := c.Post(t, path, url.Values{"version": {"1"}, "status": {"open"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="note-error"`) {
		t.Errorf("empty update: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path, url.Values{"version": {"1"}, "status": {"verloren"}, "note": {"x"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown status: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path, url.Values{"version": {"eins"}, "status": {"done"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad version: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path, url.Values{"version": {"1"}, "status": {"in_progress"}, "note": {"Gemeindehaus angefragt"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path, url.Values{"version": {"1"}, "status": {"done"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale update: %d", resp.StatusCode)
	}
	_, page = c.Get(t, path)
	wantBody(t, "after the update", page, "Gemeindehaus angefragt", "Stand: in Bearbeitung")
	_, msoPage := c.Get(t, "/mso/"+fx.hannover)
	wantBody(t, "MSO page", msoPage, "Raum für das Sprachcafé", "1 Anfrage")
}

// TestMSOCatalogs: every message key of the MSO pages' domain (kinds,
// statuses, the store's problems) is in both staff languages, and the
// directory's area in every public language.
func TestMSOCatalogs(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"msostaff.description_required", "msostaff.too_long", "msostaff.languages_invalid", "msostaff.email_invalid",
		"msostaff.phone_invalid", "msostaff.website_invalid", "msostaff.consent_needs_profile", "msostaff.kind_required",
		"msostaff.subject_required", "msostaff.status_invalid", "msostaff.update_empty"}
	for _, k := range mso.Kinds {
		keys = append(keys, "msostaff.kind_"+k)
	}
	for _, s := range mso.Statuses {
		keys = append(keys, "msostaff.status_"+s)
	}
	for _, lang := range i18n.Staff {
		l := cat.Localizer(lang)
		for _, k := range keys {
			if l.T(k, "Max", 1) == k {
				t.Errorf("%s: %s missing", lang, k)
			}
		}
	}
	for _, lang := range i18n.Public {
		if l := cat.Localizer(lang); l.T("mso.public_nav") == "mso.public_nav" || l.T("mso.directory_title") == "mso.directory_title" {
			t.Errorf("%s: the directory's catalog is missing", lang)
		}
	}
}

// TestMSODemo: the demo has five profiles, three in the public directory,
// and requests in every status; the demo coordinator opens their region's
// MSO and its request pages.
func TestMSODemo(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if d, err := srv.App.MSO.PublicDirectory(ctx, mso.DirectoryFilter{}); err != nil || len(d.Entries) != 3 {
		t.Fatalf("directory: %d entries, %v", len(d.Entries), err)
	}
	u, err := auth.UserByEmail(ctx, srv.App.DB, "ministerium@kmn.example")
	if err != nil {
		t.Fatal(err)
	}
	ministry, err := srv.App.Auth.PrincipalOf(ctx, u.ID, auth.Client{IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := srv.App.MSO.List(ctx, ministry, mso.Filter{}, network.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]bool{}
	profiles := 0
	for _, m := range list {
		if m.Profile.Version > 0 {
			profiles++
		}
		reqs, err := srv.App.MSO.Requests(ctx, ministry, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			statuses[r.Status] = true
		}
	}
	if profiles != 5 || len(statuses) != len(mso.Statuses) {
		t.Errorf("demo: %d profiles, statuses %v", profiles, statuses)
	}
	d := app.DemoAccounts[2] // the Braunschweig coordinator
	cu, err := auth.UserByEmail(ctx, srv.App.DB, d.Email)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login(t, apptest.Account{User: cu, Password: d.Password, TOTPSecret: d.TOTPSecret})
	_, page := c.Get(t, "/mso?q=")
	link := regexp.MustCompile(`href="(/mso/[0-9a-f-]{36})"`).FindStringSubmatch(page)
	if link == nil || !strings.Contains(page, "Im öffentlichen Verzeichnis") {
		t.Fatal("the coordinator's list has no MSO with a public profile")
	}
	_, show := c.Get(t, link[1])
	req := regexp.MustCompile(`href="(/mso-requests/[0-9a-f-]{36})"`).FindStringSubmatch(show)
	if req == nil || !strings.Contains(show, "/regions/braunschweig/members") {
		t.Fatal("the MSO page lacks its requests or the regional network's members")
	}
	if resp, body := c.Get(t, req[1]); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Verlauf") {
		t.Errorf("request page: %d", resp.StatusCode)
	}
}
