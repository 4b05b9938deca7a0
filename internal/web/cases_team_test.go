package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var substitutionEndRe = regexp.MustCompile(`/substitutions/([0-9a-f-]{36})/end`)

// teamFixture is an office with case_visibility "own", two counselors
// (a, b) and a counselor of another office (stranger), each signed in.
type teamFixture struct {
	networkFixture
	srv                  *apptest.Server
	a, b, stranger       *apptest.Client
	aID, bID, strangerID string
	// accounts by e-mail, to sign in again after the clock moved on
	accounts map[string]apptest.Account
}

func newTeamFixture(t *testing.T) teamFixture {
	t.Helper()
	return newTeamFixtureOn(t, apptest.Options{})
}

// newTeamFixtureOn is newTeamFixture on a server started with o.
func newTeamFixtureOn(t *testing.T, o apptest.Options) teamFixture {
	t.Helper()
	srv := apptest.Start(t, o)
	fx := teamFixture{networkFixture: newNetworkFixture(t, srv), srv: srv}
	ctx := context.Background()
	if _, err := srv.App.Network.CreateOffice(ctx, ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-2", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.DB.Exec(ctx, "INSERT INTO case_office_settings (office_id, visibility, updated_at) VALUES (?, 'own', ?)",
		fx.officeID, srv.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	fx.accounts = map[string]apptest.Account{}
	login := func(email, office string) (*apptest.Client, string) {
		acc := srv.CreateAccount(t, email, perm.Counselor, perm.Office, office)
		fx.accounts[email] = acc
		c := srv.NewClient(t)
		c.Login(t, acc)
		return c, acc.ID
	}
	fx.a, fx.aID = login("a@team.example", fx.officeID)
	fx.b, fx.bID = login("bb@team.example", fx.officeID)
	fx.stranger, fx.strangerID = login("ccc@team.example", "awo-h-2")
	return fx
}

// teamDay is today plus days in Lower Saxony, as a date input's value.
func teamDay(days int) string { return berlinDay(days).Format(time.DateOnly) }

func wantBody(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

func TestCaseTransfer(t *testing.T) {
	fx := newTeamFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	resp, body := fx.b.Get(t, "/cases/"+id)
	wantStatus(t, "colleague, own visibility", resp, body, 404)
	wantBody(t, "file page", caseGet(t, fx.a, "/cases/"+id), "/cases/"+id+"/transfer", "/cases/"+id+"/edit")

	page := caseGet(t, fx.a, "/cases/"+id+"/transfer")
	wantBody(t, "transfer form", page, `value="`+fx.bID+`"`, `name="version" value="1"`, "Akte "+"KMN-")
	if strings.Contains(page, `value="`+fx.strangerID+`"`) {
		t.Error("transfer form offers someone of another office")
	}
	for _, m := range []string{"GET", "POST"} {
		var resp *http.Response
		if m == "GET" {
			resp, body = fx.stranger.Get(t, "/cases/"+id+"/transfer")
		} else {
			resp, body = fx.stranger.Post(t, "/cases/"+id+"/transfer", url.Values{"version": {"1"}, "to": {fx.strangerID}})
		}
		wantStatus(t, "stranger "+m+" transfer", resp, body, 404)
	}
	resp, body = fx.a.Post(t, "/cases/"+id+"/transfer", url.Values{"version": {"1"}, "to": {fx.strangerID}})
	wantStatus(t, "transfer to another office", resp, body, 422)
	wantBody(t, "refused transfer", body, "Diese Person arbeitet nicht in dieser Beratungsstelle.", `aria-invalid="true"`)

	resp, body = fx.a.Post(t, "/cases/"+id+"/transfer", url.Values{"version": {"1"}, "to": {fx.bID}})
	wantStatus(t, "transfer", resp, body, 303)
	if loc := resp.Header.Get("Location"); loc != "/cases" {
		t.Errorf("transfer redirects to %q", loc)
	}
	wantBody(t, "list after transfer", caseGet(t, fx.a, "/cases"), "Die Akte wurde übergeben.")
	resp, body = fx.a.Get(t, "/cases/"+id)
	wantStatus(t, "previous counselor", resp, body, 404)
	caseGet(t, fx.b, "/cases/"+id)

	// A second submit of the old form is stale.
	resp, body = fx.b.Post(t, "/cases/"+id+"/transfer", url.Values{"version": {"1"}, "to": {fx.aID}})
	wantStatus(t, "stale transfer", resp, body, 409)
	wantBody(t, "stale transfer", body, "inzwischen geändert")
}

func TestCaseStatsEdit(t *testing.T) {
	fx := newTeamFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	path := "/cases/" + id + "/edit"
	form := caseGet(t, fx.a, path)
	wantBody(t, "edit form", form, `name="version" value="1"`, `id="birth_year" name="birth_year"`, `value="1990"`, `value="SY"`,
		`<option value="humanitarian" selected`)
	for _, c := range []*apptest.Client{fx.b, fx.stranger} {
		resp, body := c.Get(t, path)
		wantStatus(t, "GET edit out of scope", resp, body, 404)
		resp, body = c.Post(t, path, url.Values{"version": {"1"}, "birth_year": {"1991"}})
		wantStatus(t, "POST edit out of scope", resp, body, 404)
	}

	stats := url.Values{"version": {"1"}, "intake_on": {caseYesterday()}, "birth_year": {"1991"}, "gender": {"diverse"},
		"country": {"af"}, "first_language": {"fa"}, "residence_status": {"asylum_pending"}, "arrival_year": {"2021"}}
	resp, body := fx.a.Post(t, path, stats)
	wantStatus(t, "save stats", resp, body, 303)
	wantBody(t, "file after edit", caseGet(t, fx.a, "/cases/"+id), "Die Statistikangaben wurden gespeichert.", "1991", "Afghanistan", "Persisch", "divers")

	// The same (old) form a second time: refused, nothing changes.
	stats.Set("birth_year", "1992")
	resp, body = fx.a.Post(t, path, stats)
	wantStatus(t, "stale edit", resp, body, 409)
	wantBody(t, "stale edit", body, "Jemand hat die Akte inzwischen geändert", `href="`+path+`"`, `value="1992"`)
	if page := caseGet(t, fx.a, "/cases/"+id); strings.Contains(page, "1992") {
		t.Error("stale edit was saved")
	}

	stats.Set("version", "2")
	stats.Set("birth_year", strconv.Itoa(time.Now().Year()+1))
	resp, body = fx.a.Post(t, path, stats)
	wantStatus(t, "birth year in the future", resp, body, 422)
	wantBody(t, "future birth year", body, "Das Geburtsjahr liegt in der Zukunft.", `href="#birth_year"`)
	stats.Set("birth_year", "neunzehn")
	resp, body = fx.a.Post(t, path, stats)
	wantStatus(t, "birth year not a number", resp, body, 422)
	wantBody(t, "bad birth year", body, "Bitte eine ganze Zahl angeben.")
}

func TestSubstitutionPages(t *testing.T) {
	fx := newTeamFixture(t)
	id := createCase(t, fx.a, fx.officeID)
	add := url.Values{"office_id": {fx.officeID}, "absent_id": {fx.aID}, "substitute_id": {fx.bID},
		"starts_on": {teamDay(0)}, "ends_on": {teamDay(6)}}

	page := caseGet(t, fx.a, "/substitutions")
	wantBody(t, "substitutions page", page, "Meine Abwesenheiten", `value="`+fx.bID+`"`, "Vertretung eintragen")
	wantBody(t, "caseload page", caseGet(t, fx.a, "/cases"), `href="/substitutions"`)

	bad := []struct {
		name, field, value, message string
	}{
		{"start in the past", "starts_on", teamDay(-1), "Der erste Tag darf nicht in der Vergangenheit liegen."},
		{"too long", "ends_on", teamDay(90), "Eine Vertretung dauert höchstens 90 Tage."},
		{"for someone else", "absent_id", fx.bID, "Vertretungen für andere kann nur die Leitung der Beratungsstelle eintragen."},
		{"other office", "office_id", "no-such-office", "Bitte eine Ihrer Beratungsstellen wählen."},
		{"substitute elsewhere", "substitute_id", fx.strangerID, "Diese Person arbeitet nicht in dieser Beratungsstelle."},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			in := url.Values{}
			for k, v := range add {
				in[k] = v
			}
			in.Set(tt.field, tt.value)
			resp, body := fx.a.Post(t, "/substitutions", in)
			wantStatus(t, tt.name, resp, body, 422)
			wantBody(t, tt.name, body, tt.message)
		})
	}

	resp, body := fx.b.Get(t, "/cases/"+id)
	wantStatus(t, "before the substitution", resp, body, 404)
	resp, body = fx.a.Post(t, "/substitutions", add)
	wantStatus(t, "add", resp, body, 303)
	caseGet(t, fx.b, "/cases/"+id)
	list := caseGet(t, fx.b, "/substitutions")
	wantBody(t, "substitute's list", list, "Ich vertrete", "gilt jetzt", teamDay(6))
	m := substitutionEndRe.FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no end link")
	}
	end := "/substitutions/" + m[1] + "/end"
	resp, body = fx.stranger.Get(t, end)
	wantStatus(t, "stranger end form", resp, body, 404)
	resp, body = fx.stranger.Post(t, end, nil)
	wantStatus(t, "stranger ends", resp, body, 404)
	wantBody(t, "end confirmation", caseGet(t, fx.b, end), "jetzt beenden?")
	resp, body = fx.b.Post(t, end, nil)
	wantStatus(t, "end", resp, body, 303)
	resp, body = fx.b.Get(t, "/cases/"+id)
	wantStatus(t, "after the end", resp, body, 404)
	resp, body = fx.b.Post(t, end, nil)
	wantStatus(t, "end twice", resp, body, 422)
	wantBody(t, "end twice", body, "Diese Vertretung ist bereits beendet.")
}

