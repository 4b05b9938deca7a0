package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// Text is a notification's sentence in the reader's language: fixed per
// kind, with the deadline counts as its only figures.
func Text(l *i18n.Localizer, kind Kind, c DeadlineCounts) string {
	if kind == Deadlines {
		return l.T("notify.kind.deadlines", "Overdue", c.Overdue, "Today", c.Today, "Week", c.Week)
	}
	return l.T("notify.kind." + string(kind))
}

// instantMail is the mail of one notification sent at once.
func (s *Store) instantMail(r recipient, n Note) (mail.Message, error) {
	l := s.o.Catalog.Localizer(r.lang)
	c := s.content(l, []string{Text(l, n.Kind, n.Counts), l.T("notify.mail.where")})
	return s.message(r, l, l.T("notify.subject."+string(n.Kind)), c, "")
}

// digestMail is the daily digest: the deadline counts (when chosen) and
// the number of notifications per kind since the last digest.
func (s *Store) digestMail(r recipient, deadlines DeadlineCounts, pending map[Kind]int, day time.Time) (mail.Message, error) {
	l := s.o.Catalog.Localizer(r.lang)
	var lines []string
	if deadlines.Total() > 0 {
		lines = append(lines, Text(l, Deadlines, deadlines))
	}
	for _, k := range Kinds {
		if n := pending[k.Kind]; n > 0 {
			lines = append(lines, l.T("notify.digest.count."+string(k.Kind), "Count", n))
		}
	}
	lines = append(lines, l.T("notify.mail.where"))
	unsubscribe := s.link("/unsubscribe/" + s.UnsubscribeToken(r.userID))
	c := s.content(l, lines)
	c.Footer = append(c.Footer, l.T("notify.digest.unsubscribe", "URL", unsubscribe))
	return s.message(r, l, l.T("notify.digest.subject", "Date", l.Date(day)), c, unsubscribe)
}

func (s *Store) content(l *i18n.Localizer, paragraphs []string) mail.Content {
	return mail.Content{Lang: l.Lang, Dir: l.Dir(), Greeting: l.T("notify.mail.greeting"), Paragraphs: paragraphs,
		Link:   mail.Link{URL: s.link("/notifications"), Label: l.T("notify.mail.link")},
		Footer: []string{l.T("notify.mail.footer_prefs", "URL", s.link("/account/notifications")), l.T("notify.mail.footer_auto")}}
}

func (s *Store) message(r recipient, l *i18n.Localizer, subject string, c mail.Content, unsubscribe string) (mail.Message, error) {
	text, html, err := mail.Render(c)
	if err != nil {
		return mail.Message{}, fmt.Errorf("notify: render mail: %w", err)
	}
	return mail.Message{To: r.email, Lang: l.Lang, Subject: subject, Text: text, HTML: html, ListUnsubscribe: unsubscribe}, nil
}

// UnsubscribeToken signs a person's unsubscribe link: the account id and
// an HMAC of it, so the link works without signing in (mail programs
// unsubscribe with one POST, RFC 8058) and cannot be made for another.
func (s *Store) UnsubscribeToken(userID string) string {
	return userID + "." + s.mac(userID)
}

// unsubscriber checks a token and returns its account id.
func (s *Store) unsubscriber(token string) (string, bool) {
	id, mac, ok := strings.Cut(token, ".")
	if !ok || id == "" || !hmac.Equal([]byte(mac), []byte(s.mac(id))) {
		return "", false
	}
	return id, true
}

func (s *Store) mac(userID string) string {
	m := hmac.New(sha256.New, s.o.UnsubscribeKey)
	m.Write([]byte("unsubscribe:" + userID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// ValidUnsubscribe reports whether token is a valid unsubscribe link.
func (s *Store) ValidUnsubscribe(token string) bool {
	_, ok := s.unsubscriber(token)
	return ok
}
