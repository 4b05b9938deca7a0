package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
)

var feedbackLinkRe = regexp.MustCompile(`href="/admin/feedback/([0-9a-f-]{36})"`)

// TestFeedbackReachesTheAdmins: a visitor reports a barrier in Arabic, an
// admin reads it, marks it handled and deletes it; a counselor is
// refused; every step is audited, and nothing the visitor wrote is in the
// log or the audit log.
func TestFeedbackReachesTheAdmins(t *testing.T) {
	f := newFeedbackFixture(t)
	resp, body := f.send(t, "ar", feedbackForm("Die Schrift hat zu wenig Kontrast: "+feedbackMarker))
	wantStatus(t, "send", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/ar/accessibility/thanks#main" {
		t.Fatalf("after sending: location %q", loc)
	}
	thanks := publicGet(t, f.srv.NewClient(t), "/ar/accessibility/thanks", http.StatusOK)
	if !strings.Contains(thanks, "شكرًا على رسالتك") {
		t.Errorf("thank-you page is not in Arabic: %s", excerptOf(thanks))
	}

	_, list := f.admin.Get(t, "/admin/feedback")
	m := feedbackLinkRe.FindStringSubmatch(list)
	if m == nil || !strings.Contains(list, feedbackMarker) || !strings.Contains(list, "Arabisch") || !strings.Contains(list, "1 offene Nachricht") {
		t.Fatalf("inbox does not show the message: %s", excerptOf(list))
	}
	id := m[1]
	if _, dash := f.admin.Get(t, "/dashboard"); !strings.Contains(dash, `href="/admin/feedback"`) {
		t.Errorf("admin navigation lacks the inbox")
	}
	if _, dash := f.counselor.Get(t, "/dashboard"); strings.Contains(dash, `href="/admin/feedback"`) {
		t.Errorf("counselor navigation shows the inbox")
	}
	for _, req := range []struct{ method, path string }{{"GET", "/admin/feedback"}, {"GET", "/admin/feedback/" + id},
		{"POST", "/admin/feedback/" + id + "/handled"}, {"GET", "/admin/feedback/" + id + "/delete"}, {"POST", "/admin/feedback/" + id + "/delete"}} {
		resp, body := send(t, f.counselor, req.method, req.path, url.Values{})
		if resp.StatusCode != http.StatusForbidden || strings.Contains(body, feedbackMarker) {
			t.Errorf("counselor %s %s: status %d", req.method, req.path, resp.StatusCode)
		}
	}

	resp, page := f.admin.Get(t, "/admin/feedback/"+id)
	wantStatus(t, "message", resp, page, http.StatusOK)
	for _, want := range []string{feedbackMarker, `href="mailto:antwort@example.org"`, "/de/search", "offen", `action="/admin/feedback/` + id + `/handled"`} {
		if !strings.Contains(page, want) {
			t.Errorf("message page lacks %q", want)
		}
	}
	resp, body = f.admin.Post(t, "/admin/feedback/"+id+"/handled", nil)
	wantStatus(t, "mark handled", resp, body, http.StatusSeeOther)
	_, page = f.admin.Get(t, "/admin/feedback/"+id)
	deleteOn := f.srv.Clock.Now().AddDate(0, feedback.RetentionMonths, 0)
	if !strings.Contains(page, "erledigt am") || !strings.Contains(page, "Test admin") || !strings.Contains(page, deleteOn.In(time.UTC).Format("02.01.2006")) ||
		strings.Contains(page, "/handled\"") {
		t.Errorf("handled message page: %s", excerptOf(page))
	}
	if _, open := f.admin.Get(t, "/admin/feedback"); strings.Contains(open, feedbackMarker) || !strings.Contains(open, "Keine Nachrichten") {
		t.Errorf("handled message still in the open list")
	}
	if _, done := f.admin.Get(t, "/admin/feedback?status=handled"); !strings.Contains(done, feedbackMarker) {
		t.Errorf("handled list lacks the message")
	}

	resp, confirm := f.admin.Get(t, "/admin/feedback/"+id+"/delete")
	wantStatus(t, "confirm delete", resp, confirm, http.StatusOK)
	if !strings.Contains(confirm, feedbackMarker) || !strings.Contains(confirm, `class="danger"`) {
		t.Errorf("confirmation page: %s", excerptOf(confirm))
	}
	resp, body = f.admin.Post(t, "/admin/feedback/"+id+"/delete", nil)
	wantStatus(t, "delete", resp, body, http.StatusSeeOther)
	if resp.Header.Get("Location") != "/admin/feedback" {
		t.Errorf("after deleting: location %q", resp.Header.Get("Location"))
	}
	resp, body = f.admin.Get(t, "/admin/feedback/"+id)
	wantStatus(t, "deleted message", resp, body, http.StatusNotFound)

	wantFeedbackAudit(t, f, "feedback.receive", "feedback.list", "feedback.read", "feedback.handle", "feedback.delete")
	for _, secret := range []string{feedbackMarker, "antwort@example.org"} {
		if strings.Contains(f.log.String(), secret) {
			t.Errorf("the server log holds %q", secret)
		}
	}
	if !strings.Contains(f.log.String(), "/{lang}/accessibility/feedback") && !strings.Contains(f.log.String(), "/ar/accessibility/feedback") {
		t.Errorf("the log capture is broken: no request line for the form")
	}
}

