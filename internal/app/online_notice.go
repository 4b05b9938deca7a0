package app

import (
	"context"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// onlineNotice queues the mail that tells an anonymous client a new
// answer is waiting: in the client's language, with the login link only
// (no nickname, office, topic or text).
func (a *App) onlineNotice(ctx context.Context, tx *db.Tx, to, lang string) error {
	if !slices.Contains(i18n.Public, lang) {
		lang = "de"
	}
	loc := a.catalog.Localizer(lang)
	link := a.Config.PublicURL() + "/" + lang + "/online/login"
	return a.Jobs.SendMailTx(ctx, tx, mail.Message{To: to, Lang: lang, Subject: loc.T("online.mail_subject"),
		Text: loc.T("online.mail_text", "Link", link)})
}
