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
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// deadlineSection cuts one section of the deadlines page out of body.
func deadlineSection(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<section id="` + id + `".*?</section>`).FindString(body)
	if m == "" {
		t.Fatalf("deadlines page has no section %q", id)
	}
	return m
}

// berlinDay is today in Lower Saxony plus days, as midnight UTC.
func berlinDay(days int) time.Time {
	now := time.Now().In(hours.Berlin())
	return time.Date(now.Year(), now.Month(), now.Day()+days, 0, 0, 0, 0, time.UTC)
}

func TestDeadlines(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	ctx := context.Background()
	acc := srv.CreateAccount(t, "fristen@cases.example", perm.Counselor, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, acc)
	id := createCase(t, c, fx.officeID)

	// A plan with a work measure due yesterday (its review far away).
	v := casework.ViewerOf(srv.Principal(t, acc))
	if _, err := srv.App.Cases.SavePlan(ctx, v, id, 0, casework.PlanInput{StartsOn: berlinDay(-30), ReviewOn: berlinDay(60),
		Goals: []casework.Goal{{Area: "work", Title: "Arbeit finden", Measures: []casework.Measure{
			{Description: "Bewerbung schreiben", Responsible: "client", DueOn: berlinDay(-1), Status: "open"}}}}}); err != nil {
		t.Fatal(err)
	}
	f, err := srv.App.Cases.Get(ctx, v, id)
	if err != nil {
		t.Fatal(err)
	}

	// The residence permit expires in 20 days, recorded on the file page.
	expiry := berlinDay(20)
	resp, body := c.Post(t, "/cases/"+id+"/dates", url.Values{"residence_expires_on": {expiry.Format(time.DateOnly)},
		"birth_month": {""}, "version": {"1"}})
	wantStatus(t, "set dates", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/cases/"+id+"#dates" {
		t.Errorf("set dates: redirect to %q", loc)
	}
	body = caseGet(t, c, "/cases/"+id)
	for _, s := range []string{"Die Fristdaten wurden gespeichert.", `id="dates"`, expiry.Format("02.01.2006"),
		`value="` + expiry.Format(time.DateOnly) + `"`, `name="version" value="2"`} {
		if !strings.Contains(body, s) {
			t.Errorf("file page lacks %q", s)
		}
	}

	body = caseGet(t, c, "/deadlines")
	overdue := deadlineSection(t, body, "overdue")
	for _, s := range []string{f.Code, "Maßnahme fällig", "Arbeit", berlinDay(-1).Format("02.01.2006"), `href="/cases/` + id + `/plan"`} {
		if !strings.Contains(overdue, s) {
			t.Errorf("overdue section lacks %q: %s", s, overdue)
		}
	}
	upcoming := deadlineSection(t, body, "upcoming")
	for _, s := range []string{f.Code, "Aufenthaltstitel läuft in 30 Tagen ab", expiry.Format("02.01.2006"), `href="/cases/` + id + `"`} {
		if !strings.Contains(upcoming, s) {
			t.Errorf("upcoming section lacks %q: %s", s, upcoming)
		}
	}
	if strings.Contains(overdue, "Aufenthaltstitel") || strings.Contains(upcoming, "Maßnahme fällig") {
		t.Error("an item is in the wrong section")
	}
	for _, s := range []string{"Heute ist nichts fällig.", "In den nächsten sieben Tagen ist nichts fällig.", `href="/deadlines"`} {
		if !strings.Contains(body, s) {
			t.Errorf("deadlines page lacks %q", s)
		}
	}

	body = caseGet(t, c, "/dashboard")
	for _, s := range []string{"1 überfällig", "0 heute fällig", "0 diese Woche", f.Code, "Maßnahme fällig", "Alle Fristen"} {
		if !strings.Contains(apptest.Text(body), s) {
			t.Errorf("dashboard lacks %q", s)
		}
	}

	// A counselor of another office sees none of it.
	other, err := srv.App.Network.CreateOffice(ctx, ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-2", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	stranger := srv.NewClient(t)
	stranger.Login(t, srv.CreateAccount(t, "fremd@cases.example", perm.Counselor, perm.Office, other.ID))
	body = caseGet(t, stranger, "/deadlines")
	if strings.Contains(body, f.Code) || strings.Contains(body, id) || !strings.Contains(body, "Nichts ist überfällig.") {
		t.Error("another office's counselor sees the deadlines")
	}
	body = caseGet(t, stranger, "/dashboard")
	if strings.Contains(body, f.Code) || !strings.Contains(apptest.Text(body), "0 überfällig") {
		t.Error("another office's dashboard shows the deadlines")
	}
	resp, body = stranger.Post(t, "/cases/"+id+"/dates", url.Values{"birth_month": {"5"}, "version": {"2"}})
	wantStatus(t, "stranger sets dates", resp, body, http.StatusNotFound)

	// Admins have no deadlines of any kind: no box, no link, a page that
	// says so.
	admin := srv.NewClient(t)
	admin.Login(t, srv.CreateAccount(t, "admin@cases.example", perm.Admin, perm.DefaultScope(perm.Admin), ""))
	if body := caseGet(t, admin, "/dashboard"); strings.Contains(body, "/deadlines") {
		t.Error("admin's dashboard links to the deadlines")
	}
	resp, body = admin.Get(t, "/deadlines")
	wantStatus(t, "admin deadlines", resp, body, http.StatusOK)
	if !strings.Contains(body, "Für Ihre Rolle gibt es keine Fristen.") || strings.Contains(body, "<section") {
		t.Error("admin's deadlines page shows sections")
	}
}

func TestCaseDatesRefused(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "daten@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)

	resp, body := c.Post(t, "/cases/"+id+"/dates", url.Values{"residence_expires_on": {"2027-02-01"}, "birth_month": {"13"}, "version": {"1"}})
	wantStatus(t, "bad birth month", resp, body, http.StatusUnprocessableEntity)
	for _, s := range []string{"Bitte einen Geburtsmonat von 1 bis 12 wählen.", `href="#dates-birth_month"`,
		`aria-describedby="dates-birth_month-hint dates-birth_month-error"`, `value="2027-02-01"`} {
		if !strings.Contains(body, s) {
			t.Errorf("refused dates lack %q", s)
		}
	}
	resp, body = c.Post(t, "/cases/"+id+"/dates", url.Values{"residence_expires_on": {"01.02.2027"}, "version": {"1"}})
	wantStatus(t, "bad date", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Bitte ein gültiges Datum angeben") {
		t.Error("bad date: no message")
	}
	// Nothing was written by the refused forms.
	if body := caseGet(t, c, "/cases/"+id); !strings.Contains(body, `name="version" value="1"`) {
		t.Error("a refused form changed the file")
	}

	resp, body = c.Post(t, "/cases/"+id+"/dates", url.Values{"birth_month": {"3"}, "version": {"1"}})
	wantStatus(t, "birth month", resp, body, http.StatusSeeOther)
	resp, body = c.Post(t, "/cases/"+id+"/dates", url.Values{"birth_month": {"4"}, "version": {"1"}})
	wantStatus(t, "stale dates", resp, body, http.StatusConflict)
	for _, s := range []string{"inzwischen geändert", `href="#dates"`, `name="version" value="2"`, "März"} {
		if !strings.Contains(body, s) {
			t.Errorf("stale page lacks %q", s)
		}
	}
	// Saving again from the conflict page works.
	resp, body = c.Post(t, "/cases/"+id+"/dates", url.Values{"birth_month": {"4"}, "version": {"2"}})
	wantStatus(t, "dates after conflict", resp, body, http.StatusSeeOther)
	if body := caseGet(t, c, "/cases/"+id); !strings.Contains(body, "April") {
		t.Error("birth month not shown on the file page")
	}
}

func TestDeadlinesInEnglish(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "english@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)
	resp, body := c.Post(t, "/cases/"+id+"/dates", url.Values{"residence_expires_on": {berlinDay(-3).Format(time.DateOnly)}, "version": {"1"}})
	wantStatus(t, "set dates", resp, body, http.StatusSeeOther)
	if resp, _ := c.Post(t, "/language", url.Values{"lang": {"en"}, "back": {"/deadlines"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("language switch: %d", resp.StatusCode)
	}
	body = caseGet(t, c, "/deadlines")
	for _, s := range []string{`lang="en"`, "<h1>Deadlines</h1>", "Overdue", "This week", "Coming up", "Residence permit expired",
		berlinDay(-3).Format("2 Jan 2006"), "Nothing is due today."} {
		if !strings.Contains(body, s) {
			t.Errorf("English deadlines page lacks %q", s)
		}
	}
	if strings.Contains(deadlineSection(t, body, "overdue"), "Nothing is overdue.") {
		t.Error("the expired permit is not in the overdue section")
	}
	body = caseGet(t, c, "/dashboard")
	if !strings.Contains(apptest.Text(body), "1 overdue") || !strings.Contains(body, "See all deadlines") {
		t.Error("English dashboard lacks the deadline box")
	}
	body = caseGet(t, c, "/cases/"+id)
	if !strings.Contains(body, "Residence permit valid until") || !strings.Contains(body, "Save deadline data") {
		t.Error("English file page lacks the dates section")
	}
}
