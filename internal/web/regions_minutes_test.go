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
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

var (
	minutesStampRe = regexp.MustCompile(`name="changed" value="(\d+)"`)
	taskStateRe    = regexp.MustCompile(`action="/tasks/([0-9a-f-]+)/state"`)
)

// minutesWorld is a meeting of hannover that began an hour ago, with an
// agenda item, a member organisation represented by member, and the
// clients of its coordinator, of member and of braunschweig's
// coordinator, signed in after the clock moved.
type minutesWorld struct {
	srv                *apptest.Server
	meeting, item, day string
	c, m, o            *apptest.Client
}

func newMinutesWorld(t *testing.T) *minutesWorld {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	coord := srv.CreateAccount(t, "koordination-p@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	member := srv.CreateAccount(t, "vertretung-p@example.org", perm.Partner, perm.Organisation, "rv-minutes-org")
	other := srv.CreateAccount(t, "koordination-bs-p@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	x, err := srv.App.Regional.ParticipantOf(ctx, srv.Principal(t, coord))
	if err != nil {
		t.Fatal(err)
	}
	row, err := srv.App.Regional.AddMember(ctx, x, "hannover", member.ScopeID)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Regional.SetRepresentatives(ctx, x, "hannover", row, member.ID, ""); err != nil {
		t.Fatal(err)
	}
	start := srv.Clock.Now().Add(time.Hour)
	w := &minutesWorld{srv: srv, item: "agenda-item-p", day: clock.Day(start.In(clock.Berlin())).Format(time.DateOnly)}
	if w.meeting, err = srv.App.Regional.CreateMeeting(ctx, x, "hannover", regional.MeetingInput{Title: "Frühjahrstreffen",
		Start: start, End: start.Add(2 * time.Hour), Place: "Rathaus Hannover"}); err != nil {
		t.Fatal(err)
	}
	// The agenda is another page's; the minutes read its rows.
	if _, err := srv.App.DB.Exec(ctx, `INSERT INTO agenda_items (id, meeting_id, position, title, presenter, created_at)
		VALUES (?, ?, 1, 'Berichte aus den Beratungsstellen', 'Frau Demir', ?)`, w.item, w.meeting, srv.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	srv.Clock.Advance(2 * time.Hour)
	w.c, w.m, w.o = srv.NewClient(t), srv.NewClient(t), srv.NewClient(t)
	w.c.Login(t, coord)
	w.m.Login(t, member)
	w.o.Login(t, other)
	return w
}

// post sends a form of the minutes page as the coordinator.
func (w *minutesWorld) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	return w.c.Post(t, "/meetings/"+w.meeting+path, form)
}

func wantText(t *testing.T, what, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// TestRegionsMinutes: the coordinator starts the minutes of a meeting
// that has begun, writes them with a decision and a task for a member
// organisation (refused while invalid), circulates and approves them;
// the task shows on the representative's deadline page until it is done;
// approved minutes refuse changes (409) and a correction is version 2.
// Members read drafts not at all, a member of another region nothing.
func TestRegionsMinutes(t *testing.T) {
	w := newMinutesWorld(t)
	path := "/meetings/" + w.meeting + "/minutes"
	_, body := w.c.Get(t, path)
	wantText(t, "coordinator's empty minutes", body, "Protokoll beginnen")
	_, body = w.m.Get(t, path)
	wantText(t, "member's empty minutes", body, "wird noch geschrieben")
	resp, body := w.post(t, "/minutes", url.Values{"start": {"1"}})
	wantStatus(t, "start", resp, body, http.StatusSeeOther)
	_, body = w.c.Get(t, path)
	wantText(t, "editor", body, `name="summary"`, `name="text-`+w.item+`"`, "Berichte aus den Beratungsstellen", "Entwurf")
	if _, body := w.m.Get(t, path); strings.Contains(body, `name="summary"`) || !strings.Contains(body, "wird noch geschrieben") {
		t.Error("member sees the draft")
	}

	resp, body = w.post(t, "/minutes", url.Values{"version": {"1"}, "summary": {"Gute Runde mit zwölf Stellen."},
		"text-" + w.item: {"Drei Berichte zur Wohnungssuche."}})
	wantStatus(t, "save", resp, body, http.StatusSeeOther)
	resp, body = w.post(t, "/decisions", url.Values{"version": {"1"}, "decision_text": {" "}})
	wantStatus(t, "empty decision", resp, body, http.StatusUnprocessableEntity)
	wantText(t, "refused decision", body, "Bitte den Beschluss eingeben.", `href="#decision_text"`, "Gute Runde mit zwölf Stellen.")
	resp, body = w.post(t, "/decisions", url.Values{"version": {"1"}, "decision_text": {"Der Fachtag Wohnen findet im Mai statt."},
		"decision_item": {w.item}, "decision_topic": {"housing"}})
	wantStatus(t, "decision", resp, body, http.StatusSeeOther)
	due, _ := time.Parse(time.DateOnly, w.day)
	for _, c := range []struct {
		name, text string
		form       url.Values
	}{
		{"no responsible party", "verantwortliche Organisation oder Person", url.Values{"task_due": {due.AddDate(0, 0, 7).Format(time.DateOnly)}}},
		{"due before the meeting", "nicht vor der Sitzung fällig", url.Values{"task_org": {w.orgOf(t)}, "task_due": {due.AddDate(0, 0, -1).Format(time.DateOnly)}}},
	} {
		c.form.Set("version", "1")
		c.form.Set("task_title", "Raum für den Fachtag buchen")
		resp, body = w.post(t, "/tasks", c.form)
		wantStatus(t, c.name, resp, body, http.StatusUnprocessableEntity)
		wantText(t, c.name, body, c.text, `value="Raum für den Fachtag buchen"`)
	}
	resp, body = w.post(t, "/tasks", url.Values{"version": {"1"}, "task_title": {"Raum für den Fachtag buchen"},
		"task_org": {w.orgOf(t)}, "task_due": {due.AddDate(0, 0, 7).Format(time.DateOnly)}})
	wantStatus(t, "task", resp, body, http.StatusSeeOther)

	// The task is the representative's deadline at once.
	_, body = w.m.Get(t, "/deadlines")
	section := deadlineSection(t, body, "region-tasks")
	wantText(t, "representative's deadlines", section, "Raum für den Fachtag buchen", `href="/regions/hannover/tasks"`, "Frühjahrstreffen")
	wantText(t, "representative's navigation", body, `href="/deadlines"`)

	resp, body = w.post(t, "/minutes/circulate", url.Values{"version": {"1"}})
	wantStatus(t, "circulate", resp, body, http.StatusSeeOther)
	_, body = w.m.Get(t, path)
	wantText(t, "member's circulated minutes", body, "Gute Runde mit zwölf Stellen.", "Drei Berichte zur Wohnungssuche.",
		"Der Fachtag Wohnen findet im Mai statt.", "Wohnen", "Raum für den Fachtag buchen")
	for _, p := range []string{path, path + "/1", "/regions/hannover/tasks", "/regions/hannover/decisions"} {
		if resp, _ := w.o.Get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("other region's coordinator GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	if resp, _ := w.m.Post(t, path+"/circulate", url.Values{"version": {"1"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("member circulates: %d, want 403", resp.StatusCode)
	}

	resp, body = w.c.Get(t, path+"/approve")
	wantStatus(t, "confirmation", resp, body, http.StatusOK)
	wantText(t, "confirmation", body, "Fassung 1 genehmigen und sperren", "Drei Berichte zur Wohnungssuche.")
	stamp := minutesStampRe.FindStringSubmatch(body)
	if stamp == nil {
		t.Fatal("the confirmation sends no stamp")
	}
	resp, body = w.post(t, "/minutes/approve", url.Values{"version": {"1"}, "changed": {"1"}})
	wantStatus(t, "approve what changed since", resp, body, http.StatusConflict)
	resp, body = w.post(t, "/minutes/approve", url.Values{"version": {"1"}, "changed": {stamp[1]}})
	wantStatus(t, "approve", resp, body, http.StatusSeeOther)
	_, body = w.m.Get(t, path)
	wantText(t, "approved minutes", body, "Genehmigt", "genehmigt von Test region_coordinator")

	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/minutes", url.Values{"version": {"1"}, "summary": {"Anders"}}},
		{"/decisions", url.Values{"version": {"1"}, "decision_text": {"Noch ein Beschluss"}}},
		{"/minutes/circulate", url.Values{"version": {"1"}}},
	} {
		resp, body := w.post(t, c.path, c.form)
		wantStatus(t, "change approved minutes: "+c.path, resp, body, http.StatusConflict)
		wantText(t, "locked "+c.path, body, "genehmigt und kann nicht mehr geändert werden")
	}

	// The representative marks the task done from the tasks page.
	_, body = w.m.Get(t, "/regions/hannover/tasks")
	task := taskStateRe.FindStringSubmatch(body)
	if task == nil {
		t.Fatalf("the representative cannot change the task: %s", apptest.Text(body))
	}
	resp, body = w.m.Post(t, "/tasks/"+task[1]+"/state", url.Values{"state": {"done"}, "back": {"/deadlines"}})
	wantStatus(t, "task done", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/deadlines" {
		t.Errorf("after the state change: %q", loc)
	}
	_, body = w.m.Get(t, "/deadlines")
	if strings.Contains(deadlineSection(t, body, "region-tasks"), "Raum für den Fachtag buchen") {
		t.Error("a done task is still on the deadlines page")
	}
	_, body = w.m.Get(t, "/regions/hannover/tasks?state=done")
	wantText(t, "done tasks", body, "Raum für den Fachtag buchen", "1 erledigte Aufgabe")
	_, body = w.m.Get(t, "/regions/hannover/decisions")
	wantText(t, "decisions", body, "Der Fachtag Wohnen findet im Mai statt.", "1 Beschluss")

	resp, body = w.post(t, "/minutes/correct", url.Values{"version": {"1"}})
	wantStatus(t, "correct", resp, body, http.StatusSeeOther)
	_, body = w.c.Get(t, path)
	wantText(t, "correction", body, "Fassung 2", "korrigiert Fassung 1", `name="summary"`, "Gute Runde mit zwölf Stellen.")
	_, body = w.m.Get(t, path)
	wantText(t, "member during the correction", body, "Fassung 1", "genehmigt von")
	if strings.Contains(body, "ältere Fassung") {
		t.Error("the member's newest readable version is called older")
	}
	_, body = w.c.Get(t, path+"/1")
	wantText(t, "version 1 for the coordinator", body, "ältere Fassung", "genehmigt von Test region_coordinator", `href="`+path+`/2"`)
	resp, body = w.m.Get(t, path+"/1?print=1")
	wantStatus(t, "print", resp, body, http.StatusOK)
	wantText(t, "print", body, `class="print-view"`, "Protokoll: Frühjahrstreffen", "Drei Berichte zur Wohnungssuche.")
	if resp, _ := w.m.Get(t, path+"/2"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("member opens the correction's draft: %d, want 404", resp.StatusCode)
	}
}

// orgOf is the member organisation's id (the partner account's scope).
func (w *minutesWorld) orgOf(t *testing.T) string {
	t.Helper()
	return w.srv.Organisation(t, "rv-minutes-org")
}
