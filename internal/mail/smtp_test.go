package mail_test

import (
	"context"
	"errors"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	kmail "github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

const (
	from = "KMN <noreply@kmn.example>"
	to   = "beratung@example.org"
)

// arabic is a referral notice in Arabic, rendered like production mail.
func arabic(t *testing.T, unsubscribe string) kmail.Message {
	t.Helper()
	text, html, err := kmail.Render(kmail.Content{
		Lang: "ar", Dir: "rtl",
		Greeting:   "مرحبا،",
		Paragraphs: []string{"لديك إحالة جديدة في المنصة."},
		Link:       kmail.Link{URL: "https://kmn.example/referrals/7?x=1&y=2", Label: "فتح الإحالة"},
		Footer:     []string{"KMN – Kooperative Migrationsarbeit Niedersachsen"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return kmail.Message{To: to, Lang: "ar", Subject: "إحالة جديدة", Text: text, HTML: html, ListUnsubscribe: unsubscribe}
}

// sender is a NewSMTP sender for srv.
func sender(t *testing.T, cfg kmail.Config) *kmail.SMTP {
	t.Helper()
	s, err := kmail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSMTPSend(t *testing.T) {
	cases := []struct {
		name        string
		opts        []mailtest.Option
		unsubscribe string
	}{
		{"starttls with auth", []mailtest.Option{mailtest.WithAuth("kmn", "geheim")}, ""},
		{"starttls without auth", nil, "https://kmn.example/unsubscribe/abc"},
		{"implicit tls with auth", []mailtest.Option{mailtest.WithImplicitTLS(), mailtest.WithAuth("kmn", "geheim")}, "https://kmn.example/u/1"},
		{"none on 127.0.0.1", []mailtest.Option{mailtest.WithoutTLS()}, ""},
		{"none with auth on 127.0.0.1", []mailtest.Option{mailtest.WithoutTLS(), mailtest.WithAuth("kmn", "geheim")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.opts...)
			if err := sender(t, srv.Config(from)).Send(t.Context(), arabic(t, c.unsubscribe)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.WaitFor(t, 1, 5*time.Second)[0]
			checkEnvelope(t, got)
			checkHeader(t, got, c.unsubscribe)
			checkBody(t, got)
		})
	}
}

func checkEnvelope(t *testing.T, got mailtest.Received) {
	t.Helper()
	if got.From != "noreply@kmn.example" || len(got.To) != 1 || got.To[0] != to {
		t.Errorf("envelope = %s → %v, want noreply@kmn.example → [%s]", got.From, got.To, to)
	}
}

func checkHeader(t *testing.T, got mailtest.Received, unsubscribe string) {
	t.Helper()
	h := got.Header
	if got.Subject != "إحالة جديدة" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if raw := h.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("raw Subject = %q, want an RFC 2047 encoded word", raw)
	}
	want := map[string]string{
		"Content-Language":         "ar",
		"Auto-Submitted":           "auto-generated",
		"X-Auto-Response-Suppress": "All",
		"To":                       "<" + to + ">",
	}
	if unsubscribe != "" {
		want["List-Unsubscribe"] = "<" + unsubscribe + ">"
		want["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if unsubscribe == "" && (h.Get("List-Unsubscribe") != "" || h.Get("List-Unsubscribe-Post") != "") {
		t.Errorf("List-Unsubscribe headers set without a link: %q, %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
	}
	if a, err := mail.ParseAddress(h.Get("From")); err != nil || a.Address != "noreply@kmn.example" || a.Name != "KMN" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	if id := h.Get("Message-Id"); !strings.HasSuffix(id, "@kmn.example>") {
		t.Errorf("Message-ID = %q, want one in the sender's domain", id)
	}
	if d, err := h.Date(); err != nil || time.Since(d) > time.Hour {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
}

func checkBody(t *testing.T, got mailtest.Received) {
	t.Helper()
	if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type = %q, want multipart/alternative", ct)
	}
	raw := string(got.Raw)
	plain, html := strings.Index(raw, "Content-Type: text/plain"), strings.Index(raw, "Content-Type: text/html")
	if plain < 0 || html < plain {
		t.Errorf("want text/plain then text/html; positions %d, %d", plain, html)
	}
	if !strings.Contains(raw, "Content-Transfer-Encoding: quoted-printable") || !strings.Contains(raw, "charset=UTF-8") {
		t.Errorf("parts are not UTF-8 quoted-printable:\n%s", raw)
	}
	if !strings.Contains(got.Text, "فتح الإحالة: https://kmn.example/referrals/7?x=1&y=2") {
		t.Errorf("Text lacks the link:\n%s", got.Text)
	}
	if !strings.Contains(got.HTML, `<html lang="ar" dir="rtl">`) || !strings.Contains(got.HTML, "لديك إحالة جديدة") {
		t.Errorf("HTML lacks lang/dir or text:\n%s", got.HTML)
	}
}

func TestSMTPWrongPassword(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithAuth("kmn", "geheim"))
	cfg := srv.Config(from)
	cfg.Password = "falsch"
	err := sender(t, cfg).Send(t.Context(), arabic(t, ""))
	if err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
	// A wrong password concerns every mail and is fixed by an operator:
	// retrying must go on.
	if kmail.Permanent(err) {
		t.Errorf("Permanent(%v) = true, want false", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSMTPReplyCodes(t *testing.T) {
	cases := []struct {
		code      int
		permanent bool
	}{
		{451, false},
		{421, false},
		{550, true},
		{554, true},
	}
	srv := mailtest.Start(t, mailtest.WithAuth("kmn", "geheim"))
	s := sender(t, srv.Config(from))
	for _, c := range cases {
		srv.FailNext(1, c.code)
		err := s.Send(t.Context(), arabic(t, ""))
		if err == nil {
			t.Errorf("%d: Send succeeded", c.code)
			continue
		}
		if !strings.HasPrefix(err.Error(), "mail: send: ") {
			t.Errorf("%d: error %q is not wrapped with the package name", c.code, err)
		}
		if got := kmail.Permanent(err); got != c.permanent {
			t.Errorf("%d: Permanent(%v) = %v, want %v", c.code, err, got, c.permanent)
		}
		// FailNext(1, …) fails one message only.
		if err := s.Send(t.Context(), arabic(t, "")); err != nil {
			t.Errorf("%d: Send after the failure: %v", c.code, err)
		}
	}
	srv.WaitFor(t, len(cases), 5*time.Second)
}

func TestSMTPStopRestart(t *testing.T) {
	srv := mailtest.Start(t)
	s := sender(t, srv.Config(from))
	if err := s.Send(t.Context(), arabic(t, "")); err != nil {
		t.Fatalf("first Send: %v", err)
	}
	srv.Stop()
	err := s.Send(t.Context(), arabic(t, ""))
	if err == nil {
		t.Fatal("Send to a stopped server succeeded")
	}
	if kmail.Permanent(err) {
		t.Errorf("Permanent(%v) = true for a refused connection", err)
	}
	srv.Restart()
	if err := s.Send(t.Context(), arabic(t, "")); err != nil {
		t.Fatalf("Send after Restart: %v", err)
	}
	srv.WaitFor(t, 2, 5*time.Second)
}

// TestSMTPContext checks that cancelling the context aborts a send
// stuck on a relay that accepts the connection but never answers, long
// before the per-command timeout.
func TestSMTPContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	cfg := kmail.Config{
		Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, From: from,
		Security: kmail.SecurityNone, Timeout: time.Minute,
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = sender(t, cfg).Send(ctx, arabic(t, ""))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Send took %s: the context did not abort it", d)
	}
}

func TestPermanent(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain error", errors.New("dial tcp: connection refused"), false},
		{"invalid message", kmail.Message{}.Validate(), true},
	}
	for _, c := range cases {
		if got := kmail.Permanent(c.err); got != c.want {
			t.Errorf("%s: Permanent = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSMTPInvalidMessage(t *testing.T) {
	srv := mailtest.Start(t)
	m := arabic(t, "")
	m.Subject = "Hallo\r\nBcc: alle@example.org"
	err := sender(t, srv.Config(from)).Send(t.Context(), m)
	if !errors.Is(err, kmail.ErrInvalidMessage) {
		t.Errorf("Send = %v, want ErrInvalidMessage", err)
	}
}

// TestSMTPRefusesInsecure checks that TLS is verified and required, not
// merely attempted.
func TestSMTPRefusesInsecure(t *testing.T) {
	cases := []struct {
		name  string
		opts  []mailtest.Option
		tweak func(*kmail.Config)
	}{
		{"untrusted certificate", nil, func(c *kmail.Config) { c.TLSConfig = nil }},
		{"untrusted certificate, implicit tls", []mailtest.Option{mailtest.WithImplicitTLS()}, func(c *kmail.Config) { c.TLSConfig = nil }},
		{"server without STARTTLS", []mailtest.Option{mailtest.WithoutTLS()}, func(c *kmail.Config) { c.Security = kmail.SecuritySTARTTLS }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.opts...)
			cfg := srv.Config(from)
			c.tweak(&cfg)
			if err := sender(t, cfg).Send(t.Context(), arabic(t, "")); err == nil {
				t.Error("Send succeeded")
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server got %d messages", n)
			}
		})
	}
}

// TestSMTPSendsAttachments: a calendar file goes out as a file part with
// its content type (method parameter included) and arrives byte for byte.
func TestSMTPSendsAttachments(t *testing.T) {
	srv := mailtest.Start(t)
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")
	m := kmail.Message{To: to, Lang: "de", Subject: "Einladung", Text: "Sie sind eingeladen.",
		Attachments: []kmail.Attachment{{Name: "sitzung.ics", ContentType: "text/calendar; method=REQUEST; charset=utf-8", Data: ics}}}
	if err := sender(t, srv.Config(from)).Send(t.Context(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	if got.Text != "Sie sind eingeladen." {
		t.Errorf("text = %q", got.Text)
	}
	if len(got.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(got.Attachments))
	}
	a := got.Attachments[0]
	if a.Name != "sitzung.ics" || !strings.HasPrefix(a.ContentType, "text/calendar") || !strings.Contains(a.ContentType, "method=REQUEST") ||
		string(a.Data) != string(ics) {
		t.Errorf("attachment = %q %q %q", a.Name, a.ContentType, a.Data)
	}
}
