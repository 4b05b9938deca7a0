package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// planForm is a plan with two goals (the first with two measures), an
// empty measure row and an empty goal row, the way the page posts it.
func planForm(version string) url.Values {
	return url.Values{
		"version": {version}, "starts_on": {"2026-03-01"}, "review_on": {"2026-09-01"},
		"goals[0].id": {""}, "goals[0].area": {"language"}, "goals[0].title": {"Deutschkurs B1 abschließen"},
		"goals[0].measures[0].description": {"Anmeldung zum Integrationskurs"}, "goals[0].measures[0].responsible": {"client"},
		"goals[0].measures[0].due_on": {"2026-04-01"}, "goals[0].measures[0].status": {"open"},
		"goals[0].measures[1].description": {"Kinderbetreuung klären"}, "goals[0].measures[1].responsible": {"counselor"},
		"goals[0].measures[1].due_on": {"2026-04-15"}, "goals[0].measures[1].status": {"open"}, "goals[0].measures[1].review_on": {"2026-05-01"},
		// An empty measure row (only defaults) is ignored.
		"goals[0].measures[2].description": {""}, "goals[0].measures[2].status": {"open"},
		"goals[1].area": {"work"}, "goals[1].title": {"Arbeitsstelle in der Pflege finden"},
		"goals[1].measures[0].description": {"Anerkennung beantragen"}, "goals[1].measures[0].responsible": {"partner"},
		"goals[1].measures[0].due_on": {"2026-06-30"}, "goals[1].measures[0].status": {"open"},
		// An empty goal row is ignored.
		"goals[2].area": {""}, "goals[2].title": {"  "}, "goals[2].measures[0].description": {""}, "goals[2].measures[0].status": {"open"},
	}
}

var (
	planGoalIDRe    = regexp.MustCompile(`name="goals\[(\d+)\]\.id" value="([^"]*)"`)
	planMeasureIDRe = regexp.MustCompile(`name="goals\[(\d+)\]\.measures\[(\d+)\]\.id" value="([^"]*)"`)
)

// withIDs copies the hidden goal and measure ids of a plan page into form.
func withIDs(form url.Values, page string) url.Values {
	for _, m := range planGoalIDRe.FindAllStringSubmatch(page, -1) {
		if m[2] != "" {
			form.Set("goals["+m[1]+"].id", m[2])
		}
	}
	for _, m := range planMeasureIDRe.FindAllStringSubmatch(page, -1) {
		if m[3] != "" {
			form.Set("goals["+m[1]+"].measures["+m[2]+"].id", m[3])
		}
	}
	return form
}

