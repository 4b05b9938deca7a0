package app

import (
	"context"
	"io"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/pdfdoc"
)

// eventMail queues a mail to an event's registrant in their language: the
// event's title and the personal link (confirmation or registration
// page), never other people's data.
func (a *App) eventMail(ctx context.Context, tx *db.Tx, m event.Mail) error {
	lang := m.Lang
	if !slices.Contains(i18n.Public, lang) {
		lang = "de"
	}
	loc := a.catalog.Localizer(lang)
	link := a.Config.PublicURL() + "/" + lang + "/events/r/" + m.Link
	if m.Kind == event.MailConfirm {
		link = a.Config.PublicURL() + "/" + lang + "/events/confirm/" + m.Link
	}
	until := ""
	if !m.Until.IsZero() {
		until = loc.DateTime(m.Until.In(clock.Berlin()))
	}
	args := []any{"Title", m.EventTitle, "Link", link, "Until", until}
	return a.Jobs.SendMailTx(ctx, tx, mail.Message{To: m.To, Lang: lang, Subject: loc.T("events.mail_"+m.Kind+"_subject", args...),
		Text: loc.T("events.mail_"+m.Kind+"_text", args...)})
}

// writeCertificate prints an event's certificate of attendance (pdfdoc),
// headings in German and, for English readers, English.
func (a *App) writeCertificate(w io.Writer, p event.Print) error {
	de := a.catalog.Localizer("de")
	langs := pdfdoc.Languages{De: pdfdoc.Lang{Code: "de", T: de.T}}
	if p.Lang == "en" {
		langs.Other = &pdfdoc.Lang{Code: "en", T: a.catalog.Localizer("en").T}
	}
	return pdfdoc.WriteCertificate(w, pdfdoc.CertificateDoc{Name: p.Name, Event: p.Event, Organiser: p.Organiser, Dates: p.Dates,
		Hours: p.Hours, Code: p.Code, VerifyURL: p.VerifyURL, IssuedOn: p.IssuedOn}, langs)
}
