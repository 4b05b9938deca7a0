package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTP sends through an SMTP relay with go-mail. It logs nothing, so no
// message content can reach the logs from production.
type SMTP struct {
	cfg  Config
	from *mail.Address
	// domain of From, for Message-IDs: the machine's host name would leak
	// internal names and may not be a valid domain.
	domain string
	tls    *tls.Config
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks cfg and returns a sender for it. It does not connect:
// a relay that is down at start-up must not stop the app.
func NewSMTP(cfg Config) (*SMTP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address: %w", err)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tc = cfg.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		// go-mail's STARTTLS uses the config as given, and an empty
		// ServerName would fail verification of every certificate.
		tc.ServerName = cfg.Host
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	s := &SMTP{cfg: cfg, from: from, domain: domain, tls: tc}
	if _, err := s.client(&ctxDialer{ctx: context.Background()}); err != nil {
		return nil, fmt.Errorf("mail: smtp client: %w", err)
	}
	return s, nil
}

// Send delivers m over a new connection. Cancelling ctx aborts the
// connection at any stage, not only while dialling. Errors wrap go-mail's
// *SendError where the server refused; see Permanent.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	msg, err := s.message(m)
	if err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	d := &ctxDialer{ctx: ctx, implicitTLS: s.cfg.security() == SecurityTLS, tls: s.tls}
	defer d.stop()
	c, err := s.client(d)
	if err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return fmt.Errorf("mail: send: %w: %w", cause, err)
		}
		return fmt.Errorf("mail: send: %w", err)
	}
	return nil
}

// client is a go-mail client for one Send: the dialer carries that Send's
// context, and the auth keeps per-connection state.
func (s *SMTP) client(d *ctxDialer) (*gomail.Client, error) {
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.port()),
		gomail.WithTimeout(s.cfg.timeout()),
		gomail.WithTLSConfig(s.tls),
		gomail.WithDialContextFunc(d.DialContext),
	}
	switch s.cfg.security() {
	case SecurityTLS:
		// The dialer already speaks TLS; WithSSL keeps go-mail from
		// trying STARTTLS on top.
		opts = append(opts, gomail.WithSSL())
	case SecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuthCustom(&plainOrLogin{
			user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host,
		}))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

// message builds the go-mail message for m.
func (s *SMTP) message(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(time.Now())
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.domain)
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	// RFC 3834: automatic replies must not answer this mail; Exchange
	// ignores that header and needs its own to skip out-of-office notes.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	if m.ListUnsubscribe != "" {
		msg.SetListUnsubscribe(m.ListUnsubscribe)
		msg.SetListUnsubscribePost()
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)),
			gomail.WithFileEncoding(gomail.EncodingB64)); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// Permanent reports whether err means that sending the same message again
// cannot succeed: the server answered with a 5xx reply to the message, or
// the message itself is invalid. Connection and login failures are not
// permanent even when the server says 5xx (e.g. 535 for a wrong password):
// they concern every message and go away once an operator fixes the
// relay or the configuration, so retrying is right.
func Permanent(err error) bool {
	if errors.Is(err, ErrInvalidMessage) {
		return true
	}
	var se *gomail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		return false
	}
	code := se.ErrorCode()
	return code >= 500 && code < 600
}