func TestPlanJourney(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "plan@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID) // first language "ar"
	path := "/cases/" + id + "/plan"

	body := caseGet(t, c, "/cases/"+id)
	if !strings.Contains(body, `href="`+path+`"`) || !strings.Contains(body, `href="`+path+`/print"`) {
		t.Error("file page does not link the plan and its print view")
	}
	body = caseGet(t, c, path)
	for _, s := range []string{`name="version" value="0"`, `name="goals[0].title"`, `id="goals-0-title"`, `name="goals[1].measures[2].due_on"`,
		`type="date"`, "Gesellschaftliche Teilhabe", "Kooperationspartner"} {
		if !strings.Contains(body, s) {
			t.Errorf("empty plan page lacks %q", s)
		}
	}

	resp, body := c.Post(t, path, planForm("0"))
	wantStatus(t, "save", resp, body, 303)
	if resp.Header.Get("Location") != path {
		t.Errorf("save: redirect to %q", resp.Header.Get("Location"))
	}
	page := caseGet(t, c, path)
	for _, s := range []string{"Der Förderplan wurde gespeichert.", "Deutschkurs B1 abschließen", "Arbeitsstelle in der Pflege finden",
		"Anmeldung zum Integrationskurs", "Anerkennung beantragen", `value="2026-06-30"`, "Fassung 1", `name="version" value="1"`,
		// Two stored goals, two empty ones; two empty measure rows under each stored goal.
		`name="goals[3].title"`, `name="goals[0].measures[3].description"`} {
		if !strings.Contains(page, s) {
			t.Errorf("plan page lacks %q", s)
		}
	}
	if strings.Contains(page, `name="goals[4].title"`) || strings.Contains(page, `name="goals[0].measures[4].description"`) {
		t.Error("plan page offers more empty rows than planned")
	}
	if n := strings.Count(page, `name="goals[1].measures[`); n != 3*6 {
		t.Errorf("goal 2 has %d measure fields, want 3 rows of 6", n)
	}

	// The print view: German and Arabic headings, typed text as typed.
	resp, body = c.Get(t, path+"/print")
	wantStatus(t, "print", resp, body, 200)
	for _, s := range []string{`<span lang="de">Förderplan</span> / <span lang="ar" dir="rtl">خطة الدعم</span>`,
		`<span lang="ar" dir="rtl">الهدف 1</span>`, `<span lang="de">Frist</span>`, `<span lang="ar" dir="rtl">الموعد النهائي</span>`,
		`<span lang="ar" dir="rtl">اللغة</span>`, "Deutschkurs B1 abschließen", "Anmeldung zum Integrationskurs", "15.04.2026",
		`<span lang="de">Ratsuchende Person</span>`} {
		if !strings.Contains(body, s) {
			t.Errorf("print view lacks %q", s)
		}
	}
	if strings.Contains(body, "main-nav") || strings.Contains(body, "site-header") {
		t.Error("print view shows the navigation")
	}

	// A second save keeps the ids and changes a due date.
	form := withIDs(planForm("1"), page)
	form.Set("goals[0].measures[0].due_on", "2026-04-08")
	resp, body = c.Post(t, path, form)
	wantStatus(t, "second save", resp, body, 303)

	resp, body = c.Get(t, path+"/history")
	wantStatus(t, "history", resp, body, 200)
	for _, s := range []string{"Fassung 2", "Fassung 1", "Test counselor", "Förderplan angelegt", "Ziel hinzugefügt",
		"Ziel 1, Maßnahme 1: Frist geändert"} {
		if !strings.Contains(body, s) {
			t.Errorf("history lacks %q", s)
		}
	}
	if strings.Index(body, "Fassung 2") > strings.Index(body, "Fassung 1") {
		t.Error("history is not newest first")
	}
	if strings.Contains(body, "Deutschkurs") || strings.Contains(body, "2026-04-08") {
		t.Error("history shows plan content")
	}
	_, v2, _ := strings.Cut(body, "<h2>Fassung 2</h2>")
	if v2, _, _ = strings.Cut(v2, "Fassung 1"); strings.Count(v2, "<li>") != 2 || strings.Contains(v2, "Ziel 1, Maßnahme 2") {
		t.Errorf("version 2 should list one change only:\n%s", v2)
	}

	// Saving on top of version 1 again is stale: 409, form as typed.
	stale := withIDs(planForm("1"), page)
	stale.Set("goals[1].title", "Veraltete Fassung des Ziels")
	resp, body = c.Post(t, path, stale)
	wantStatus(t, "stale save", resp, body, 409)
	for _, s := range []string{"Der Förderplan wurde inzwischen von anderer Seite geändert.", `value="Veraltete Fassung des Ziels"`, `href="#plan"`} {
		if !strings.Contains(body, s) {
			t.Errorf("stale answer lacks %q", s)
		}
	}
}

func TestPlanValidation(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "planv@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)
	path := "/cases/" + id + "/plan"

	// Goal 0 of the form is empty, so the store's goals[0] is form goal 1,
	// and its measures[0] is form measure 1.
	form := url.Values{"version": {"0"}, "starts_on": {"2026-03-01"}, "review_on": {"2026-09-01"},
		"goals[0].title": {""}, "goals[0].measures[0].description": {""},
		"goals[1].area": {"housing"}, "goals[1].title": {"Eigene Wohnung"},
		"goals[1].measures[0].description": {""}, "goals[1].measures[0].due_on": {"2020-01-01"},
		"goals[1].measures[1].description": {"WBS beantragen"}, "goals[1].measures[1].responsible": {"client"},
		"goals[1].measures[1].due_on": {"2026-02-01"}, "goals[1].measures[1].status": {"open"},
		"goals[1].measures[2].description": {"Wohnungsbörse"}, "goals[1].measures[2].responsible": {"niemand"},
		"goals[1].measures[2].due_on": {"1.4.2026"}, "goals[1].measures[2].status": {"open"}}
	resp, body := c.Post(t, path, form)
	wantStatus(t, "unreadable date", resp, body, 422)
	if !strings.Contains(body, "Bitte ein gültiges Datum angeben") || !strings.Contains(body, `href="#goals-1-measures-2-due_on"`) {
		t.Error("unreadable date: no message or anchor")
	}
	form.Set("goals[1].measures[2].due_on", "2026-04-01")
	resp, body = c.Post(t, path, form)
	wantStatus(t, "due before start", resp, body, 422)
	for _, s := range []string{"Die Frist liegt vor dem Beginn des Förderplans.", `href="#goals-1-measures-1-due_on"`,
		`id="goals-1-measures-1-due_on"`, `aria-describedby="goals-1-measures-1-due_on-error"`,
		"Bitte auswählen, wer die Maßnahme übernimmt.", `href="#goals-1-measures-2-responsible"`,
		`>WBS beantragen</textarea>`, `value="Eigene Wohnung"`} {
		if !strings.Contains(body, s) {
			t.Errorf("refused plan lacks %q", s)
		}
	}
	_, body = c.Get(t, path+"/history")
	if !strings.Contains(body, "noch nicht gespeichert") {
		t.Error("a refused plan was saved")
	}
}

