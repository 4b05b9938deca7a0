package app

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// regionalNotice turns a notice of the regional networks into a staff
// notification in the same transaction.
func (a *App) regionalNotice(ctx context.Context, tx *db.Tx, n regional.Notice) error {
	return a.Notify.Add(ctx, tx, notify.Note{UserID: n.UserID, Kind: notify.Kind(n.Kind), Link: n.Href})
}

// meetingMail queues a meeting invitation in the recipient's language.
func (a *App) meetingMail(ctx context.Context, tx *db.Tx, inv regional.Invitation) error {
	return nil // TODO(issue 16): the invitation mail with its iCalendar file
}