func TestProgramRetentionSetting(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	ministry := registryLogin(t, srv, "ministry@team.example", perm.Ministry, perm.Statewide, "")
	wantBody(t, "program form", caseGet(t, ministry, "/network/programs/mbe/edit"), "Löschfrist nach Abschluss (Jahre)",
		`name="retention_years" type="text" inputmode="numeric" size="4" maxlength="2" value="3"`)
	in := url.Values{"id": {"mbe"}, "editing": {"1"}, "funding_level": {"federal"}, "name_de": {"MBE"}, "retention_years": {"31"}}
	resp, body := ministry.Post(t, "/network/programs", in)
	wantStatus(t, "31 years", resp, body, 422)
	wantBody(t, "31 years", body, "Bitte eine Löschfrist zwischen 1 und 30 Jahren angeben.", `href="#retention_years"`)
	in.Set("retention_years", "7")
	resp, body = ministry.Post(t, "/network/programs", in)
	wantStatus(t, "7 years", resp, body, 303)
	wantBody(t, "program form after save", caseGet(t, ministry, "/network/programs/mbe/edit"), `maxlength="2" value="7"`)

	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "ret@team.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)
	closedOn := caseYesterday()
	resp, body = c.Post(t, "/cases/"+id+"/close", url.Values{"version": {"1"}, "on": {closedOn}, "reason": {"moved"}})
	wantStatus(t, "close", resp, body, 303)
	on, _ := time.Parse(time.DateOnly, closedOn)
	wantBody(t, "closed file", caseGet(t, c, "/cases/"+id), on.AddDate(7, 0, 0).Format("02.01.2006"))
}
