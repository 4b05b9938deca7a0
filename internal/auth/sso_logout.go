package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// backChannelEvent is the event a logout token carries (OpenID Connect
// Back-Channel Logout 1.0).
const backChannelEvent = "http://schemas.openid.net/event/backchannel-logout"

// logoutTokenMaxAge bounds how old a logout token may be.
const logoutTokenMaxAge = 5 * time.Minute

// BackChannelLogout ends the sessions a provider's logout token names:
// those of its session id, or all of its subject's. The token must be
// signed by the provider, for the platform, recent, with the logout event
// and without a nonce; ErrSSO otherwise. It returns how many sessions
// ended.
func (s *Service) BackChannelLogout(ctx context.Context, providerID, raw string) (int, error) {
	prov, secret, err := s.ssoProvider(ctx, s.db, providerID)
	if err != nil {
		return 0, err
	}
	op, _, err := s.ssoClient(ctx, prov, secret)
	if err != nil {
		return 0, err
	}
	// Logout tokens need not expire; their age is checked below.
	t, err := op.Verifier(&oidc.Config{ClientID: prov.ClientID, Now: s.now, SkipExpiryCheck: true}).Verify(ctx, raw)
	if err != nil || t.Nonce != "" || s.now().Sub(t.IssuedAt) > logoutTokenMaxAge {
		return 0, ErrSSO
	}
	var c struct {
		SessionID string                     `json:"sid"`
		Events    map[string]json.RawMessage `json:"events"`
	}
	if err := t.Claims(&c); err != nil || c.Events[backChannelEvent] == nil || (t.Subject == "" && c.SessionID == "") {
		return 0, ErrSSO
	}
	var n int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		query, args := `DELETE FROM sessions WHERE sso_provider = ? AND sso_sid = ?`, []any{prov.ID, c.SessionID}
		if c.SessionID == "" {
			query = `DELETE FROM sessions WHERE sso_provider = ? AND user_id IN (SELECT user_id FROM sso_subjects WHERE provider_id = ? AND subject = ?)`
			args = []any{prov.ID, prov.ID, t.Subject}
		}
		res, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("auth: sso logout: %w", err)
		}
		n, _ = res.RowsAffected()
		return s.record(ctx, tx, systemActor("sso"), "auth.sso_logout", audit.ResultSuccess, "sso_provider", prov.ID,
			map[string]string{"sessions": fmt.Sprint(n)})
	})
	return int(n), err
}
