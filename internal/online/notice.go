package online

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// A client may leave an e-mail address for one thing only: a notice that
// a new answer is waiting (no content, no nickname, no office). It is
// sealed with the key file under "online_clients.notice_email:"+id (key
// rotation re-encrypts it, internal/app/cmd_keys.go) and can be removed at
// any time.

// maxEmail bounds an address (RFC 5321 path limit).
const maxEmail = 254

// noticeAAD names the sealed cell of client id.
func noticeAAD(id string) string { return "online_clients.notice_email:" + id }

// SetNoticeEmail stores (or replaces) the client's notice address.
func (s *Store) SetNoticeEmail(ctx context.Context, clientID, email string) error {
	email = strings.TrimSpace(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > maxEmail {
		return valid.Errors{{Field: "email", Key: "online.email_invalid"}}
	}
	return s.setNotice(ctx, clientID, s.keys.Encrypt([]byte(email), noticeAAD(clientID)), "online.notice_email_set")
}

// RemoveNoticeEmail deletes the client's notice address.
func (s *Store) RemoveNoticeEmail(ctx context.Context, clientID string) error {
	return s.setNotice(ctx, clientID, "", "online.notice_email_removed")
}

func (s *Store) setNotice(ctx context.Context, clientID, sealed, action string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE online_clients SET notice_email_enc = ? WHERE id = ?`, sealed, clientID)
		if err != nil {
			return fmt.Errorf("online: notice address: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return s.record(ctx, tx, clientID, action, audit.ResultSuccess)
	})
}

// NoticeEmail returns the client's notice address ("" without one).
func (s *Store) NoticeEmail(ctx context.Context, q db.Querier, clientID string) (addr, lang string, err error) {
	var sealed string
	if err := q.QueryRow(ctx, `SELECT notice_email_enc, lang FROM online_clients WHERE id = ?`, clientID).Scan(&sealed, &lang); err != nil {
		return "", "", fmt.Errorf("online: notice address: %w", err)
	}
	if sealed == "" {
		return "", lang, nil
	}
	b, err := s.keys.Decrypt(sealed, noticeAAD(clientID))
	if err != nil {
		return "", "", fmt.Errorf("online: notice address: %w", err)
	}
	return string(b), lang, nil
}

// noticeClient queues the "new answer" mail in tx when the counselor
// writes and the client had read everything before (one mail per unread
// stretch) and left an address.
func (s *Store) noticeClient(ctx context.Context, tx *db.Tx, pt Party, c *Conversation) error {
	if pt.IsClient() || s.o.Notice == nil || c.ClientSeen < c.LastSeq {
		return nil
	}
	addr, lang, err := s.NoticeEmail(ctx, tx, c.ClientID)
	if err != nil || addr == "" {
		return err
	}
	return s.o.Notice(ctx, tx, addr, lang)
}
