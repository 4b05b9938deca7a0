package browser_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

// TestBrowserRegionalNetworkJourney: Hannover's coordinator plans a
// meeting with an agenda and invites the members; the representative of
// the member organisation gets the invitation from the SMTP server with
// an iCalendar file that parses. After the meeting the coordinator writes
// the minutes with a decision and a task for the member organisation,
// circulates and approves them (then nothing is editable); the task shows
// on the representative's deadline page, and the ministry finds the
// decision by a word in it. Axe on every page, no sideways scrolling.
func TestBrowserRegionalNetworkJourney(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	coord := srv.CreateAccount(t, "koordination-journey@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	rep := srv.CreateAccount(t, "vertretung-journey@example.org", perm.Partner, perm.Organisation, "rv-journey-member")
	ministry := srv.CreateAccount(t, "ministerium-journey@example.org", perm.Ministry, perm.Statewide, "")
	ctx := context.Background()
	x, err := srv.App.Regional.ParticipantOf(ctx, srv.Principal(t, coord))
	if err != nil {
		t.Fatal(err)
	}
	member, err := srv.App.Regional.AddMember(ctx, x, "hannover", rep.ScopeID)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Regional.SetRepresentatives(ctx, x, "hannover", member, rep.ID, ""); err != nil {
		t.Fatal(err)
	}

	// The coordinator plans the meeting (a refused form first).
	c := newTab(t, srv)
	c.login(t, coord.Email, coord.Password, coord.TOTPSecret)
	c.page(t, "/regions/hannover", "region overview")
	c.page(t, "/regions/hannover/meetings/new", "new meeting")
	c.Fill(t, "#title", "Netzwerktreffen Wohnen")
	c.submit(t, `form[action="/regions/hannover/meetings"] button[type=submit]`, http.StatusUnprocessableEntity, "/regions/hannover/meetings")
	c.wantErrorSummary(t, "#place")
	c.check(t, "refused meeting form")
	day := srv.Clock.Now().In(clock.Berlin()).AddDate(0, 0, 7)
	c.setValue(t, "#day", day.Format(time.DateOnly))
	c.setValue(t, "#from", "10:00")
	c.setValue(t, "#to", "12:00")
	c.Fill(t, "#place", "Hannover, Rathaus, Raum 3")
	c.submitUnder(t, `form[action="/regions/hannover/meetings"] button[type=submit]`, "/meetings/")
	c.check(t, "meeting")
	meetingPath := strings.TrimPrefix(c.URL(t), srv.URL)
	if i := strings.IndexAny(meetingPath, "?#"); i >= 0 {
		meetingPath = meetingPath[:i]
	}
	for _, item := range []struct{ title, presenter string }{{"Wohnraum für Geflüchtete", "Stadt Hannover"}, {"Verschiedenes", ""}} {
		c.Fill(t, "#item-title", item.title)
		if item.presenter != "" {
			c.Fill(t, "#item-presenter", item.presenter)
		}
		c.setValue(t, "#item-minutes", "30")
		c.submitUnder(t, `form[action="`+meetingPath+`/agenda"] button[type=submit]`, meetingPath)
	}
	c.waitText(t, "main", "Wohnraum für Geflüchtete")
	c.check(t, "meeting with agenda")
	c.submitUnder(t, `form[action="`+meetingPath+`/invite"] button[type=submit]`, meetingPath)
	c.check(t, "invitations sent")

	invitation := waitMail(t, smtp, rep.Email, 1)
	if !strings.Contains(invitation.Subject, "Netzwerktreffen Wohnen") || !strings.Contains(invitation.Text, meetingPath) {
		t.Errorf("invitation: %q\n%s", invitation.Subject, invitation.Text)
	}
	if len(invitation.Attachments) != 1 || !strings.HasPrefix(invitation.Attachments[0].ContentType, "text/calendar") {
		t.Fatalf("invitation attachments: %+v", invitation.Attachments)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(invitation.Attachments[0].Data)).Decode()
	if err != nil {
		t.Fatalf("the invitation's calendar does not parse: %v", err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("calendar has %d events", len(events))
	}
	if s, _ := events[0].Props.Text(ical.PropSummary); s != "Netzwerktreffen Wohnen" {
		t.Errorf("calendar summary %q", s)
	}
	if att := events[0].Props.Values(ical.PropAttendee); len(att) != 1 || att[0].Value != "mailto:"+rep.Email || events[0].Props.Get(ical.PropOrganizer) == nil {
		t.Errorf("the invitation names %v as attendees (want the recipient only) and organiser %v", att, events[0].Props.Get(ical.PropOrganizer))
	}
	if start, err := events[0].DateTimeStart(time.UTC); err != nil || start.In(clock.Berlin()).Format(time.DateOnly+" 15:04") != day.Format(time.DateOnly)+" 10:00" {
		t.Errorf("calendar start %v (%v), want %s 10:00 in Lower Saxony", start, err, day.Format(time.DateOnly))
	}

	// The representative answers.
	r := newTab(t, srv)
	r.login(t, rep.Email, rep.Password, rep.TOTPSecret)
	r.page(t, meetingPath, "meeting as representative")
	r.Click(t, "#answer-yes")
	r.submitUnder(t, `form[action="`+meetingPath+`/rsvp"] button[type=submit]`, meetingPath)
	r.check(t, "answered")

	// After the meeting: minutes with a decision and a task.
	srv.Clock.Advance(8 * 24 * time.Hour)
	c = newTab(t, srv)
	c.login(t, coord.Email, coord.Password, coord.TOTPSecret)
	c.page(t, meetingPath+"/minutes", "no minutes yet")
	c.submitUnder(t, `form[action="`+meetingPath+`/minutes"] button[name=start]`, meetingPath+"/minutes")
	c.check(t, "minutes draft")
	c.setValue(t, "#summary", "Sechs Mitglieder waren vertreten.")
	c.setValue(t, `textarea[id^="text-"]`, "Die Stadt berichtet über die Lage auf dem Wohnungsmarkt.")
	c.submitUnder(t, `form[action="`+meetingPath+`/minutes"] button[type=submit]:not([name])`, meetingPath+"/minutes")
	c.setValue(t, "#decision_text", "Der Regionalverbund richtet eine Wohnraumbörse für Geflüchtete ein.")
	c.submitUnder(t, `form[action="`+meetingPath+`/decisions"] button[type=submit]`, meetingPath+"/minutes")
	c.check(t, "decision recorded")
	c.Fill(t, "#task_title", "Vermieterliste für die Wohnraumbörse zusammenstellen")
	c.Select(t, "#task_org", rep.ScopeID)
	c.setValue(t, "#task_due", srv.Clock.Now().In(clock.Berlin()).AddDate(0, 0, 14).Format(time.DateOnly))
	c.submitUnder(t, `form[action="`+meetingPath+`/tasks"] button[type=submit]`, meetingPath+"/minutes")
	c.waitText(t, "main", "Vermieterliste für die Wohnraumbörse")
	c.check(t, "task recorded")
	c.submitUnder(t, `form[action="`+meetingPath+`/minutes/circulate"] button[type=submit]`, meetingPath+"/minutes")
	c.check(t, "minutes circulated")
	c.page(t, meetingPath+"/minutes/approve", "approve minutes")
	c.submitUnder(t, `form[action="`+meetingPath+`/minutes/approve"] button[type=submit]`, meetingPath+"/minutes")
	c.check(t, "minutes approved")
	if c.Exists(t, `form[action="`+meetingPath+`/minutes"] textarea`) || c.Exists(t, `form[action="`+meetingPath+`/decisions"]`) {
		t.Error("approved minutes still offer editing")
	}
	c.waitText(t, "main", "Wohnraumbörse")

	// The task is on the representative's deadline page.
	r = newTab(t, srv)
	r.login(t, rep.Email, rep.Password, rep.TOTPSecret)
	r.page(t, "/deadlines", "deadlines of the representative")
	r.waitText(t, "#region-tasks", "Vermieterliste für die Wohnraumbörse zusammenstellen")
	r.page(t, "/dashboard", "dashboard of the representative")
	r.waitText(t, "#networks-title + ul", "1 offene Aufgabe aus Sitzungen")

	// The ministry finds the decision by a word in it.
	m := newTab(t, srv)
	m.login(t, ministry.Email, ministry.Password, ministry.TOTPSecret)
	m.page(t, "/regions/overview", "statewide view")
	m.page(t, "/regions/search?kind=decision&q=Wohnraumb%C3%B6rsen", "decision search")
	m.waitText(t, "main", "Wohnraumbörse für Geflüchtete")
	m.Click(t, `main a[href="`+meetingPath+`/minutes"]`)
	m.waitPath(t, meetingPath+"/minutes")
	m.check(t, "decision found")

	// On a phone, the network's pages do not scroll sideways.
	c.SetWidth(t, 390)
	for _, p := range []string{"/regions", "/regions/hannover", "/regions/hannover/members", "/regions/hannover/meetings", meetingPath,
		meetingPath + "/minutes", "/regions/hannover/tasks", "/regions/hannover/decisions", "/regions/hannover/documents",
		"/regions/hannover/threads", "/regions/hannover/threads/new", "/announcements/new", "/regions/search?q=Wohnraum"} {
		c.page(t, p, p+" at 390 px")
	}
}
