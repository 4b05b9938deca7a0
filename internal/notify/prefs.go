package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Pref is a person's channel for one kind.
type Pref struct {
	KindInfo
	Channel Channel
}

// channelOf reads the recipient's choice for a kind, or its default.
func channelOf(ctx context.Context, q db.Querier, userID string, info KindInfo) (Channel, error) {
	var c string
	err := q.QueryRow(ctx, "SELECT channel FROM notification_prefs WHERE user_id = ? AND kind = ?", userID, string(info.Kind)).Scan(&c)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return info.Default, nil
	case err != nil:
		return "", fmt.Errorf("notify: preference: %w", err)
	case !info.Allows(Channel(c)):
		return info.Default, nil
	}
	return Channel(c), nil
}

// Prefs lists p's channel for every kind.
func (s *Store) Prefs(ctx context.Context, p auth.Principal) ([]Pref, error) {
	out := make([]Pref, 0, len(Kinds))
	for _, k := range Kinds {
		c, err := channelOf(ctx, s.db, p.UserID(), k)
		if err != nil {
			return nil, err
		}
		out = append(out, Pref{KindInfo: k, Channel: c})
	}
	return out, nil
}

// ErrChannel is returned for a channel a kind does not offer.
var ErrChannel = errors.New("notify: channel not offered for this kind")

// SetPrefs stores p's choices; kinds left out keep theirs.
func (s *Store) SetPrefs(ctx context.Context, p auth.Principal, choice map[Kind]Channel) error {
	for k, c := range choice {
		if info, ok := infoOf(k); !ok || !info.Allows(c) {
			return ErrChannel
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error { return setPrefs(ctx, tx, p.UserID(), choice) })
}

func setPrefs(ctx context.Context, tx *db.Tx, userID string, choice map[Kind]Channel) error {
	for k, c := range choice {
		if _, err := tx.Exec(ctx, "DELETE FROM notification_prefs WHERE user_id = ? AND kind = ?", userID, string(k)); err != nil {
			return fmt.Errorf("notify: preferences: %w", err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO notification_prefs (user_id, kind, channel) VALUES (?, ?, ?)",
			userID, string(k), string(c)); err != nil {
			return fmt.Errorf("notify: preferences: %w", err)
		}
	}
	return nil
}

// recipient is where and in which language a person reads mail.
type recipient struct {
	userID, email, lang string
}

// recipientOf loads an account's address and language; false for a
// disabled account or one that was never set up.
func recipientOf(ctx context.Context, q db.Querier, userID string) (recipient, bool, error) {
	u, err := auth.UserByID(ctx, q, userID)
	if err != nil {
		if errors.Is(err, db.ErrNotFound) || errors.Is(err, sql.ErrNoRows) {
			return recipient{}, false, nil
		}
		return recipient{}, false, fmt.Errorf("notify: recipient: %w", err)
	}
	if u.Disabled || !u.HasPassword {
		return recipient{}, false, nil
	}
	return recipient{userID: u.ID, email: u.Email, lang: u.Language}, true, nil
}