// wantFeedbackAudit checks the audit log has every action, and that no
// row holds what the visitor wrote.
func wantFeedbackAudit(t *testing.T, f *feedbackFixture, actions ...string) {
	t.Helper()
	recs, err := f.srv.App.Audit.List(context.Background(), audit.Filter{ActionPrefix: "feedback.", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		seen[r.Action] = true
		text := r.Actor + r.ObjectID
		for k, v := range r.Detail {
			text += k + "=" + v
		}
		if strings.Contains(text, feedbackMarker) || strings.Contains(text, "antwort@") {
			t.Errorf("audit row %s holds the visitor's text: %+v", r.Action, r)
		}
	}
	for _, a := range actions {
		if !seen[a] {
			t.Errorf("no audit row %s", a)
		}
	}
}

// TestFeedbackRetention: a handled message goes RetentionMonths after it
// was handled, by the purge the housekeeping runs; an open one stays.
func TestFeedbackRetention(t *testing.T) {
	f := newFeedbackFixture(t)
	for _, msg := range []string{"bleibt offen", "wird erledigt"} {
		resp, body := f.send(t, "de", feedbackForm(msg))
		wantStatus(t, "send", resp, body, http.StatusSeeOther)
	}
	_, list := f.admin.Get(t, "/admin/feedback")
	ids := feedbackLinkRe.FindAllStringSubmatch(list, -1)
	if len(ids) != 2 {
		t.Fatalf("inbox shows %d messages, want 2", len(ids))
	}
	handled := ids[0][1] // newest first: "wird erledigt"
	resp, body := f.admin.Post(t, "/admin/feedback/"+handled+"/handled", nil)
	wantStatus(t, "mark handled", resp, body, http.StatusSeeOther)

	ctx := context.Background()
	f.srv.Clock.Advance(24 * time.Hour)
	if n, err := f.srv.App.Feedback.PurgeDue(ctx); n != 0 || err != nil {
		t.Fatalf("purge after a day: %d, %v", n, err)
	}
	f.srv.Clock.Set(f.srv.Clock.Now().AddDate(0, feedback.RetentionMonths, 0))
	if n, err := f.srv.App.Feedback.PurgeDue(ctx); n != 1 || err != nil {
		t.Fatalf("purge after the retention period: %d, %v", n, err)
	}
	c := f.srv.NewClient(t)
	c.Login(t, f.adminAccount)
	if resp, body := c.Get(t, "/admin/feedback/"+handled); resp.StatusCode != http.StatusNotFound {
		t.Errorf("purged message: status %d", resp.StatusCode)
	} else if _, list = c.Get(t, "/admin/feedback"); !strings.Contains(list, "bleibt offen") {
		t.Errorf("the open message was purged too: %s", excerptOf(body))
	}
	recs, err := f.srv.App.Audit.List(ctx, audit.Filter{ActionPrefix: "feedback.delete", ObjectID: handled})
	if err != nil || len(recs) != 1 || recs[0].Detail["reason"] != "retention" || recs[0].Actor != "system" {
		t.Errorf("purge audit: %+v, %v", recs, err)
	}
}

// TestFeedbackInboxPages: the inbox pages 25 messages at a time, newest
// first, and keeps the filter in its links.
func TestFeedbackInboxPages(t *testing.T) {
	f := newFeedbackFixture(t)
	ctx := context.Background()
	for i := range 27 {
		// Each from its own address range: the form's rate limit is not
		// what this test is about.
		ip := fmt.Sprintf("198.51.%d.7", i)
		if _, err := f.srv.App.Feedback.Submit(ctx, auth.Anonymous(auth.Client{IP: ip}), feedback.Input{Lang: "de", Message: fmt.Sprintf("Meldung Nummer %02d", i)}); err != nil {
			t.Fatal(err)
		}
		f.srv.Clock.Advance(time.Minute)
	}
	_, first := f.admin.Get(t, "/admin/feedback")
	if n := len(feedbackLinkRe.FindAllString(first, -1)); n != 25 || !strings.Contains(first, "27 offene Nachrichten") ||
		!strings.Contains(first, "Meldung Nummer 26") || strings.Contains(first, "Meldung Nummer 01") {
		t.Errorf("first page: %d links: %s", n, excerptOf(first))
	}
	if !strings.Contains(first, `href="/admin/feedback?page=2&amp;status=open"`) {
		t.Fatalf("first page has no link to the second: %s", excerptOf(first))
	}
	_, second := f.admin.Get(t, "/admin/feedback?page=2&status=open")
	if n := len(feedbackLinkRe.FindAllString(second, -1)); n != 2 || !strings.Contains(second, "Meldung Nummer 00") {
		t.Errorf("second page: %d links", n)
	}
	if _, done := f.admin.Get(t, "/admin/feedback?status=handled"); !strings.Contains(done, "0 erledigte Nachrichten") {
		t.Errorf("handled list: %s", excerptOf(done))
	}
}
