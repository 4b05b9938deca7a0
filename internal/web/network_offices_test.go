package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var versionRe = regexp.MustCompile(`name="version" value="([^"]*)"`)

// officeForm returns the edit form's fields as a browser would submit them.
func officeEditForm(t *testing.T, c *apptest.Client, id string) url.Values {
	t.Helper()
	resp, body := c.Get(t, "/network/offices/"+id+"/edit")
	if resp.StatusCode != 200 {
		t.Fatalf("edit form: %d", resp.StatusCode)
	}
	v := url.Values{"version": {versionRe.FindStringSubmatch(body)[1]}}
	for _, m := range regexp.MustCompile(`<input id="([^"]+)" name="([^"]+)" type="(?:text|tel|email|url)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[2], htmlUnescape(m[3]))
	}
	for _, m := range regexp.MustCompile(`name="(languages|programs|topics)" type="checkbox" value="([^"]+)" checked`).FindAllStringSubmatch(body, -1) {
		v.Add(m[1], m[2])
	}
	v.Set("status", "active")
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#39;", "'", "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace(s)
}

func TestOfficeLeadEditsHoursAndLanguages(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	lead := srv.CreateAccount(t, "lead@example.org", perm.OfficeLead, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, lead)

	form := officeEditForm(t, c, fx.officeID)
	form.Set("hours.mon", "09:00-12:00, 13:00-16:30")
	form.Set("hours.thu", "14:00-18:00")
	form.Set("exceptions", "2026-12-24 geschlossen")
	form["languages"] = []string{"de", "uk", "tr", "ti"} // Tigrinya is one of the "more languages"
	resp, body := c.Post(t, "/network/offices/"+fx.officeID, form)
	if resp.StatusCode != 303 {
		t.Fatalf("save: %d\n%s", resp.StatusCode, errorSummary(body))
	}
	_, page := c.Get(t, "/network/offices/"+fx.officeID)
	for _, want := range []string{"09:00-12:00, 13:00-16:30", "14:00-18:00", "Ukrainisch", "Türkisch", "Tigrinya", "2026-12-24"} {
		if !strings.Contains(page, want) {
			t.Errorf("office page lacks %q", want)
		}
	}
	o, err := srv.App.Network.Office(context.Background(), fx.officeID)
	if err != nil || strings.Join(o.Languages, ",") != "de,ti,tr,uk" {
		t.Fatalf("stored languages: %v %v", o.Languages, err)
	}

	tests := []struct {
		name, field, value, message string
		status                      int
	}{
		{"inverted hours", "hours.tue", "12:00-09:00", "liegt nicht nach dem Beginn", 422},
		{"overlapping hours", "hours.wed", "09:00-12:00, 11:00-13:00", "überschneiden", 422},
		{"unknown postcode", "postcode", "00000", "kennen wir nicht", 422},
		{"Bremen postcode", "postcode", "28195", "nicht in Niedersachsen", 422},
		{"stale version", "version", "2020-01-01T00:00:00Z", "Jemand anderes", 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := officeEditForm(t, c, fx.officeID)
			f.Set(tt.field, tt.value)
			resp, body := c.Post(t, "/network/offices/"+fx.officeID, f)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.message) {
				t.Fatalf("status %d (want %d), summary: %s", resp.StatusCode, tt.status, errorSummary(body))
			}
			after, _ := srv.App.Network.Office(context.Background(), fx.officeID)
			if !after.UpdatedAt.Equal(o.UpdatedAt) {
				t.Fatal("a refused form changed the office")
			}
		})
	}

	other := srv.CreateAccount(t, "other-lead@example.org", perm.OfficeLead, perm.Office, "some-other-office")
	oc := srv.NewClient(t)
	oc.Login(t, other)
	if resp, _ := oc.Get(t, "/network/offices/"+fx.officeID+"/edit"); resp.StatusCode != 404 {
		t.Fatalf("another office's lead: %d, want 404", resp.StatusCode)
	}
}

var summaryRe = regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`)

func errorSummary(body string) string { return summaryRe.FindString(body) }

func TestOfficeListExportAndImport(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	minAcc := srv.CreateAccount(t, "min@example.org", perm.Ministry, perm.Statewide, "")
	c := srv.NewClient(t)
	c.Login(t, minAcc)
	if _, body := c.Get(t, "/network/offices?lang=ar&region=hannover"); !strings.Contains(body, "MBE AWO Hannover") {
		t.Fatal("filtered list lacks the office")
	}
	if _, body := c.Get(t, "/network/offices?lang=uk"); strings.Contains(body, "MBE AWO Hannover") || !strings.Contains(body, "Keine Beratungsstelle") {
		t.Fatal("language filter or empty state")
	}
	resp, csv := c.Get(t, "/network/offices/export?format=csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv, "district") ||
		!strings.Contains(csv, "Region Hannover") || !strings.Contains(csv, "MBE AWO Hannover") {
		t.Fatalf("export: %d %q", resp.StatusCode, csv[:min(len(csv), 300)])
	}
	if resp, _ := c.Get(t, "/network/offices/export?format=pdf"); resp.StatusCode != 400 {
		t.Fatalf("unknown export format: %d", resp.StatusCode)
	}
	// Re-importing the export changes nothing; a changed name is one update.
	changed := strings.Replace(csv, "MBE AWO Hannover", "MBE AWO Hannover-Mitte", 1)
	resp, body := c.PostMultipart(t, "/network/offices/import", "file", "offices.csv", changed, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Probelauf ohne Fehler") {
		t.Fatalf("dry run: %d %s", resp.StatusCode, errorSummary(body))
	}
	if o, _ := srv.App.Network.Office(context.Background(), fx.officeID); o.Name != "MBE AWO Hannover" {
		t.Fatal("the dry run wrote")
	}
	content := regexp.MustCompile(`name="content" value="([^"]+)"`).FindStringSubmatch(body)[1]
	resp, body = c.PostMultipart(t, "/network/offices/import", "", "", "", url.Values{"content": {content}, "commit": {"1"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Import abgeschlossen") {
		t.Fatalf("commit: %d %s", resp.StatusCode, errorSummary(body))
	}
	if o, _ := srv.App.Network.Office(context.Background(), fx.officeID); o.Name != "MBE AWO Hannover-Mitte" {
		t.Fatalf("import did not update: %q", o.Name)
	}
	bad := strings.Replace(csv, ",30159,", ",28195,", 1)
	resp, body = c.PostMultipart(t, "/network/offices/import", "file", "bad.csv", bad, url.Values{"commit": {"1"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "Zeile 2") || !strings.Contains(body, "nicht in Niedersachsen") {
		t.Fatalf("bad import: %d %s", resp.StatusCode, errorSummary(body))
	}
	_ = network.Active
}
