package app

import (
	"context"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerMail queues a mail of the volunteer store in the recipient's
// language: the volunteer's personal link or, for staff, the page of the
// request or volunteer — a date at most, never who the client is.
func (a *App) volunteerMail(ctx context.Context, tx *db.Tx, m volunteer.Mail) error {
	lang := m.Lang
	if !slices.Contains(i18n.Public, lang) {
		lang = "de"
	}
	base := a.Config.PublicURL()
	link := base + "/" + lang + "/volunteer/me/" + m.Link
	switch {
	case m.Kind == volunteer.MailConfirm:
		link = base + "/" + lang + "/volunteer/confirm/" + m.Link
	case m.Kind == volunteer.MailSignIn:
		link = base + "/" + lang + "/volunteer/sign-in/" + m.Link
	case m.Kind == volunteer.MailAccepted:
		link = base + "/mediation/" + m.Link
	case strings.HasPrefix(m.Link, "staff:"):
		link = base + "/volunteers/" + strings.TrimPrefix(m.Link, "staff:")
	}
	loc := a.catalog.Localizer(lang)
	when := ""
	switch {
	case m.When.IsZero():
	case m.Kind == volunteer.MailExpiring: // a document's last valid day
		when = loc.Date(m.When.UTC())
	default:
		when = loc.DateTime(m.When.In(clock.Berlin()))
	}
	kind := m.Kind
	if strings.HasPrefix(m.Link, "staff:") {
		kind += "_staff" // the coordinator's copy of a reminder
	}
	args := []any{"Link", link, "When", when}
	return a.Jobs.SendMailTx(ctx, tx, mail.Message{To: m.To, Lang: lang, Subject: loc.T("volunteer.mail_"+kind+"_subject", args...),
		Text: loc.T("volunteer.mail_"+kind+"_text", args...)})
}
