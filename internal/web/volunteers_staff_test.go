package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// signedUpVolunteer signs a Ukrainian mediator up in Hannover and confirms
// the address (the public pages' part), returning their id.
func signedUpVolunteer(t *testing.T, srv *apptest.Server, coord apptest.Account, email string) string {
	t.Helper()
	ctx := context.Background()
	var slots []volunteer.Slot
	for d := time.Sunday; d <= time.Saturday; d++ {
		slots = append(slots, volunteer.Slot{Weekday: d, From: 8 * 60, Till: 20 * 60})
	}
	if err := srv.App.Volunteers.SignUp(ctx, volunteer.SignUpInput{Name: "Olena Koval", Email: email, Lang: "uk", Postcode: "30159",
		Activities: []string{"mediation"}, Languages: []volunteer.Language{{Code: "uk", Level: 5, Dialects: []string{"Surschyk"}}},
		Slots: slots, Consent: true}); err != nil {
		t.Fatal(err)
	}
	var id string
	if err := srv.App.DB.QueryRow(ctx, `SELECT id FROM volunteers ORDER BY created_at DESC LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.DB.Exec(ctx, `UPDATE volunteers SET state = 'registered' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCoordinateVolunteers: a region coordinator confirms a volunteer
// after the conversation (refused without the pledge), records a
// document (refused with a past date) and ends the work; another
// region's coordinator and a counselor cannot open the profile.
func TestCoordinateVolunteers(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Verbose: testing.Verbose()})
	coord := srv.CreateAccount(t, "koord-vol@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	id := signedUpVolunteer(t, srv, coord, "olena@example.org")
	c := srv.NewClient(t)
	c.Login(t, coord)
	if resp, body := c.Get(t, "/volunteers"); resp.StatusCode != 200 || !strings.Contains(body, "Olena Koval") || !strings.Contains(body, "wartet auf ein Gespräch") {
		t.Fatalf("list: %d %s", resp.StatusCode, apptest.Text(body))
	}
	if resp, body := c.Post(t, "/volunteers/"+id+"/confirm", url.Values{"note": {"Gespräch am Montag"}}); resp.StatusCode != 422 || !strings.Contains(body, `id="pledge-error"`) {
		t.Fatalf("confirm without pledge: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/volunteers/"+id+"/confirm", url.Values{"pledge": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/volunteers/"+id+"/confirm", url.Values{"pledge": {"yes"}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("second confirm: %d", resp.StatusCode)
	}
	for _, bad := range []string{"", "gestern", "2001-01-01", "9999-12-31"} {
		if resp, _ := c.Post(t, "/volunteers/"+id+"/documents", url.Values{"kind": {"good_conduct_extended"}, "valid_until": {bad}}); resp.StatusCode != 422 {
			t.Errorf("document until %q: %d", bad, resp.StatusCode)
		}
	}
	next := time.Now().AddDate(2, 0, 0).Format(time.DateOnly)
	if resp, _ := c.Post(t, "/volunteers/"+id+"/documents", url.Values{"kind": {"good_conduct_extended"}, "valid_until": {next}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("document: %d", resp.StatusCode)
	}
	if _, body := c.Get(t, "/volunteers/"+id); !strings.Contains(body, "Erweitertes Führungszeugnis") || !strings.Contains(body, "Bestätigt") {
		t.Fatalf("profile: %s", apptest.Text(body))
	}
	for _, other := range []struct {
		acc  apptest.Account
		want int
	}{
		{srv.CreateAccount(t, "koord-ol@example.org", perm.RegionCoordinator, perm.Region, "oldenburger-land"), 404},
		{srv.CreateAccount(t, "berater-h@example.org", perm.Counselor, perm.Office, srv.Office(t, "h-office")), 403},
	} {
		oc := srv.NewClient(t)
		oc.Login(t, other.acc)
		if resp, _ := oc.Get(t, "/volunteers/"+id); resp.StatusCode != other.want {
			t.Errorf("%s opens the profile: %d, want %d", other.acc.Email, resp.StatusCode, other.want)
		}
	}
	if resp, _ := c.Get(t, "/volunteers/"+id+"/deactivate"); resp.StatusCode != 200 {
		t.Fatalf("deactivate form: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, "/volunteers/"+id+"/deactivate", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", resp.StatusCode)
	}
}

// TestRequestMediation: a counselor requests a Ukrainian mediator
// (refused with bad input), sees the proposal and asks; a request for a
// language nobody speaks shows as unmet and counts in the figures; the
// calendar file parses.
func TestRequestMediation(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Verbose: testing.Verbose()})
	coord := srv.CreateAccount(t, "koord-med@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	id := signedUpVolunteer(t, srv, coord, "olena@example.org")
	if err := srv.App.Volunteers.Confirm(context.Background(), srv.Principal(t, coord), id, true, ""); err != nil {
		t.Fatal(err)
	}
	office := srv.Office(t, "med-office")
	counselor := srv.CreateAccount(t, "berater-med@example.org", perm.Counselor, perm.Office, office)
	c := srv.NewClient(t)
	c.Login(t, counselor)
	if resp, _ := c.Get(t, "/volunteers"); resp.StatusCode != 403 {
		t.Fatalf("counselor opens the volunteers: %d", resp.StatusCode)
	}
	day := time.Now().In(clock.Berlin()).AddDate(0, 0, 3).Format(time.DateOnly)
	good := url.Values{"office": {office}, "language": {"uk"}, "dialect": {"Surschyk"}, "day": {day}, "time": {"10:00"}, "minutes": {"60"},
		"mode": {"in_person"}, "sensitivity": {"residence"}}
	for field, bad := range map[string]string{"day": "morgen", "minutes": "viele", "mode": "fax", "language": "Ukrainisch", "office": "x"} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form.Set(field, bad)
		if resp, body := c.Post(t, "/mediation", form); resp.StatusCode != 422 || !strings.Contains(body, `id="`+field+`-error"`) {
			t.Errorf("bad %s: %d", field, resp.StatusCode)
		}
	}
	resp, _ := c.Post(t, "/mediation", good)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	if _, body := c.Get(t, path); !strings.Contains(body, "Olena Koval anfragen") || !strings.Contains(body, "spricht den Dialekt") {
		t.Fatalf("proposals: %s", apptest.Text(body))
	}
	if resp, _ := c.Post(t, path+"/ask", url.Values{"volunteer": {id}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path+"/ask", url.Values{"volunteer": {id}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("ask twice: %d", resp.StatusCode)
	}
	if _, body := c.Get(t, path); !strings.Contains(body, "wartet auf Antwort") {
		t.Fatalf("asks: %s", apptest.Text(body))
	}
	ti := good
	ti.Set("language", "ti")
	ti.Del("dialect")
	resp, _ = c.Post(t, "/mediation", ti)
	if _, body := c.Get(t, resp.Header.Get("Location")); !strings.Contains(body, "Niemand Bestätigtes in der Region spricht diese Sprache") {
		t.Fatalf("unmet: %s", apptest.Text(body))
	}
	cc := srv.NewClient(t)
	cc.Login(t, coord)
	if _, body := cc.Get(t, "/volunteers/figures"); !strings.Contains(apptest.Text(body), "Tigrinya") {
		t.Fatalf("figures: %s", apptest.Text(body))
	}
	resp, body := c.Get(t, "/mediation/calendar.ics")
	if resp.StatusCode != 200 {
		t.Fatalf("calendar: %d", resp.StatusCode)
	}
	if _, err := ical.NewDecoder(bytes.NewBufferString(body)).Decode(); err != nil {
		t.Fatalf("calendar: %v", err)
	}
}

// TestDemoVolunteers: the demo shows volunteering in every state – the
// office lead's volunteers (two waiting for their conversation, an expired
// document), the counselor's requests (filled, asked, open, unmet) and
// the figures with the hours logged.
func TestDemoVolunteers(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	login := func(i int) *apptest.Client { return loginDemo(t, srv, i) }
	cases := []struct {
		account int
		path    string
		want    []string
	}{
		{3, "/volunteers", []string{"Olena Kovalenko", "2 Anmeldungen warten auf ein Gespräch", "Nachweis abgelaufen", "Yusuf Abdi"}},
		{3, "/volunteers/figures", []string{"Tigrinya", "3,0", "Ukrainisch"}},
		{4, "/mediation", []string{"Offen – niemand spricht die Sprache", "Besetzt", "Offen"}},
		{4, "/mediation?all=yes", []string{"Arabisch – Levantinisch"}},
	}
	for _, c := range cases {
		resp, body := login(c.account).Get(t, c.path)
		text := apptest.Text(body)
		for _, w := range c.want {
			if resp.StatusCode != 200 || !strings.Contains(text, w) {
				t.Errorf("%s as %s: %d, missing %q", c.path, app.DemoAccounts[c.account].Email, resp.StatusCode, w)
			}
		}
	}
}
