package mail_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"

	kmail "github.com/kmn-niedersachsen/kmn/internal/mail"
)

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	s := kmail.NewLog(slog.New(slog.NewJSONHandler(&buf, nil)))
	m := kmail.Message{To: "a@example.org", Lang: "de", Subject: "Neue Verweisung", Text: "Öffnen: https://kmn.example/r/1"}
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("log line %q: %v", buf.String(), err)
	}
	want := map[string]string{
		"level": "INFO", "msg": "mail (not sent: no SMTP server configured)",
		"to": m.To, "subject": m.Subject, "text": m.Text, "lang": "de",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %q", k, got[k], v)
		}
	}
	if err := s.Send(t.Context(), kmail.Message{To: "a@example.org"}); !errors.Is(err, kmail.ErrInvalidMessage) {
		t.Errorf("Send(invalid) = %v, want ErrInvalidMessage", err)
	}
}

// TestLogSenderNamesAttachmentsOnly: the development log names attached
// files but never writes their content.
func TestLogSenderNamesAttachmentsOnly(t *testing.T) {
	var buf bytes.Buffer
	s := kmail.NewLog(slog.New(slog.NewJSONHandler(&buf, nil)))
	m := kmail.Message{To: "a@example.org", Subject: "Einladung", Text: "Hallo",
		Attachments: []kmail.Attachment{{Name: "sitzung.ics", ContentType: "text/calendar", Data: []byte("GEHEIMER-INHALT")}}}
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("sitzung.ics")) || bytes.Contains(buf.Bytes(), []byte("GEHEIMER")) {
		t.Errorf("log line %s: want the file's name, not its content", buf.String())
	}
}
