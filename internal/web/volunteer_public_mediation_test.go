package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerMediation is a Hannover office with a counselor, the region's
// coordinator, and two volunteers confirmed through the public pages and
// by the coordinator.
type volunteerMediation struct {
	srv              *apptest.Server
	smtp             *mailtest.Server
	c                *apptest.Client
	office           string
	coord, counselor auth.Principal
	olena, ivan      string // personal tokens
	olenaID, ivanID  string
}

func newVolunteerMediation(t *testing.T) *volunteerMediation {
	t.Helper()
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	m := &volunteerMediation{srv: srv, smtp: smtp, c: srv.NewClient(t), office: srv.Office(t, "vol-public")}
	m.coord = srv.Principal(t, srv.CreateAccount(t, "coord-vp@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	m.counselor = srv.Principal(t, srv.CreateAccount(t, "berater-vp@example.org", perm.Counselor, perm.Office, m.office))
	m.olena = volunteerSignUp(t, m.c, smtp, "Олена Коваль", "olena@example.org")
	m.ivan = volunteerSignUp(t, m.c, smtp, "Іван Петренко", "ivan@example.org")
	m.olenaID, m.ivanID = m.confirm(t, "olena@example.org"), m.confirm(t, "ivan@example.org")
	return m
}

// confirm has the coordinator confirm the volunteer of email after the
// conversation; it returns their id.
func (m *volunteerMediation) confirm(t *testing.T, email string) string {
	t.Helper()
	ctx := context.Background()
	vs, err := m.srv.App.Volunteers.List(ctx, m.coord, volunteer.Filter{Query: email})
	if err != nil || len(vs) != 1 {
		t.Fatalf("coordinator's list for %s: %v %d", email, err, len(vs))
	}
	if err := m.srv.App.Volunteers.Confirm(ctx, m.coord, vs[0].ID, true, "Gespräch geführt"); err != nil {
		t.Fatal(err)
	}
	return vs[0].ID
}

// request asks for a Ukrainian mediator in two days at 10:00 for an hour
// and asks the volunteer id; it returns the request's id.
func (m *volunteerMediation) request(t *testing.T, id string) string {
	t.Helper()
	ctx := context.Background()
	d := m.srv.Clock.Now().In(clock.Berlin()).AddDate(0, 0, 2)
	start := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, clock.Berlin())
	req, err := m.srv.App.Volunteers.CreateRequest(ctx, m.counselor, volunteer.RequestInput{OfficeID: m.office, Language: "uk",
		Start: start, Minutes: 60, Mode: "in_person", Place: "Raum 3", Sensitivity: "health"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.srv.App.Volunteers.Ask(ctx, m.counselor, req, id); err != nil {
		t.Fatal(err)
	}
	return req
}

// askIDs are the volunteer's open asks, soonest first.
func (m *volunteerMediation) askIDs(t *testing.T, token string) []string {
	t.Helper()
	as, err := m.srv.App.Volunteers.Assignments(context.Background(), volunteer.ByLink(token))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// TestVolunteerPublicMediation: a confirmed volunteer sees the asks with
// the appointment (never the client), takes one, cannot take a second at
// the same time (409) nor the first twice (409), another volunteer's
// link reaches neither (404), hours are refused before the appointment
// (422) and taken after it, and the calendar file holds the appointment.
func TestVolunteerPublicMediation(t *testing.T) {
	m := newVolunteerMediation(t)
	c := m.c
	m.request(t, m.olenaID)
	m.request(t, m.olenaID)
	asks := m.askIDs(t, m.olena)
	if len(asks) != 2 {
		t.Fatalf("asks: %v", asks)
	}
	base := "/uk/volunteer/me/" + m.olena
	wantVolunteerMail(t, m.smtp, "olena@example.org", "Ласкаво просимо", base)
	wantVolunteerMail(t, m.smtp, "olena@example.org", "Запит: чи можете ви допомогти", base)
	resp, page := c.Get(t, base)
	wantPersonalHeaders(t, "personal", resp)
	wantVolunteerPage(t, "personal with asks", "uk", page)
	for _, want := range []string{"Підтверджено", "Мовне посередництво: українська", "на місці", "здоров&#39;я", "60 хв",
		`<bdi lang="de">Testberatung vol-public</bdi>`, `<bdi lang="de">Raum 3</bdi>`, `action="` + base + `/asks/` + asks[0] + `/accept"`,
		"Так, я беру цю зустріч", "Ні, я не можу", ", 10:00–11:00"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q\n%s", want, excerptOf(page))
		}
	}
	if strings.Contains(page, "Іван") || strings.Contains(page, "berater-vp") {
		t.Error("the page shows another volunteer or the counselor")
	}

	ask := base + "/asks/" + asks[0]
	eventsPost(t, c, "/uk/volunteer/me/"+m.ivan+"/asks/"+asks[0]+"/accept", url.Values{}, http.StatusNotFound)
	eventsPost(t, c, "/uk/volunteer/me/no-such-token/asks/"+asks[0]+"/accept", url.Values{}, http.StatusNotFound)
	eventsPost(t, c, ask+"/maybe", url.Values{}, http.StatusNotFound)
	resp, _ = c.Post(t, ask+"/accept", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != base+"?done=accepted#accepted" {
		t.Fatalf("accept: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page = publicGet(t, c, base+"?done=accepted", http.StatusOK); !strings.Contains(page, "Ви взяли зустріч") ||
		!strings.Contains(page, "Ваші наступні зустрічі") || !strings.Contains(page, `/calendar.ics"`) {
		t.Errorf("after accepting: no notice, appointment or calendar link\n%s", excerptOf(page))
	}
	if page = eventsPost(t, c, base+"/asks/"+asks[1]+"/accept", url.Values{}, http.StatusConflict); !strings.Contains(page, "У вас уже є зустріч у цей час") {
		t.Errorf("double booking: no message\n%s", excerptOf(page))
	}
	if page = eventsPost(t, c, ask+"/accept", url.Values{}, http.StatusConflict); !strings.Contains(page, "запит тим часом змінився") {
		t.Errorf("a second click: no message\n%s", excerptOf(page))
	}
	if page = eventsPost(t, c, ask+"/hours", url.Values{"hours": {"1"}}, http.StatusUnprocessableEntity); !strings.Contains(page, "лише після закінчення зустрічі") {
		t.Errorf("hours before the appointment: no message\n%s", excerptOf(page))
	}
	eventsPost(t, c, "/uk/volunteer/me/"+m.ivan+"/asks/"+asks[0]+"/hours", url.Values{"hours": {"1"}}, http.StatusNotFound)
	if page = publicGet(t, c, "/uk/volunteer/me/"+m.ivan, http.StatusOK); strings.Contains(page, "Raum 3") || strings.Contains(page, "Олена") {
		t.Error("another volunteer sees the appointment or the volunteer")
	}

	m.srv.Clock.Advance(3 * 24 * time.Hour)
	if page = publicGet(t, c, base, http.StatusOK); !strings.Contains(page, `id="hours-h-`+asks[0]+`"`) {
		t.Fatalf("no hours form after the appointment\n%s", excerptOf(page))
	}
	for _, bad := range []url.Values{{"hours": {"abc"}}, {"hours": {"99999999999999999999"}}, {"minutes": {"-5"}}, {}} {
		if page = eventsPost(t, c, ask+"/hours", bad, http.StatusUnprocessableEntity); !strings.Contains(page, "щонайменше 1 хвилина") {
			t.Errorf("hours %v: no message\n%s", bad, excerptOf(page))
		}
	}
	eventsPost(t, c, ask+"/hours", url.Values{"hours": {"1"}, "minutes": {"30"}}, http.StatusSeeOther)
	if page = publicGet(t, c, base+"?done=hours", http.StatusOK); !strings.Contains(page, "Записано: 1 год 30 хв") || !strings.Contains(page, "Ваш час записано") {
		t.Errorf("the hours are not shown\n%s", excerptOf(page))
	}
	wantVolunteerCalendar(t, c, base)
}

// wantVolunteerCalendar reads the calendar file: the one appointment
// taken, named by language and office, at its place.
func wantVolunteerCalendar(t *testing.T, c *apptest.Client, base string) {
	t.Helper()
	resp, body := c.Get(t, base+"/calendar.ics")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	wantPersonalHeaders(t, "calendar", resp)
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("calendar: %v\n%s", err, body)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("calendar events: %d\n%s", len(events), body)
	}
	summary, _ := events[0].Props.Text(ical.PropSummary)
	place, _ := events[0].Props.Text(ical.PropLocation)
	if summary != "Мовне посередництво: українська – Testberatung vol-public" || place != "Raum 3" {
		t.Errorf("calendar event: %q at %q", summary, place)
	}
	if strings.Contains(body, "Олена") || strings.Contains(body, "health") {
		t.Error("the calendar names the volunteer or the topic")
	}
	if resp, _ := c.Get(t, "/uk/volunteer/me/no-such-token/calendar.ics"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown token's calendar: %d", resp.StatusCode)
	}
}

// wantVolunteerMail waits for the mail to addr whose subject starts with
// subject: it links the personal page and says nothing about the topic.
func wantVolunteerMail(t *testing.T, smtp *mailtest.Server, addr, subject, link string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range mailsTo(smtp, addr) {
			if strings.HasPrefix(m.Subject, subject) {
				if !strings.Contains(m.Text, link) || strings.Contains(m.Text, "здоров") || strings.Contains(m.Text, "Raum 3") {
					t.Errorf("mail %q: %q", m.Subject, m.Text)
				}
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("no mail %q to %s", subject, addr)
}
