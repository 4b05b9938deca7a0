package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// ErrPasskey: a passkey ceremony failed (no such or an expired
// challenge, a signature that does not verify, an unknown or cloned
// credential); one message for all, like a wrong code.
var ErrPasskey = errors.New("auth: passkey refused")

// ErrPasskeysOff: the platform's address cannot be a WebAuthn relying
// party (an IP address), so passkeys are not offered.
var ErrPasskeysOff = errors.New("auth: passkeys not available")

// challengeLifetime bounds a ceremony between its two requests.
const challengeLifetime = 5 * time.Minute

// Ceremony is what the page needs to run one WebAuthn ceremony: the id it
// posts back and the options for navigator.credentials (JSON).
type Ceremony struct {
	ID      string
	Options json.RawMessage
}

// Passkey is a registered passkey as its owner sees it.
type Passkey struct {
	ID, Name            string
	CreatedAt, LastUsed time.Time
	SyncedAcrossDevices bool
}

// relyingParty builds the WebAuthn relying party for the platform's
// address; nil (passkeys off) for an address browsers refuse as one
// (an IP address: WebAuthn needs a domain name, "localhost" included).
func relyingParty(origin string) *webauthn.WebAuthn {
	u, err := url.Parse(origin)
	if err != nil || u.Hostname() == "" || strings.Trim(u.Hostname(), "0123456789.:[]") == "" {
		return nil
	}
	wa, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "KMN Niedersachsen",
		RPOrigins: []string{u.Scheme + "://" + u.Host}})
	if err != nil {
		return nil
	}
	return wa
}

// PasskeysOn reports whether passkeys are offered at all.
func (s *Service) PasskeysOn() bool { return s.webauthn != nil }

// passkeyUser is an account as go-webauthn sees it: the user handle is
// the account's id.
type passkeyUser struct {
	u     *User
	creds []webauthn.Credential
}

func (x passkeyUser) WebAuthnID() []byte                         { return []byte(x.u.ID) }
func (x passkeyUser) WebAuthnName() string                       { return x.u.Email }
func (x passkeyUser) WebAuthnDisplayName() string                { return x.u.Name }
func (x passkeyUser) WebAuthnCredentials() []webauthn.Credential { return x.creds }

// passkeyUserOf loads an account with its passkeys.
func passkeyUserOf(ctx context.Context, q db.Querier, u *User) (passkeyUser, error) {
	rows, err := q.Query(ctx, `SELECT credential FROM user_passkeys WHERE user_id = ? ORDER BY created_at`, u.ID)
	if err != nil {
		return passkeyUser{}, fmt.Errorf("auth: passkeys: %w", err)
	}
	defer rows.Close()
	x := passkeyUser{u: u}
	for rows.Next() {
		var raw string
		var c webauthn.Credential
		if err := rows.Scan(&raw); err != nil {
			return x, fmt.Errorf("auth: passkeys: %w", err)
		}
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return x, fmt.Errorf("auth: passkey record: %w", err)
		}
		x.creds = append(x.creds, c)
	}
	return x, rows.Err()
}

func credentialKey(id []byte) string { return base64.RawURLEncoding.EncodeToString(id) }

// saveChallenge keeps a ceremony's session data until its answer.
func (s *Service) saveChallenge(ctx context.Context, purpose, sessionID string, data *webauthn.SessionData, options any) (Ceremony, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Ceremony{}, err
	}
	opts, err := json.Marshal(options)
	if err != nil {
		return Ceremony{}, err
	}
	id, hash := newToken()
	now := s.now()
	if _, err := s.db.Exec(ctx, `DELETE FROM webauthn_challenges WHERE expires_at < ?`, now); err != nil {
		return Ceremony{}, fmt.Errorf("auth: challenge: %w", err)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO webauthn_challenges (id_hash, purpose, session_id, data, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, purpose, sessionID, string(raw), now.Add(challengeLifetime)); err != nil {
		return Ceremony{}, fmt.Errorf("auth: challenge: %w", err)
	}
	return Ceremony{ID: id, Options: opts}, nil
}

// takeChallenge uses up a ceremony of purpose started by sessionID;
// ErrPasskey when there is none (unknown, used, expired, another session's).
func (s *Service) takeChallenge(ctx context.Context, tx *db.Tx, id, purpose, sessionID string) (webauthn.SessionData, error) {
	var data webauthn.SessionData
	var raw string
	err := tx.QueryRow(ctx, `SELECT data FROM webauthn_challenges WHERE id_hash = ? AND purpose = ? AND session_id = ? AND expires_at > ?`,
		hashToken(id), purpose, sessionID, s.now()).Scan(&raw)
	if err != nil {
		return data, ErrPasskey
	}
	if _, err := tx.Exec(ctx, `DELETE FROM webauthn_challenges WHERE id_hash = ?`, hashToken(id)); err != nil {
		return data, fmt.Errorf("auth: challenge: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &data); err != nil {
		return data, fmt.Errorf("auth: challenge: %w", err)
	}
	return data, nil
}

// checkPasskeyName trims a passkey's name; "" becomes "Passkey".
func checkPasskeyName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "Passkey"
	}
	if utf8.RuneCountInString(name) > 60 {
		return "", valid.Errors{{Field: "name", Key: "passkey.name_long"}}
	}
	return name, nil
}
