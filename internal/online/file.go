package online

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// ConsentToFile records the client's consent, given in the conversation,
// that the assigned counselor opens a client file for them (a pseudonym
// code only, no name). ErrChanged when there is no counselor yet, the
// conversation is closed or the consent was given already.
func (s *Store) ConsentToFile(ctx context.Context, clientID, convID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET file_consent_at = ? WHERE id = ? AND client_id = ?
			AND state = 'open' AND file_consent_at IS NULL`, s.now(), convID, clientID)
		if err != nil {
			return fmt.Errorf("online: file consent: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrChanged
		}
		return s.record(ctx, tx, clientID, "online.file_consent", audit.ResultSuccess)
	})
}

// LinkFile records the client file the assigned counselor opened with the
// client's consent. ErrChanged without consent or when a file is linked.
func (s *Store) LinkFile(ctx context.Context, p auth.Principal, convID, fileID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE online_conversations SET file_id = ? WHERE id = ? AND counselor_id = ?
			AND file_consent_at IS NOT NULL AND file_id IS NULL`, fileID, convID, p.UserID())
		if err != nil {
			return fmt.Errorf("online: link file: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrChanged
		}
		return s.audit.Append(ctx, tx, p.Entry("online.file_opened", audit.ResultSuccess, "online_conversation", convID,
			map[string]string{"file": fileID}))
	})
}
