package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// BeginPasskeyRegistration starts adding a passkey to p's account: a
// discoverable credential with user verification (so it can sign in on
// its own), none of the account's passkeys again.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, p Principal) (Ceremony, error) {
	x, err := s.passkeyAccount(ctx, p)
	if err != nil {
		return Ceremony{}, err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range x.creds {
		exclude = append(exclude, c.Descriptor())
	}
	options, data, err := s.webauthn.BeginRegistration(x, webauthn.WithExclusions(exclude),
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{ResidentKey: protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(), UserVerification: protocol.VerificationRequired}))
	if err != nil {
		return Ceremony{}, fmt.Errorf("auth: passkey options: %w", err)
	}
	return s.saveChallenge(ctx, "register", p.sessionID, data, options)
}

// passkeyAccount is p's account with its passkeys (p must be signed in).
func (s *Service) passkeyAccount(ctx context.Context, p Principal) (passkeyUser, error) {
	if s.webauthn == nil {
		return passkeyUser{}, ErrPasskeysOff
	}
	if !p.Staff() || p.sessionID == "" {
		return passkeyUser{}, ErrSessionInvalid
	}
	u, err := UserByID(ctx, s.db, p.userID)
	if err != nil {
		return passkeyUser{}, err
	}
	return passkeyUserOf(ctx, s.db, u)
}

// FinishPasskeyRegistration stores the passkey the browser created for
// ceremony id under name ("" gives "Passkey"); ErrPasskey when it does
// not verify.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, p Principal, id, name string, response []byte) error {
	name, err := checkPasskeyName(name)
	if err != nil {
		return err
	}
	x, err := s.passkeyAccount(ctx, p)
	if err != nil {
		return err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return s.passkeyFailed(ctx, p, "auth.passkey_add", err)
	}
	var cred *webauthn.Credential
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		data, err := s.takeChallenge(ctx, tx, id, "register", p.sessionID)
		if err != nil {
			return err
		}
		if cred, err = s.webauthn.CreateCredential(x, data, parsed); err != nil {
			return ErrPasskey
		}
		raw, err := json.Marshal(cred)
		if err != nil {
			return err
		}
		key := uuid.Must(uuid.NewV7()).String()
		if _, err := tx.Exec(ctx, `INSERT INTO user_passkeys (id, user_id, credential_id, name, credential, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			key, x.u.ID, credentialKey(cred.ID), name, string(raw), s.now()); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrPasskey
			}
			return fmt.Errorf("auth: passkey: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET passkey_due = ? WHERE user_id = ?`, false, x.u.ID); err != nil {
			return fmt.Errorf("auth: passkey: %w", err)
		}
		return s.record(ctx, tx, p, "auth.passkey_add", audit.ResultSuccess, "user", x.u.ID, map[string]string{"passkey": key})
	})
	if err == ErrPasskey {
		return s.passkeyFailed(ctx, p, "auth.passkey_add", err)
	}
	return err
}

// passkeyFailed audits a refused ceremony and returns ErrPasskey.
func (s *Service) passkeyFailed(ctx context.Context, p Principal, action string, cause error) error {
	if err := s.recordAlone(ctx, p, action, audit.ResultFailure, "user", p.userID, map[string]string{"reason": "passkey_refused"}); err != nil {
		return err
	}
	_ = cause // the library's detail stays out of the audit log and the page
	return ErrPasskey
}

// Passkeys lists p's passkeys, oldest first.
func (s *Service) Passkeys(ctx context.Context, p Principal) ([]Passkey, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, credential, created_at, last_used_at FROM user_passkeys WHERE user_id = ? ORDER BY created_at`, p.userID)
	if err != nil {
		return nil, fmt.Errorf("auth: passkeys: %w", err)
	}
	defer rows.Close()
	var out []Passkey
	for rows.Next() {
		var k Passkey
		var raw string
		var used sql.NullTime
		if err := rows.Scan(&k.ID, &k.Name, &raw, &k.CreatedAt, &used); err != nil {
			return nil, fmt.Errorf("auth: passkeys: %w", err)
		}
		var c webauthn.Credential
		if json.Unmarshal([]byte(raw), &c) == nil {
			k.SyncedAcrossDevices = c.Flags.BackupEligible
		}
		k.LastUsed = used.Time
		out = append(out, k)
	}
	return out, rows.Err()
}

// RemovePasskey deletes one of p's passkeys (db.ErrNotFound for any
// other).
func (s *Service) RemovePasskey(ctx context.Context, p Principal, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM user_passkeys WHERE id = ? AND user_id = ?`, id, p.userID)
		if err != nil {
			return fmt.Errorf("auth: remove passkey: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 || p.userID == "" {
			return db.ErrNotFound
		}
		return s.record(ctx, tx, p, "auth.passkey_remove", audit.ResultSuccess, "user", p.userID, map[string]string{"passkey": id})
	})
}
