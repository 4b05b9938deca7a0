package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"net/url"
	"strings"

	"golang.org/x/text/language"
)

// ErrInvalidMessage marks a message that Validate refuses. Sending it again
// can never succeed, so Permanent reports it too.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Message is one e-mail to one recipient. It never holds client data (see
// the package comment).
type Message struct {
	// To is a plain address ("a@example.org"), without a display name:
	// callers address people by role in the text, not in the header.
	To string
	// Lang is the BCP 47 tag of the text, e.g. "de" or "ar"; it becomes
	// the Content-Language header so clients pick fonts and read-aloud voices.
	Lang    string
	Subject string
	// Text is the text/plain part; always required because some readers
	// (and screen-reader users) choose plain text.
	Text string
	// HTML is the optional text/html alternative, usually from Render.
	HTML string
	// ListUnsubscribe is an optional http(s) URL for digests and other
	// mail the reader may switch off. It adds List-Unsubscribe and the
	// RFC 8058 one-click List-Unsubscribe-Post header; mail providers honour
	// one-click only for https.
	ListUnsubscribe string
	// Attachments are files sent along (a meeting's calendar entry); like
	// the text they never hold client data.
	Attachments []Attachment
}

// Attachment is a file attached to a Message.
type Attachment struct {
	// Name is the file name the reader sees ("sitzung.ics"), without a
	// path.
	Name string
	// ContentType is the full media type with its parameters, e.g.
	// "text/calendar; method=REQUEST; charset=utf-8".
	ContentType string
	Data        []byte
}

// MaxAttachmentBytes bounds the attachments of one message together: the
// job row keeps them, and relays refuse large mail.
const MaxAttachmentBytes = 1 << 20

// Sender delivers messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Validate reports the first problem that would make m unsendable or let
// it inject headers. Errors wrap ErrInvalidMessage.
func (m Message) Validate() error {
	if a, err := mail.ParseAddress(m.To); err != nil || a.Name != "" || a.Address != m.To {
		return fmt.Errorf("%w: the recipient is not a plain e-mail address", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("%w: the subject is empty", ErrInvalidMessage)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("%w: the subject contains a line break", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("%w: the text is empty", ErrInvalidMessage)
	}
	if _, err := language.Parse(m.Lang); m.Lang != "" && err != nil {
		return fmt.Errorf("%w: the language %q is not a BCP 47 tag", ErrInvalidMessage, m.Lang)
	}
	if m.ListUnsubscribe != "" && !headerURL(m.ListUnsubscribe) {
		return fmt.Errorf("%w: the unsubscribe link is not an absolute http(s) URL", ErrInvalidMessage)
	}
	return m.validateAttachments()
}

// validateAttachments refuses attachments whose name or type could break
// the MIME headers, and more than MaxAttachmentBytes in all.
func (m Message) validateAttachments() error {
	size := 0
	for _, a := range m.Attachments {
		if strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name, "/\\\"\r\n") {
			return fmt.Errorf("%w: an attachment's name is empty or not a plain file name", ErrInvalidMessage)
		}
		if _, _, err := mime.ParseMediaType(a.ContentType); err != nil || strings.ContainsAny(a.ContentType, "\r\n") {
			return fmt.Errorf("%w: the attachment %q has no valid content type", ErrInvalidMessage, a.Name)
		}
		size += len(a.Data)
	}
	if size > MaxAttachmentBytes {
		return fmt.Errorf("%w: the attachments are larger than %d bytes", ErrInvalidMessage, MaxAttachmentBytes)
	}
	return nil
}

// headerURL reports whether s is an absolute http(s) URL that can stand
// between angle brackets in a header without breaking out of them.
func headerURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n<>,\"") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
