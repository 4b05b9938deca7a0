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
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

var (
	fileCodeRe     = regexp.MustCompile(`KMN-[0-9A-Z]{4}-[0-9A-Z]{4}`)
	notificationRe = regexp.MustCompile(`/notifications/([0-9a-f-]{36})`)
	mailURLRe      = regexp.MustCompile(`https?://[^\s<>"]+`)
)

// fileCode reads the pseudonym code of file id from its page.
func fileCode(t *testing.T, c *apptest.Client, id string) string {
	t.Helper()
	code := fileCodeRe.FindString(caseGet(t, c, "/cases/"+id))
	if code == "" {
		t.Fatal("no file code on the file page")
	}
	return code
}

// noClientData fails when a delivered message names the file in any way.
func noClientData(t *testing.T, msgs []mailtest.Received, markers ...string) {
	t.Helper()
	for _, m := range msgs {
		for _, marker := range markers {
			if strings.Contains(string(m.Raw), marker) || strings.Contains(m.Text, marker) || strings.Contains(m.HTML, marker) {
				t.Errorf("the mail %q to %v contains %q", m.Subject, m.To, marker)
			}
		}
	}
}

// pathOf is the path of the first link in text that contains want.
func pathOf(t *testing.T, text, want string) string {
	t.Helper()
	for _, u := range mailURLRe.FindAllString(text, -1) {
		if strings.Contains(u, want) {
			p, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			return p.Path
		}
	}
	t.Fatalf("no link with %q in %q", want, text)
	return ""
}

