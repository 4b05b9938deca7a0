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
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var (
	caseIDRe   = regexp.MustCompile(`^/cases/([0-9a-f-]{36})$`)
	withdrawRe = regexp.MustCompile(`/cases/[0-9a-f-]{36}/consents/([0-9a-f-]{36})/withdraw`)
)

func caseToday() string { return time.Now().In(time.UTC).Format(time.DateOnly) }

// createCase opens a file through the form and returns its id.
func createCase(t *testing.T, c *apptest.Client, officeID string) string {
	t.Helper()
	resp, body := c.Post(t, "/cases", url.Values{"office_id": {officeID}, "program_id": {"mbe"}, "intake_on": {caseYesterday()},
		"birth_year": {"1990"}, "gender": {"female"}, "country": {"sy"}, "first_language": {"ar"},
		"residence_status": {"humanitarian"}, "arrival_year": {"2016"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d: %s", resp.StatusCode, body)
	}
	m := caseIDRe.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create: redirect to %q", resp.Header.Get("Location"))
	}
	return m[1]
}

// caseYesterday keeps dates in the past whatever the time zones of test and server.
func caseYesterday() string { return time.Now().AddDate(0, 0, -1).Format(time.DateOnly) }

func TestCaseJourney(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	acc := srv.CreateAccount(t, "berater@cases.example", perm.Counselor, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, acc)

	id := createCase(t, c, fx.officeID)
	resp, body := c.Get(t, "/cases/"+id)
	wantStatus(t, "file page", resp, body, 200)
	for _, s := range []string{"Die Akte wurde angelegt.", "weiblich", "Aufenthalt aus humanitären Gründen", "MBE AWO Hannover", "Syrien"} {
		if !strings.Contains(body, s) {
			t.Errorf("file page lacks %q", s)
		}
	}
	resp, body = c.Get(t, "/cases")
	wantStatus(t, "list", resp, body, 200)
	if !strings.Contains(body, "/cases/"+id) {
		t.Error("list lacks the new file")
	}

	resp, body = c.Post(t, "/cases/"+id+"/consents", url.Values{"purpose": {"contact_data"}, "given_on": {caseYesterday()}, "form": {"written"}})
	wantStatus(t, "consent", resp, body, 303)
	resp, body = c.Post(t, "/cases/"+id+"/contact-data", url.Values{"name": {"Amira Beispiel"}, "phone": {"0511 123456"}})
	wantStatus(t, "contact data", resp, body, 303)
	resp, body = c.Post(t, "/cases/"+id+"/contacts", url.Values{"on": {caseYesterday()}, "minutes": {"45"}, "channel": {"phone"},
		"language": {"ar"}, "interpreter": {"1"}, "note": {"Wohnungssuche besprochen"}})
	wantStatus(t, "contact", resp, body, 303)

	_, body = c.Get(t, "/cases/"+id)
	for _, s := range []string{"Amira Beispiel", "0511 123456", "Wohnungssuche besprochen", "Speicherung von Kontaktdaten", "45 Minuten", "telefonisch"} {
		if !strings.Contains(body, s) {
			t.Errorf("file page lacks %q", s)
		}
	}

	resp, body = c.Get(t, "/cases/"+id+"/export")
	wantStatus(t, "export", resp, body, 200)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, "Wohnungssuche besprochen") ||
		!strings.Contains(body, "Amira Beispiel") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export: %s %s", resp.Header.Get("Content-Type"), body)
	}

	// Withdrawing the contact-data consent erases the contact data.
	m := withdrawRe.FindStringSubmatch(body + caseGet(t, c, "/cases/"+id))
	if m == nil {
		t.Fatal("no withdraw link on the file page")
	}
	path := "/cases/" + id + "/consents/" + m[1] + "/withdraw"
	resp, body = c.Get(t, path)
	wantStatus(t, "withdraw confirm", resp, body, 200)
	resp, body = c.Post(t, path, url.Values{"withdrawn_on": {""}})
	wantStatus(t, "withdraw", resp, body, 303)
	_, body = c.Get(t, "/cases/"+id)
	if strings.Contains(body, "Amira Beispiel") || !strings.Contains(body, "Der Widerruf wurde gespeichert.") {
		t.Error("contact data still shown after withdrawal")
	}
	resp, body = c.Post(t, path, nil)
	wantStatus(t, "withdraw twice", resp, body, 422)
	if !strings.Contains(body, "Diese Einwilligung wurde bereits widerrufen.") {
		t.Error("second withdrawal: no message")
	}

	resp, body = c.Get(t, "/cases/"+id+"/erase")
	wantStatus(t, "erase confirm", resp, body, 200)
	resp, body = c.Post(t, "/cases/"+id+"/erase", nil)
	wantStatus(t, "erase", resp, body, 303)
	if resp.Header.Get("Location") != "/cases" {
		t.Errorf("erase: redirect to %q", resp.Header.Get("Location"))
	}
	resp, body = c.Get(t, "/cases")
	if !strings.Contains(body, "Die Akte wurde gelöscht.") || strings.Contains(body, id) {
		t.Error("list after erasure: no flash or file still listed")
	}
	resp, body = c.Get(t, "/cases/"+id)
	wantStatus(t, "erased file", resp, body, 404)
}