func TestPlanScope(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	if _, err := srv.App.Network.CreateOffice(context.Background(), ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-2", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo); err != nil {
		t.Fatal(err)
	}
	owner := srv.NewClient(t)
	owner.Login(t, srv.CreateAccount(t, "owner@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, owner, fx.officeID)
	resp, body := owner.Post(t, "/cases/"+id+"/plan", planForm("0"))
	wantStatus(t, "save", resp, body, 303)

	stranger := srv.NewClient(t)
	stranger.Login(t, srv.CreateAccount(t, "stranger@cases.example", perm.Counselor, perm.Office, "awo-h-2"))
	for _, p := range []string{"/plan", "/plan/print", "/plan/history"} {
		resp, body := stranger.Get(t, "/cases/"+id+p)
		wantStatus(t, "stranger GET "+p, resp, body, 404)
		if strings.Contains(body, "Deutschkurs") {
			t.Errorf("stranger GET %s shows the plan", p)
		}
	}
	resp, body = stranger.Post(t, "/cases/"+id+"/plan", planForm("1"))
	wantStatus(t, "stranger POST", resp, body, 404)
}

// TestPlanPrintLanguages checks the print headings: German only for a
// German-speaking client, German and Ukrainian (left to right) for "uk".
func TestPlanPrintLanguages(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "print@cases.example", perm.Counselor, perm.Office, fx.officeID))
	for lang, want := range map[string]string{"uk": `<span lang="uk" dir="ltr">План підтримки</span>`, "de": `<h1><span lang="de">Förderplan</span></h1>`} {
		resp, body := c.Post(t, "/cases", url.Values{"office_id": {fx.officeID}, "program_id": {"mbe"}, "intake_on": {caseYesterday()},
			"birth_year": {"1990"}, "gender": {"male"}, "first_language": {lang}, "residence_status": {"humanitarian"}})
		wantStatus(t, "create "+lang, resp, body, 303)
		id := caseIDRe.FindStringSubmatch(resp.Header.Get("Location"))[1]
		body = caseGet(t, c, "/cases/"+id+"/plan/print")
		if !strings.Contains(body, want) {
			t.Errorf("%s: print view lacks %q", lang, want)
		}
		if !strings.Contains(body, "Noch keine Ziele vereinbart.") {
			t.Errorf("%s: print view of an empty plan lacks the empty message", lang)
		}
	}
}

// TestPlanChoicesTranslated checks that every plan value has a label in
// the staff languages and a print label in every public language.
func TestPlanChoicesTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string][]string{"area": casework.PlanAreas, "responsible": casework.Responsibles,
		"status": casework.MeasureStatuses, "outcome": casework.Outcomes}
	for list, values := range lists {
		for _, v := range values {
			for _, lang := range i18n.Staff {
				if k := "plan." + list + "." + v; cat.Localizer(lang).T(k) == k {
					t.Errorf("%s: %s missing", lang, k)
				}
			}
			for _, lang := range i18n.Public {
				if k := "planprint." + list + "." + v; cat.Localizer(lang).T(k) == k {
					t.Errorf("%s: %s missing", lang, k)
				}
			}
		}
	}
}
