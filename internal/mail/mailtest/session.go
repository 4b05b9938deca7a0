package mailtest

import (
	"io"
	"slices"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// backend makes one session per connection for s.
type backend struct{ s *Server }

// NewSession starts a session; AUTH state lives in it.
func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s}, nil
}

// session is one SMTP conversation.
type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

// AuthMechanisms offers PLAIN when WithAuth was given, nothing otherwise.
func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks PLAIN credentials against WithAuth's.
func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.s.opts.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opts.user || pass != ss.s.opts.pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

// checkAuth refuses mail before login when the server requires one.
func (ss *session) checkAuth() error {
	if ss.s.opts.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}

// Mail starts a message.
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if err := ss.checkAuth(); err != nil {
		return err
	}
	ss.from, ss.to = from, nil
	return nil
}

// Rcpt adds a recipient.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.checkAuth(); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

// Data reads the message, answers an injected failure if one is due, and
// records the decoded message. A message that cannot be parsed is refused,
// so a sender bug shows up as a send error in the test.
func (ss *session) Data(r io.Reader) error {
	if err := ss.checkAuth(); err != nil {
		return err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if code := ss.s.takeFailure(); code != 0 {
		return &smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0},
			Message:      "mailtest: failure injected by FailNext",
		}
	}
	rec, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{
			Code:         554,
			EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message:      "mailtest: cannot parse message: " + err.Error(),
		}
	}
	rec.From, rec.To = ss.from, slices.Clone(ss.to)
	ss.s.add(rec)
	return nil
}

// Reset forgets the message in progress.
func (ss *session) Reset() { ss.from, ss.to = "", nil }

// Logout ends the session.
func (ss *session) Logout() error { return nil }