func caseGet(t *testing.T, c *apptest.Client, path string) string {
	t.Helper()
	resp, body := c.Get(t, path)
	wantStatus(t, path, resp, body, 200)
	return body
}

func TestCaseScopeAndRoles(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	other, err := srv.App.Network.CreateOffice(context.Background(), ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-2", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	owner := srv.NewClient(t)
	owner.Login(t, srv.CreateAccount(t, "a@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, owner, fx.officeID)

	// A counselor whose account names the other office by its external id.
	stranger := srv.NewClient(t)
	stranger.Login(t, srv.CreateAccount(t, "b@cases.example", perm.Counselor, perm.Office, "awo-h-2"))
	for _, p := range []string{"/cases/" + id, "/cases/" + id + "/export", "/cases/" + id + "/erase"} {
		resp, body := stranger.Get(t, p)
		wantStatus(t, "stranger GET "+p, resp, body, 404)
	}
	resp, body := stranger.Post(t, "/cases/"+id+"/contacts", url.Values{"on": {caseYesterday()}, "minutes": {"30"}, "channel": {"phone"}})
	wantStatus(t, "stranger POST contact", resp, body, 404)
	resp, body = stranger.Post(t, "/cases/"+id+"/erase", nil)
	wantStatus(t, "stranger erase", resp, body, 404)
	_, body = stranger.Get(t, "/cases")
	if strings.Contains(body, id) || !strings.Contains(body, "Noch keine Akten") {
		t.Error("stranger's list shows another office's file")
	}
	// The stranger can open files in their own office only.
	createCase(t, stranger, other.ID)
	resp, body = stranger.Post(t, "/cases", url.Values{"office_id": {fx.officeID}, "program_id": {"mbe"}, "intake_on": {caseYesterday()},
		"birth_year": {"1990"}, "gender": {"female"}, "residence_status": {"other"}})
	wantStatus(t, "stranger creates in another office", resp, body, 422)

	// An office lead (by membership-free account scope) sees the file.
	lead := srv.NewClient(t)
	lead.Login(t, srv.CreateAccount(t, "lead@cases.example", perm.OfficeLead, perm.Office, fx.officeID))
	caseGet(t, lead, "/cases/"+id)

	for _, r := range []perm.Role{perm.Admin, perm.Ministry, perm.RegionCoordinator, perm.Partner} {
		c := srv.NewClient(t)
		scope := map[perm.Role]string{perm.RegionCoordinator: fx.regionID, perm.Partner: fx.orgID}[r]
		c.Login(t, srv.CreateAccount(t, string(r)+"@cases.example", r, perm.DefaultScope(r), scope))
		for _, p := range []string{"/cases", "/cases/" + id} {
			resp, body := c.Get(t, p)
			wantStatus(t, string(r)+" GET "+p, resp, body, 403)
		}
	}
}

func TestCaseValidation(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "v@cases.example", perm.Counselor, perm.Office, fx.officeID))

	resp, body := c.Post(t, "/cases", url.Values{"birth_year": {"neunzehn"}, "intake_on": {"31.12.2020"}})
	wantStatus(t, "empty create", resp, body, 422)
	for _, s := range []string{"Bitte eine Ihrer Beratungsstellen wählen.", "Bitte ein Programm wählen.", "Bitte eine ganze Zahl angeben.",
		"Bitte ein gültiges Datum angeben", `aria-describedby="office_id-error"`, `href="#birth_year"`, `value="neunzehn"`} {
		if !strings.Contains(body, s) {
			t.Errorf("refused create form lacks %q", s)
		}
	}
	resp, body = c.Post(t, "/cases", url.Values{"office_id": {fx.officeID}, "program_id": {"jmd"}, "intake_on": {caseYesterday()},
		"birth_year": {"1990"}, "gender": {"female"}, "residence_status": {"other"}})
	wantStatus(t, "program not offered", resp, body, 422)
	if !strings.Contains(body, "Diese Beratungsstelle bietet das Programm nicht an.") {
		t.Error("no case.program_not_offered message")
	}

	id := createCase(t, c, fx.officeID)
	resp, body = c.Post(t, "/cases/"+id+"/contact-data", url.Values{"name": {"Ohne Einwilligung"}})
	wantStatus(t, "contact data without consent", resp, body, 422)
	if !strings.Contains(body, "Kontaktdaten dürfen nur mit einer gültigen Einwilligung gespeichert werden.") || !strings.Contains(body, `href="#contact_data"`) {
		t.Error("no case.consent_required message")
	}
	if strings.Contains(body, "Ohne Einwilligung") {
		t.Error("refused contact data echoed although it may not be kept")
	}
	resp, body = c.Post(t, "/cases/"+id+"/contacts", url.Values{"on": {caseYesterday()}, "minutes": {"0"}, "channel": {"fax"}})
	wantStatus(t, "bad contact", resp, body, 422)
	for _, s := range []string{"Die Dauer muss zwischen 1 und 600 Minuten liegen.", "Bitte einen Kontaktweg aus der Liste wählen.",
		`id="contact-minutes-error"`, `aria-describedby="contact-minutes-error"`} {
		if !strings.Contains(body, s) {
			t.Errorf("refused contact lacks %q", s)
		}
	}
	resp, body = c.Post(t, "/cases/"+id+"/consents", url.Values{"purpose": {"referral"}, "given_on": {caseYesterday()}, "form": {"oral"}})
	wantStatus(t, "referral without recipient", resp, body, 422)
	if !strings.Contains(body, "Bitte angeben, an wen weitervermittelt werden darf.") {
		t.Error("no case.recipient_required message")
	}

	// Closing with an old version is stale; with the current one it works.
	resp, body = c.Post(t, "/cases/"+id+"/close", url.Values{"version": {"99"}, "on": {caseToday()}, "reason": {"moved"}})
	wantStatus(t, "stale close", resp, body, 409)
	if !strings.Contains(body, "inzwischen geändert") {
		t.Error("no stale message")
	}
	resp, body = c.Post(t, "/cases/"+id+"/close", url.Values{"version": {"1"}, "on": {caseYesterday()}, "reason": {"moved"}})
	wantStatus(t, "close", resp, body, 303)
	_, body = c.Get(t, "/cases/"+id)
	if !strings.Contains(body, "verzogen") || !strings.Contains(body, "/cases/"+id+"/reopen") {
		t.Error("closed file shows no reason or reopen form")
	}
	resp, body = c.Post(t, "/cases/"+id+"/reopen", url.Values{"version": {"2"}})
	wantStatus(t, "reopen", resp, body, 303)
	_, body = c.Get(t, "/cases?status=open&q="+id[:0])
	if !strings.Contains(body, "/cases/"+id) {
		t.Error("reopened file not in the open list")
	}
	_, body = c.Get(t, "/cases?status=closed")
	if strings.Contains(body, "/cases/"+id) {
		t.Error("reopened file in the closed list")
	}
}

// TestCaseChoicesTranslated checks that every value casework allows has a
// label in each staff language.
func TestCaseChoicesTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string][]string{"gender": casework.Genders, "residence": casework.ResidenceStatuses, "purpose": casework.Purposes,
		"form": casework.Forms, "channel": casework.Channels, "close_reason": casework.CloseReasons, "status": {"open", "closed"}}
	for _, lang := range i18n.Staff {
		l := cat.Localizer(lang)
		for area, values := range lists {
			for _, v := range values {
				if k := "case." + area + "." + v; l.T(k) == k {
					t.Errorf("%s: %s missing", lang, k)
				}
			}
		}
	}
}
