package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// meetingsFixture: region hannover with its coordinator, a member
// organisation whose partner account represents it (and a colleague who
// does not), and braunschweig's coordinator.
type meetingsFixture struct {
	srv                                  *apptest.Server
	smtp                                 *mailtest.Server
	coord, member, colleague, otherCoord apptest.Account
}

func newMeetingsFixture(t *testing.T) *meetingsFixture {
	t.Helper()
	fx := &meetingsFixture{smtp: mailtest.Start(t)}
	fx.srv = apptest.Start(t, apptest.Options{Mail: fx.smtp})
	fx.coord = fx.srv.CreateAccount(t, "koordination-sitzung@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	fx.member = fx.srv.CreateAccount(t, "vertretung-sitzung@example.org", perm.Partner, perm.Organisation, "rv-meetings-org")
	fx.colleague = fx.srv.CreateAccount(t, "kollegin-sitzung@example.org", perm.Partner, perm.Organisation, "rv-meetings-org")
	fx.otherCoord = fx.srv.CreateAccount(t, "koordination-bs-sitzung@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	ctx := context.Background()
	x := fx.x(t, fx.coord)
	id, err := fx.srv.App.Regional.AddMember(ctx, x, "hannover", fx.member.ScopeID)
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.srv.App.Regional.SetRepresentatives(ctx, x, "hannover", id, fx.member.ID, ""); err != nil {
		t.Fatal(err)
	}
	return fx
}

func (fx *meetingsFixture) x(t *testing.T, a apptest.Account) regional.Participant {
	t.Helper()
	x, err := fx.srv.App.Regional.ParticipantOf(context.Background(), fx.srv.Principal(t, a))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func (fx *meetingsFixture) client(t *testing.T, a apptest.Account) *apptest.Client {
	t.Helper()
	c := fx.srv.NewClient(t)
	c.Login(t, a)
	return c
}

// waitMeetingMail waits for a mail to addr whose subject starts with
// prefix.
func waitMeetingMail(t *testing.T, smtp *mailtest.Server, addr, prefix string) mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range mailsTo(smtp, addr) {
			if strings.HasPrefix(m.Subject, prefix) {
				return m
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail %q… to %s; got %d mails", prefix, addr, len(mailsTo(smtp, addr)))
	return mailtest.Received{}
}

// meetingCalendar parses the .ics attached to a mail.
func meetingCalendar(t *testing.T, m mailtest.Received) *ical.Calendar {
	t.Helper()
	if len(m.Attachments) != 1 || !strings.HasPrefix(m.Attachments[0].ContentType, "text/calendar") || !strings.HasSuffix(m.Attachments[0].Name, ".ics") {
		t.Fatalf("%q: attachments %+v, want one calendar file", m.Subject, m.Attachments)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(m.Attachments[0].Data)).Decode()
	if err != nil {
		t.Fatalf("%q: the calendar does not parse: %v", m.Subject, err)
	}
	return cal
}

var agendaItemRe = regexp.MustCompile(`<li id="item-([0-9a-f-]{36})"><strong>([^<]+)</strong>`)

// agendaOf lists the agenda's items on a meeting page: ids and titles in
// order.
func agendaOf(page string) (ids, titles []string) {
	for _, m := range agendaItemRe.FindAllStringSubmatch(page, -1) {
		ids, titles = append(ids, m[1]), append(titles, m[2])
	}
	return ids, titles
}

// TestRegionsMeetingPlanInvite: the coordinator plans a series through the
// form (a refused form first), builds the agenda (a refused item, a move,
// a refused change), invites: the representative's invitation arrives
// from the SMTP server with a calendar file that parses; the member
// answers, a colleague who was not invited is refused with 403, another
// region's coordinator gets 404; a change with a stale version is
// refused, a good one sends an update; the cancellation reaches the
// invited with the calendar entry cancelled.
func TestRegionsMeetingPlanInvite(t *testing.T) {
	fx := newMeetingsFixture(t)
	c := fx.client(t, fx.coord)
	if resp, body := c.Get(t, "/regions/hannover/meetings"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Keine Sitzungen geplant.") {
		t.Fatalf("empty list: %d", resp.StatusCode)
	}
	day := fx.srv.App.Clock.Today().AddDate(0, 0, 20).Format(time.DateOnly)
	form := url.Values{"title": {"Netzwerktreffen Hannover"}, "day": {day}, "from": {"10:00"}, "to": {"12:30"},
		"place": {"Rathaus, Raum 101"}, "repeat": {"monthly"}, "count": {"2"}}
	bad := url.Values{"title": {""}, "day": {day}, "from": {"zehn"}, "to": {"12:30"}, "online_url": {"http://meet.example.org"}}
	if resp, body := c.Post(t, "/regions/hannover/meetings", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="from-error"`) {
		t.Errorf("unreadable time: %d", resp.StatusCode)
	}
	bad.Set("from", "10:00")
	if resp, body := c.Post(t, "/regions/hannover/meetings", bad); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="title-error"`) || !strings.Contains(body, `id="online_url-error"`) || !strings.Contains(body, "error-summary") {
		t.Errorf("bad meeting: %d", resp.StatusCode)
	}
	resp, _ := c.Post(t, "/regions/hannover/meetings", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	id := strings.TrimPrefix(path, "/meetings/")
	if _, body := c.Get(t, "/regions/hannover/meetings"); strings.Count(body, "Netzwerktreffen Hannover") != 2 || !strings.Contains(body, "Teil einer Sitzungsreihe") {
		t.Error("the list does not show the series of two")
	}

	resp, body := c.Post(t, path+"/agenda", url.Values{"title": {""}, "minutes": {"viel"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="item-title-error"`) || !strings.Contains(body, `id="item-minutes-error"`) {
		t.Errorf("bad item: %d", resp.StatusCode)
	}
	for _, item := range []url.Values{{"title": {"Begrüßung"}, "minutes": {"10"}}, {"title": {"Bericht Wohnungsmarkt"}, "presenter": {"Frau Aydin"}, "minutes": {"45"}}} {
		if resp, _ := c.Post(t, path+"/agenda", item); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add item: %d", resp.StatusCode)
		}
	}
	_, page := c.Get(t, path)
	ids, _ := agendaOf(page)
	if len(ids) != 2 {
		t.Fatalf("the page shows %d items", len(ids))
	}
	if resp, _ := c.Post(t, path+"/agenda/"+ids[1]+"/move", url.Values{"direction": {"up"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("move: %d", resp.StatusCode)
	}
	_, page = c.Get(t, path)
	if _, titles := agendaOf(page); len(titles) != 2 || titles[0] != "Bericht Wohnungsmarkt" {
		t.Errorf("after the move: %v", titles)
	}
	wantBody(t, "meeting page", page, "Frau Aydin", "55 Minuten", "/meetings/"+id+"/meeting.ics", "Einladungen verschicken")
	if resp, body := c.Post(t, path+"/agenda/"+ids[0], url.Values{"title": {""}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="item-`+ids[0]+`-title-error"`) {
		t.Errorf("bad change of an item: %d", resp.StatusCode)
	}

	if resp, _ := c.Post(t, path+"/invite", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	inv := waitMeetingMail(t, fx.smtp, fx.member.Email, "Einladung: Netzwerktreffen Hannover")
	if !strings.Contains(inv.Text, fx.srv.URL+"/meetings/"+id) || !strings.Contains(inv.Text, "Rathaus, Raum 101") {
		t.Errorf("the invitation's text: %q", inv.Text)
	}
	cal := meetingCalendar(t, inv)
	method, _ := cal.Props.Text(ical.PropMethod)
	summary, _ := cal.Events()[0].Props.Text(ical.PropSummary)
	start, err := cal.Events()[0].DateTimeStart(time.UTC)
	if method != "REQUEST" || summary != "Netzwerktreffen Hannover" || err != nil || start.In(clock.Berlin()).Format("2006-01-02 15:04") != day+" 10:00" {
		t.Errorf("invitation calendar: METHOD %s, SUMMARY %q, DTSTART %v (%v)", method, summary, start, err)
	}

	m := fx.client(t, fx.member)
	if _, page := m.Get(t, path); !strings.Contains(page, "Nehmen Sie teil?") {
		t.Error("the member's page has no answer form")
	}
	if resp, _ := m.Post(t, path+"/rsvp", url.Values{"answer": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("answer: %d", resp.StatusCode)
	}
	if _, page := m.Get(t, path); !strings.Contains(page, "Ihre Antwort: Zusage.") || strings.Contains(page, "/agenda\"") {
		t.Error("the member's page does not show the answer, or offers the coordinator's forms")
	}
	if resp, _ := m.Post(t, path+"/agenda", url.Values{"title": {"Von mir"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the member adds an item: %d, want 403", resp.StatusCode)
	}
	if resp, body := fx.client(t, fx.colleague).Post(t, path+"/rsvp", url.Values{"answer": {"yes"}}); resp.StatusCode != http.StatusForbidden ||
		!strings.Contains(body, "nicht eingeladen") {
		t.Errorf("answer by somebody not invited: %d", resp.StatusCode)
	}
	if resp, body := m.Get(t, path+"/meeting.ics"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(body, "BEGIN:VEVENT") {
		t.Errorf("calendar download: %d", resp.StatusCode)
	}
	o := fx.client(t, fx.otherCoord)
	for _, p := range []string{path, path + "/edit", path + "/cancel", path + "/meeting.ics"} {
		if resp, _ := o.Get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another region's coordinator GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	if resp, _ := o.Post(t, path+"/agenda", url.Values{"title": {"Fremd"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another region's coordinator adds an item: %d, want 404", resp.StatusCode)
	}

	_, edit := c.Get(t, path+"/edit")
	wantBody(t, "edit form", edit, `name="version" value="1"`, `value="Netzwerktreffen Hannover"`, `value="10:00"`)
	form.Set("title", "Netzwerktreffen Hannover (neuer Raum)")
	form.Set("place", "Rathaus, Raum 202")
	form.Set("version", "1")
	if resp, _ := c.Post(t, path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if resp, body := c.Post(t, path, form); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "inzwischen geändert") {
		t.Errorf("stale change: %d", resp.StatusCode)
	}
	upd := waitMeetingMail(t, fx.smtp, fx.member.Email, "Geändert: Netzwerktreffen Hannover (neuer Raum)")
	if seq, _ := meetingCalendar(t, upd).Events()[0].Props.Text(ical.PropSequence); seq != "2" || !strings.Contains(upd.Text, "Raum 202") {
		t.Errorf("update: SEQUENCE %s, text %q", seq, upd.Text)
	}

	if resp, body := c.Get(t, path+"/cancel"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "abgesagt werden?") {
		t.Errorf("cancel confirmation: %d", resp.StatusCode)
	}
	if resp, _ := c.Post(t, path+"/cancel", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", resp.StatusCode)
	}
	cancelled := meetingCalendar(t, waitMeetingMail(t, fx.smtp, fx.member.Email, "Abgesagt:"))
	method, _ = cancelled.Props.Text(ical.PropMethod)
	status, _ := cancelled.Events()[0].Props.Text(ical.PropStatus)
	if method != "CANCEL" || status != "CANCELLED" {
		t.Errorf("cancellation calendar: METHOD %s, STATUS %s", method, status)
	}
	if resp, _ := m.Post(t, path+"/rsvp", url.Values{"answer": {"no"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("answer a cancelled meeting: %d, want 409", resp.StatusCode)
	}
	if _, page := c.Get(t, "/regions/hannover/meetings"); !strings.Contains(page, "abgesagt") {
		t.Error("the list does not mark the cancellation")
	}
}

// TestRegionsMeetingAttendance: attendance is recorded once the meeting
// has begun; the page counts who came; past meetings list it.
func TestRegionsMeetingAttendance(t *testing.T) {
	fx := newMeetingsFixture(t)
	ctx := context.Background()
	start := fx.srv.App.Clock.Now().Add(2 * time.Hour).Truncate(time.Minute)
	id, err := fx.srv.App.Regional.CreateMeeting(ctx, fx.x(t, fx.coord), "hannover", regional.MeetingInput{Title: "Kurzes Treffen",
		Start: start, End: start.Add(3 * time.Hour), OnlineURL: "https://meet.example.org/kurz"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.srv.App.Regional.Invite(ctx, fx.x(t, fx.coord), id); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + id
	present := func() url.Values {
		return url.Values{"invitee": {fx.member.ID, fx.coord.ID}, "attended": {fx.member.ID}}
	}
	if resp, _ := fx.client(t, fx.coord).Post(t, path+"/attendance", present()); resp.StatusCode != http.StatusConflict {
		t.Errorf("attendance before the start: %d, want 409", resp.StatusCode)
	}
	fx.srv.Clock.Advance(150 * time.Minute)
	c := fx.client(t, fx.coord)
	if _, page := c.Get(t, path); !strings.Contains(page, `form="attendance"`) {
		t.Fatal("the begun meeting's page has no attendance form")
	}
	if resp, _ := c.Post(t, path+"/attendance", present()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", resp.StatusCode)
	}
	_, page := fx.client(t, fx.member).Get(t, path)
	wantBody(t, "member's page", page, "1 von 2 anwesend", "/meetings/"+id+"/minutes", "https://meet.example.org/kurz")
	fx.srv.Clock.Advance(3 * time.Hour)
	if _, page := fx.client(t, fx.coord).Get(t, "/regions/hannover/meetings?when=past"); !strings.Contains(page, "Kurzes Treffen") {
		t.Error("the past meetings do not list it")
	}
}
