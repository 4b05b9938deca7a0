package mail_test

import (
	"errors"
	"strings"
	"testing"

	kmail "github.com/kmn-niedersachsen/kmn/internal/mail"
)

func TestMessageValidate(t *testing.T) {
	ok := kmail.Message{To: "a@example.org", Lang: "de", Subject: "Neue Verweisung", Text: "Hallo"}
	cases := []struct {
		name   string
		change func(*kmail.Message)
		want   string // part of the error; "" for valid
	}{
		{"valid", func(*kmail.Message) {}, ""},
		{"valid with unsubscribe", func(m *kmail.Message) { m.ListUnsubscribe = "https://kmn.example/u/1?t=x" }, ""},
		{"valid without lang", func(m *kmail.Message) { m.Lang = "" }, ""},
		{"recipient with name", func(m *kmail.Message) { m.To = "Anna <a@example.org>" }, "recipient"},
		{"recipient missing", func(m *kmail.Message) { m.To = "" }, "recipient"},
		{"two recipients", func(m *kmail.Message) { m.To = "a@example.org, b@example.org" }, "recipient"},
		{"subject empty", func(m *kmail.Message) { m.Subject = " " }, "subject is empty"},
		{"subject with LF", func(m *kmail.Message) { m.Subject = "Hallo\nBcc: x@example.org" }, "line break"},
		{"subject with CR", func(m *kmail.Message) { m.Subject = "Hallo\rBcc: x@example.org" }, "line break"},
		{"text empty", func(m *kmail.Message) { m.Text = "\n" }, "text is empty"},
		{"bad lang", func(m *kmail.Message) { m.Lang = "de\r\nX: y" }, "BCP 47"},
		{"unsubscribe not http", func(m *kmail.Message) { m.ListUnsubscribe = "javascript:alert(1)" }, "unsubscribe"},
		{"unsubscribe breaks out", func(m *kmail.Message) { m.ListUnsubscribe = "https://kmn.example/>, <https://evil.example/" }, "unsubscribe"},
		{"unsubscribe relative", func(m *kmail.Message) { m.ListUnsubscribe = "/u/1" }, "unsubscribe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := ok
			c.change(&m)
			err := m.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("Validate = %v, want an error about %q", err, c.want)
			case c.want != "" && !errors.Is(err, kmail.ErrInvalidMessage):
				t.Errorf("Validate = %v, want it to wrap ErrInvalidMessage", err)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	ok := kmail.Config{Host: "smtp.example.org", From: "KMN <noreply@kmn.example>", Username: "kmn", Password: "geheim"}
	cases := []struct {
		name   string
		change func(*kmail.Config)
		want   string // part of the error; "" for valid
	}{
		{"valid starttls default", func(*kmail.Config) {}, ""},
		{"valid tls 465", func(c *kmail.Config) { c.Security, c.Port = kmail.SecurityTLS, 465 }, ""},
		{"valid none on localhost", func(c *kmail.Config) { c.Security, c.Host = kmail.SecurityNone, "localhost" }, ""},
		{"valid none on ::1", func(c *kmail.Config) { c.Security, c.Host = kmail.SecurityNone, "::1" }, ""},
		{"valid bare from", func(c *kmail.Config) { c.From = "noreply@kmn.example" }, ""},
		{"valid without auth", func(c *kmail.Config) { c.Username, c.Password = "", "" }, ""},
		{"none on a remote host", func(c *kmail.Config) { c.Security = kmail.SecurityNone }, "only allowed for a relay on localhost"},
		{"none on a private address", func(c *kmail.Config) { c.Security, c.Host = kmail.SecurityNone, "10.0.0.5" }, "only allowed"},
		{"unknown security", func(c *kmail.Config) { c.Security = "ssl" }, "unknown SMTP security"},
		{"host missing", func(c *kmail.Config) { c.Host = "" }, "host is missing"},
		{"host with port", func(c *kmail.Config) { c.Host = "smtp.example.org:587" }, "no port"},
		{"host with scheme", func(c *kmail.Config) { c.Host = "smtp://smtp.example.org" }, "no scheme"},
		{"port negative", func(c *kmail.Config) { c.Port = -1 }, "port -1"},
		{"port too high", func(c *kmail.Config) { c.Port = 65536 }, "port 65536"},
		{"from missing", func(c *kmail.Config) { c.From = "" }, "sender address (From) is missing"},
		{"from invalid", func(c *kmail.Config) { c.From = "noreply" }, "is not valid"},
		{"password missing", func(c *kmail.Config) { c.Password = "" }, "username and password"},
		{"timeout negative", func(c *kmail.Config) { c.Timeout = -1 }, "timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			c.change(&cfg)
			err := cfg.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("Validate = %v, want an error about %q", err, c.want)
			case c.want != "" && !strings.HasPrefix(err.Error(), "mail: "):
				t.Errorf("Validate = %q, want the package name first", err)
			}
			if _, nerr := kmail.NewSMTP(cfg); (nerr == nil) != (err == nil) {
				t.Errorf("NewSMTP error %v disagrees with Validate %v", nerr, err)
			}
		})
	}
}

func TestConfigReportsAllProblems(t *testing.T) {
	err := kmail.Config{Port: 70000}.Validate()
	for _, want := range []string{"host is missing", "port 70000", "From"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want it to mention %q", err, want)
		}
	}
}

func TestConfigured(t *testing.T) {
	if (kmail.Config{}).Configured() {
		t.Error("zero Config is configured")
	}
	if !(kmail.Config{Host: "smtp.example.org"}).Configured() {
		t.Error("Config with a host is not configured")
	}
}

func TestConfigLogValueHidesPassword(t *testing.T) {
	v := kmail.Config{Host: "smtp.example.org", Username: "kmn", Password: "geheim"}.LogValue()
	if strings.Contains(v.String(), "geheim") {
		t.Errorf("LogValue = %s, contains the password", v)
	}
}

// TestMessageValidateAttachments: attachment names and types cannot break
// the MIME headers, and their size is bounded.
func TestMessageValidateAttachments(t *testing.T) {
	ok := kmail.Attachment{Name: "sitzung.ics", ContentType: "text/calendar; method=REQUEST", Data: []byte("BEGIN:VCALENDAR")}
	cases := []struct {
		name  string
		att   kmail.Attachment
		valid bool
	}{
		{"calendar", ok, true},
		{"no name", kmail.Attachment{ContentType: ok.ContentType}, false},
		{"path", kmail.Attachment{Name: "../x.ics", ContentType: ok.ContentType}, false},
		{"line break in the name", kmail.Attachment{Name: "a\r\nBcc: x@example.org", ContentType: ok.ContentType}, false},
		{"no type", kmail.Attachment{Name: "a.ics"}, false},
		{"too large", kmail.Attachment{Name: "a.bin", ContentType: "application/octet-stream", Data: make([]byte, kmail.MaxAttachmentBytes+1)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := kmail.Message{To: "a@example.org", Subject: "Einladung", Text: "Hallo", Attachments: []kmail.Attachment{c.att}}
			if err := m.Validate(); (err == nil) != c.valid {
				t.Errorf("Validate = %v, want valid %v", err, c.valid)
			}
		})
	}
}
