package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Reset is a new password set with the recovery code: the recovery auth
// value proves the code, the rest replaces the password's values. The
// identity key stays, so every conversation stays readable.
type Reset struct {
	Nickname          string `json:"nickname"`
	RecoveryAuth      string `json:"recovery_auth"`
	Salt              string `json:"salt"`
	Auth              string `json:"auth"`
	PrivateByPassword string `json:"private_by_password"`
}

// RecoverySalt is the salt of the recovery code's secrets (a stand-in for
// an unknown nickname, see LoginSalt).
func (s *Store) RecoverySalt(ctx context.Context, nick string) (string, error) {
	var salt string
	err := s.db.QueryRow(ctx, `SELECT recovery_salt FROM online_clients WHERE nickname_key = ?`, nicknameKey(nick)).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) {
		return s.fakeSalt("recovery", nick), nil
	}
	if err != nil {
		return "", fmt.Errorf("online: recovery salt: %w", err)
	}
	return salt, nil
}

// RecoveryKey returns the private key sealed under the recovery code once
// the code is proven (ErrBadLogin otherwise).
func (s *Store) RecoveryKey(ctx context.Context, nick, recoveryAuth string) (string, error) {
	_, sealed, err := s.proveRecovery(ctx, nick, recoveryAuth)
	return sealed, err
}

func (s *Store) proveRecovery(ctx context.Context, nick, recoveryAuth string) (id, sealed string, err error) {
	var hash string
	err = s.db.QueryRow(ctx, `SELECT id, recovery_hash, private_by_recovery FROM online_clients WHERE nickname_key = ?`,
		nicknameKey(nick)).Scan(&id, &hash, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		s.hasher.DummyVerify(recoveryAuth)
		return "", "", ErrBadLogin
	}
	if err != nil {
		return "", "", fmt.Errorf("online: recovery: %w", err)
	}
	if ok, err := s.hasher.Verify(recoveryAuth, hash); err != nil || !ok {
		return "", "", ErrBadLogin
	}
	return id, sealed, nil
}

// ResetPassword replaces the password's values after proving the recovery
// code, ends every other session and starts a new one (its token).
func (s *Store) ResetPassword(ctx context.Context, r Reset) (clientID, token string, err error) {
	var e valid.Errors
	checkBytes(&e, "salt", r.Salt, saltLen, saltLen)
	checkBytes(&e, "auth", r.Auth, authLen, authLen)
	checkBytes(&e, "private_by_password", r.PrivateByPassword, minSealedKey, maxSealedKey)
	if len(e) > 0 {
		return "", "", e
	}
	id, _, err := s.proveRecovery(ctx, r.Nickname, r.RecoveryAuth)
	if err != nil {
		return "", "", err
	}
	hash, err := s.hasher.Hash(r.Auth)
	if err != nil {
		return "", "", fmt.Errorf("online: hash: %w", err)
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE online_clients SET auth_hash = ?, salt = ?, private_by_password = ?, active_at = ?
			WHERE id = ?`, hash, r.Salt, r.PrivateByPassword, s.now(), id); err != nil {
			return fmt.Errorf("online: reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM online_sessions WHERE client_id = ?`, id); err != nil {
			return fmt.Errorf("online: reset sessions: %w", err)
		}
		if token, err = s.startSession(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, id, "online.password_reset", audit.ResultSuccess)
	})
	return id, token, err
}

// DeleteClient erases an anonymous account at once, with its sessions,
// conversations, keys and messages (the tables cascade).
func (s *Store) DeleteClient(ctx context.Context, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if n, err := deleteClients(ctx, tx, `id = ?`, id); err != nil || n == 0 {
			return errors.Join(err, notFoundIf(n == 0))
		}
		return s.record(ctx, tx, id, "online.account_deleted", audit.ResultSuccess)
	})
}

// deleteClients deletes the clients matching cond; their sessions,
// conversations, keys and messages go with them (ON DELETE CASCADE, on in
// both engines).
func deleteClients(ctx context.Context, q db.Querier, cond string, args ...any) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM online_clients WHERE `+cond, args...)
	if err != nil {
		return 0, fmt.Errorf("online: delete clients: %w", err)
	}
	return res.RowsAffected()
}
