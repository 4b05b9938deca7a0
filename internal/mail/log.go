package mail

import (
	"context"
	"log/slog"
)

// logSender writes messages to the log instead of sending them.
type logSender struct{ log *slog.Logger }

// NewLog returns the development sender: it logs each whole message at
// Info, so a developer can follow links from mails without a relay. It
// logs the text, so it must never run in production; the app uses it only
// when no SMTP host is configured outside production.
func NewLog(log *slog.Logger) Sender {
	if log == nil {
		log = slog.Default()
	}
	return logSender{log: log}
}

// Send validates m like the SMTP sender does, so bad messages fail in
// development too, and logs it.
func (s logSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	args := []any{"to", m.To, "lang", m.Lang, "subject", m.Subject, "text", m.Text, "list_unsubscribe", m.ListUnsubscribe}
	if len(m.Attachments) > 0 {
		// Names only: the files themselves stay out of the log.
		names := make([]string, len(m.Attachments))
		for i, a := range m.Attachments {
			names[i] = a.Name
		}
		args = append(args, "attachments", names)
	}
	s.log.InfoContext(ctx, "mail (not sent: no SMTP server configured)", args...)
	return nil
}