// TestTransferNotifies: a file handed over tells its new counselor in the
// platform (bell, list, link to the file) and by one e-mail in their
// language that names neither the file nor its client; the person acting
// gets nothing.
func TestTransferNotifies(t *testing.T) {
	smtp := mailtest.Start(t)
	fx := newTeamFixtureOn(t, apptest.Options{Mail: smtp})
	id := createCase(t, fx.a, fx.officeID)
	code := fileCode(t, fx.a, id)
	if resp, _ := fx.b.Post(t, "/language", url.Values{"lang": {"en"}, "back": {"/dashboard"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatal("language switch failed")
	}
	resp, body := fx.a.Post(t, "/cases/"+id+"/transfer", url.Values{"version": {"1"}, "to": {fx.bID}})
	wantStatus(t, "transfer", resp, body, 303)

	msgs := smtp.WaitFor(t, 1, 20*time.Second)
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "bb@team.example" || m.Subject != "KMN: A client file was transferred to you" ||
		m.Header.Get("Content-Language") != "en" {
		t.Errorf("mail to %v, subject %q, language %q: want the new counselor, in English", m.To, m.Subject, m.Header.Get("Content-Language"))
	}
	noClientData(t, msgs, code, id)
	// The mail's link leads to the notifications, where the file is one click away.
	page := caseGet(t, fx.b, pathOf(t, m.Text, "/notifications"))
	wantBody(t, "notifications", page, "A client file was transferred to you.", "Notifications, 1 unread", "1 unread of 1")
	n := notificationRe.FindStringSubmatch(page)
	if n == nil {
		t.Fatal("no link to the notification")
	}
	resp, _ = fx.b.Get(t, n[0])
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/cases/"+id {
		t.Errorf("opening the notification: %d to %q, want the file", resp.StatusCode, resp.Header.Get("Location"))
	}
	if strings.Contains(caseGet(t, fx.b, "/dashboard"), "unread") {
		t.Error("the bell still counts the opened notification")
	}
	// Another person cannot open it, and the person acting was not told.
	resp, _ = fx.a.Get(t, n[0])
	wantStatus(t, "someone else's notification", resp, "", 404)
	if strings.Contains(caseGet(t, fx.a, "/notifications"), "transferred") || len(smtp.Messages()) != 1 {
		t.Error("the person who transferred the file was notified")
	}
}

// TestNotificationPreferences: a kind switched to "in KMN only" mails
// nothing but still shows in the platform; a channel a kind does not offer
// is refused with a message.
func TestNotificationPreferences(t *testing.T) {
	smtp := mailtest.Start(t)
	fx := newTeamFixtureOn(t, apptest.Options{Mail: smtp})
	resp, body := fx.b.Post(t, "/account/notifications", url.Values{"kind-deadlines": {"email"}})
	wantStatus(t, "a channel the deadlines do not offer", resp, body, 422)
	wantBody(t, "refused preferences", body, "Bitte wählen Sie für jede Art eine der angebotenen Möglichkeiten.")
	resp, body = fx.b.Post(t, "/account/notifications", url.Values{"kind-substitution_starts": {"app"}})
	wantStatus(t, "save preferences", resp, body, 303)
	wantBody(t, "saved preferences", caseGet(t, fx.b, "/account/notifications"), `id="kind-substitution_starts-app" name="kind-substitution_starts" value="app" checked`)

	add := url.Values{"office_id": {fx.officeID}, "absent_id": {fx.aID}, "substitute_id": {fx.bID},
		"starts_on": {teamDay(0)}, "ends_on": {teamDay(6)}}
	resp, body = fx.a.Post(t, "/substitutions", add)
	wantStatus(t, "add substitution", resp, body, 303)
	wantBody(t, "notification in the platform", caseGet(t, fx.b, "/notifications"), "Ihre Vertretung einer Kollegin oder eines Kollegen beginnt heute.")
	time.Sleep(2 * time.Second) // a mail, wrongly queued, would have gone out by now
	if got := smtp.Messages(); len(got) != 0 {
		t.Errorf("mailed %d messages although the kind is set to KMN only", len(got))
	}
}

// TestDeadlineDigest: at the digest's hour, a counselor who chose the
// daily e-mail gets one mail with their deadline counts and an
// unsubscribe link that works without signing in; a second run the same
// day sends nothing; counselors who did not choose it get none.
func TestDeadlineDigest(t *testing.T) {
	smtp := mailtest.Start(t)
	fx := newTeamFixtureOn(t, apptest.Options{Mail: smtp})
	ctx := context.Background()
	id := createCase(t, fx.a, fx.officeID)
	code := fileCode(t, fx.a, id)
	for _, c := range []struct{ owner, item string }{{fx.aID, "m1"}, {fx.aID, "m2"}, {fx.bID, "m3"}} {
		// Deadline rows as the plan editor writes them (the digest reads the stored rows).
		if _, err := fx.srv.App.DB.Exec(ctx, `INSERT INTO case_deadlines (file_id, file_code, kind, item_id, due_on, area, office_id, counselor_id)
			VALUES (?, ?, 'measure', ?, ?, '', ?, ?)`, id, code, c.item, berlinDay(0), fx.officeID, c.owner); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := fx.a.Post(t, "/account/notifications", url.Values{"kind-deadlines": {"digest"}})
	wantStatus(t, "choose the digest", resp, body, 303)

	sent, err := fx.srv.App.Notify.SendDigests(ctx)
	if err != nil || sent != 1 {
		t.Fatalf("SendDigests = %d, %v; want one mail (counselor a)", sent, err)
	}
	msgs := smtp.WaitFor(t, 1, 20*time.Second)
	m := msgs[0]
	if m.To[0] != "a@team.example" || !strings.Contains(m.Text, "Ihre Fristen: 0 überfällig, 2 heute fällig, 0 in den nächsten 7 Tagen.") {
		t.Errorf("digest to %v: %q", m.To, m.Text)
	}
	noClientData(t, msgs, code, id)
	// Both counselors see their counts in the platform; b got no mail.
	wantBody(t, "b's notification", caseGet(t, fx.b, "/notifications"), "Ihre Fristen: 0 überfällig, 1 heute fällig")
	if again, err := fx.srv.App.Notify.SendDigests(ctx); err != nil || again != 0 {
		t.Errorf("second run the same day: %d mails, %v", again, err)
	}

	unsubscribe := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	if unsubscribe == "" || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe %q, -Post %q", unsubscribe, m.Header.Get("List-Unsubscribe-Post"))
	}
	// The mail program's one-click POST: no session, no CSRF token.
	oneClick, err := http.Post(unsubscribe, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	oneClick.Body.Close()
	if oneClick.StatusCode != http.StatusOK { // the redirect to the confirmation page, followed
		t.Errorf("one-click unsubscribe: %d", oneClick.StatusCode)
	}
	wantBody(t, "preferences after unsubscribing", caseGet(t, fx.a, "/account/notifications"), `value="app" checked`)
	if strings.Contains(caseGet(t, fx.a, "/account/notifications"), `value="digest" checked`) {
		t.Error("the digest is still chosen after unsubscribing")
	}
	forged, err := http.Post(unsubscribe+"x", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	forged.Body.Close()
	if forged.StatusCode != http.StatusNotFound {
		t.Errorf("a forged unsubscribe link: %d, want 404", forged.StatusCode)
	}
}

// TestSubstitutionNotices: the substitute hears of a substitution when it
// is recorded, on its first day, and the day after its last, each once.
func TestSubstitutionNotices(t *testing.T) {
	fx := newTeamFixture(t)
	ctx := context.Background()
	resp, body := fx.a.Post(t, "/substitutions", url.Values{"office_id": {fx.officeID}, "absent_id": {fx.aID},
		"substitute_id": {fx.bID}, "starts_on": {teamDay(1)}, "ends_on": {teamDay(2)}})
	wantStatus(t, "add substitution", resp, body, 303)
	wantBody(t, "recorded", caseGet(t, fx.b, "/notifications"), "Für Sie wurde eine Vertretung eingetragen.")
	notice := func(day string, want int) {
		t.Helper()
		n, err := fx.srv.App.Cases.NoticeSubstitutions(ctx)
		if err != nil || n != want {
			t.Errorf("%s: told %d (%v), want %d", day, n, err, want)
		}
	}
	notice("the day before", 0)
	fx.srv.Clock.Advance(24 * time.Hour)
	notice("first day", 1)
	notice("first day again", 0)
	// A day later the sessions have expired: sign in again.
	signIn := func(email string) *apptest.Client {
		c := fx.srv.NewClient(t)
		c.Login(t, fx.accounts[email])
		return c
	}
	wantBody(t, "first day", caseGet(t, signIn("bb@team.example"), "/notifications"), "Ihre Vertretung einer Kollegin oder eines Kollegen beginnt heute.")
	fx.srv.Clock.Advance(24 * time.Hour)
	notice("last day", 0)
	fx.srv.Clock.Advance(24 * time.Hour)
	notice("the day after", 1)
	notice("the day after, again", 0)
	wantBody(t, "over", caseGet(t, signIn("bb@team.example"), "/notifications"), "Eine Vertretung durch Sie ist beendet.", "3 ungelesen von 3")
	if strings.Contains(caseGet(t, signIn("a@team.example"), "/notifications"), "Vertretung") {
		t.Error("the absent colleague, who recorded it, was told")
	}
}
