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
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

// TestOrganiseEvent: a region coordinator drafts a training through the
// form (a refused form first), publishes it, sees the registrations, cannot
// lower the places below those taken, and cancels it; another region's
// coordinator cannot see it.
func TestOrganiseEvent(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "region-org@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	c := srv.NewClient(t)
	c.Login(t, acc)
	day := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	form := url.Values{"title_de": {"Aufenthaltsrecht kompakt"}, "audience": {"school"}, "format": {"in_person"}, "lang": {"de"},
		"address": {"Hannover"}, "capacity": {"1"}, "day": {day}, "from": {"09:00"}, "to": {"12:00"},
		"day_2": {time.Now().AddDate(0, 0, 27).Format(time.DateOnly)}, "from_2": {"09:00"}, "to_2": {"12:00"},
		"registration_closes": {time.Now().AddDate(0, 0, 18).Format(time.DateOnly)}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("title_de", "")
	bad.Set("from", "neun")
	bad.Set("to_2", "")
	if resp, body := c.Post(t, "/events", bad); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="title_de-error"`) || !strings.Contains(body, `id="from-error"`) {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	if _, body := c.Post(t, "/events", bad); !strings.Contains(body, `id="day_2" name="day_2" type="date" value="`) || !strings.Contains(body, `id="to_2-error"`) {
		t.Error("the refused form does not keep the further date or name its missing end")
	}
	resp, body := c.Post(t, "/events", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	path := resp.Header.Get("Location")
	id := strings.TrimPrefix(path, "/events/")
	if resp, _ := c.Post(t, path+"/publish", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	ctx := context.Background()
	if ev, err := srv.App.Events.Organised(ctx, srv.Principal(t, acc), id); err != nil || len(ev.Dates) != 2 {
		t.Fatalf("the series has %d dates (%v), want 2", len(ev.Dates), err)
	}
	for _, addr := range []string{"eins@example.org", "zwei@example.org"} {
		token, err := srv.App.Events.Register(ctx, id, event.RegistrationInput{Name: "Name " + addr, Email: addr, Lang: "de", Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.App.Events.Confirm(ctx, token); err != nil {
			t.Fatal(err)
		}
	}
	_, page := c.Get(t, path)
	wantBody(t, "event page", page, "Name eins@example.org", "Platz sicher", "Warteliste", "1 von 1 vergeben, 1 auf der Warteliste")
	if resp, body := c.Post(t, path+"/capacity", url.Values{"capacity": {"0"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "capacity-error") {
		t.Errorf("capacity 0: %d", resp.StatusCode)
	}
	other := srv.NewClient(t)
	other.Login(t, srv.CreateAccount(t, "region-other@example.org", perm.RegionCoordinator, perm.Region, "braunschweig"))
	if resp, _ := other.Get(t, path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another region's coordinator: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path+"/cancel", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", resp.StatusCode)
	}
	if _, page := c.Get(t, "/events"); !strings.Contains(page, "abgesagt") {
		t.Error("the list does not show the cancellation")
	}
}

// TestApproveRegistration: with "approve each registration" ticked, the
// registration waits for the organiser after the e-mail confirmation; the
// organiser accepts it on the event page.
func TestApproveRegistration(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "region-appr@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	c := srv.NewClient(t)
	c.Login(t, acc)
	resp, body := c.Post(t, "/events", url.Values{"title_de": {"Nur mit Zusage"}, "audience": {"counselors"}, "format": {"in_person"},
		"lang": {"de"}, "address": {"Hannover"}, "capacity": {"3"}, "day": {time.Now().AddDate(0, 0, 20).Format(time.DateOnly)},
		"from": {"09:00"}, "to": {"12:00"}, "registration_closes": {time.Now().AddDate(0, 0, 18).Format(time.DateOnly)}, "needs_approval": {"yes"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	path := resp.Header.Get("Location")
	id := strings.TrimPrefix(path, "/events/")
	c.Post(t, path+"/publish", url.Values{})
	ctx := context.Background()
	token, err := srv.App.Events.Register(ctx, id, event.RegistrationInput{Name: "Frau Müller", Email: "mueller@example.org", Lang: "de", Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	if state, err := srv.App.Events.Confirm(ctx, token); err != nil || state != event.Requested {
		t.Fatalf("after the e-mail: %s, %v", state, err)
	}
	_, page := c.Get(t, path)
	m := regexp.MustCompile(`/events/` + id + `/requests/[0-9a-f-]{36}`).FindString(page)
	if m == "" || !strings.Contains(page, "Frau Müller") {
		t.Fatal("the request is not on the event page")
	}
	if resp, _ := c.Post(t, m, url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, m, url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("approving twice: %d, want 409", resp.StatusCode)
	}
	_, page = srv.NewClient(t).Get(t, "/de/events/r/"+token)
	wantBody(t, "personal page", page, "Platz")
}

// TestRegisterColleagueForm: a counselor registers a colleague for a
// published event (a place at once); the same address again is refused
// on the form; a draft's form is 404.
func TestRegisterColleagueForm(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	ctx := context.Background()
	org := srv.Principal(t, srv.CreateAccount(t, "region-coll@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	start := srv.Clock.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour)
	in := event.Input{Audience: "counselors", Format: "in_person", Address: "Hannover", Lang: "de", Capacity: 3,
		RegistrationCloses: start.Add(-time.Hour), Texts: map[string]event.Text{"de": {Title: "Fortbildung"}},
		Dates: []event.Date{{Start: start, End: start.Add(time.Hour)}}}
	draft, _ := srv.App.Events.Create(ctx, org, in, "hannover")
	id, err := srv.App.Events.Create(ctx, org, in, "hannover")
	if err != nil || srv.App.Events.Publish(ctx, org, id) != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "counselor-coll@example.org", perm.Counselor, perm.Office, srv.Office(t, "mbe-coll-web")))
	if resp, _ := c.Get(t, "/events/"+draft+"/colleague"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a draft's form: %d", resp.StatusCode)
	}
	form := url.Values{"name": {"Kollegin Yilmaz"}, "email": {"yilmaz@example.org"}}
	if resp, _ := c.Post(t, "/events/"+id+"/colleague", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d", resp.StatusCode)
	}
	if resp, body := c.Post(t, "/events/"+id+"/colleague", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "schon angemeldet") {
		t.Errorf("the same colleague again: %d", resp.StatusCode)
	}
	m := waitMailTo(t, smtp, "yilmaz@example.org")
	if !strings.Contains(m.Text, "/de/events/r/") {
		t.Errorf("the colleague's mail has no personal link: %q", m.Text)
	}
}
