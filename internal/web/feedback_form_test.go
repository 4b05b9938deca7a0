package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// feedbackMarker is what a visitor writes; it must reach the admins and
// nothing else: no log, no audit row.
const feedbackMarker = "Kontrast-Marker-51c9"

// syncBuffer collects the server log, written from the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// feedbackFixture is a server with an admin and a counselor signed in.
type feedbackFixture struct {
	srv              *apptest.Server
	log              *syncBuffer
	admin, counselor *apptest.Client
	adminAccount     apptest.Account
}

func newFeedbackFixture(t *testing.T) *feedbackFixture {
	t.Helper()
	f := &feedbackFixture{log: &syncBuffer{}}
	f.srv = apptest.Start(t, apptest.Options{LogTo: f.log})
	f.adminAccount = f.srv.CreateAccount(t, "admin@feedback.example", perm.Admin, perm.Statewide, "")
	f.admin = f.srv.NewClient(t)
	f.admin.Login(t, f.adminAccount)
	f.counselor = f.srv.NewClient(t)
	f.counselor.Login(t, f.srv.CreateAccount(t, "beraterin@feedback.example", perm.Counselor, perm.Office, "office-feedback"))
	return f
}

// send posts the public form in lang as a new anonymous visitor.
func (f *feedbackFixture) send(t *testing.T, lang string, form url.Values) (*http.Response, string) {
	t.Helper()
	return f.srv.NewClient(t).Post(t, "/"+lang+"/accessibility/feedback", form)
}

// open is how many messages wait in the inbox, asked through the store.
func (f *feedbackFixture) open(t *testing.T) int {
	t.Helper()
	n, err := f.srv.App.Feedback.CountOpen(context.Background(), f.srv.Principal(t, f.adminAccount))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFeedbackFormRefusesBadInput: bad input answers 4xx with the form
// again and a translated message, and stores nothing; a filled honeypot
// looks like success and stores nothing.
func TestFeedbackFormRefusesBadInput(t *testing.T) {
	f := newFeedbackFixture(t)
	long := strings.Repeat("ü", feedback.MaxMessageRunes+1)
	cases := []struct {
		name, lang string
		form       url.Values
		status     int
		want       []string
	}{
		{"empty message", "de", url.Values{"message": {"  "}, "page_address": {"/de/search"}}, 422,
			[]string{"Bitte schreiben Sie eine Nachricht.", `href="#message"`, `aria-invalid="true"`, `value="/de/search"`}},
		{"empty message in Arabic", "ar", url.Values{"message": {""}}, 422, []string{"يرجى كتابة رسالة.", `dir="rtl"`}},
		{"bad e-mail", "en", url.Values{"message": {"Zu klein"}, "reply_email": {"not an address"}}, 422,
			[]string{"Please enter a valid e-mail address", `href="#reply_email"`, ">Zu klein</textarea>"}},
		{"long message", "tr", url.Values{"message": {long}}, 422, []string{"Mesaj çok uzun: en fazla 4000 karakter."}},
		{"long page", "uk", url.Values{"message": {"x"}, "page_address": {strings.Repeat("p", 501)}}, 422, []string{"щонайбільше 500 символів"}},
		{"honeypot", "de", url.Values{"message": {feedbackMarker}, "website": {"http://spam.example"}}, 303, nil},
		{"no CSRF token", "fa", url.Values{"message": {"x"}, "csrf_token": {"forged"}}, 403, []string{"<html lang=\"fa\" dir=\"rtl\">"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := f.send(t, c.lang, c.form)
			wantStatus(t, c.name, resp, body, c.status)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("answer lacks %q", w)
				}
			}
			if c.status == 422 {
				wantPublicPage(t, c.name, c.lang, body, true)
				// The page answers at the form's POST address; its language
				// switch leads to the statement, which answers GET.
				if strings.Contains(body, `/accessibility/feedback" lang=`) || !strings.Contains(body, `<a href="/en/accessibility" lang="en"`) {
					t.Errorf("language switch of the refused form does not lead to the statement")
				}
			}
			if c.status == 303 && resp.Header.Get("Location") != "/"+c.lang+"/accessibility/thanks#main" {
				t.Errorf("location %q", resp.Header.Get("Location"))
			}
		})
	}
	if n := f.open(t); n != 0 {
		t.Errorf("%d messages stored from bad input", n)
	}
	if strings.Contains(f.log.String(), feedbackMarker) {
		t.Errorf("the server log holds what the visitor wrote")
	}
}

// TestFeedbackFormIsProtected: a POST from another site is refused, and
// one address range may send feedback.RateLimit messages an hour.
func TestFeedbackFormIsProtected(t *testing.T) {
	f := newFeedbackFixture(t)
	c := f.srv.NewClient(t)
	form := feedbackForm("Von fremder Seite")
	form.Set("csrf_token", c.CSRF(t))
	req, err := http.NewRequest("POST", f.srv.URL+"/de/accessibility/feedback", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: status %d, want 403", resp.StatusCode)
	}

	for i := range feedback.RateLimit {
		resp, body := f.send(t, "de", feedbackForm("Meldung "+string(rune('A'+i))))
		wantStatus(t, "message within the limit", resp, body, http.StatusSeeOther)
	}
	resp, body := f.send(t, "ru", feedbackForm("Ещё одно сообщение"))
	wantStatus(t, "message over the limit", resp, body, http.StatusTooManyRequests)
	if !strings.Contains(body, "попробуйте ещё раз через час") || !strings.Contains(body, ">Ещё одно сообщение</textarea>") {
		t.Errorf("429 page does not explain or lost the message: %s", excerptOf(body))
	}
	f.srv.Clock.Advance(feedback.RateWindow)
	resp, body = f.send(t, "de", feedbackForm("Nach einer Stunde"))
	wantStatus(t, "message after the window", resp, body, http.StatusSeeOther)
	if n := f.open(t); n != feedback.RateLimit+1 {
		t.Errorf("%d messages stored, want %d", n, feedback.RateLimit+1)
	}
}

// TestFeedbackPagesInEveryLanguage: the statement's thank-you page and a
// refused form answer in the URL's language.
func TestFeedbackPagesInEveryLanguage(t *testing.T) {
	f := newFeedbackFixture(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Public {
		l := cat.Localizer(lang)
		body := publicGet(t, f.srv.NewClient(t), "/"+lang+"/accessibility/thanks", http.StatusOK)
		wantPublicPage(t, "thanks "+lang, lang, body, true)
		if !strings.Contains(body, esc(l.T("access.thanks_title"))) || !strings.Contains(body, `href="/`+lang+`/accessibility"`) {
			t.Errorf("%s thank-you page: %s", lang, excerptOf(body))
		}
		resp, body := f.send(t, lang, url.Values{"message": {""}})
		wantStatus(t, "empty "+lang, resp, body, http.StatusUnprocessableEntity)
		if !strings.Contains(body, esc(l.T("access.error_message_required"))) {
			t.Errorf("%s: the error is not translated", lang)
		}
	}
}
