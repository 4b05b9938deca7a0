package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// OfficeKey is an office's recovery key: the public key counselors' keys
// are escrowed to, and the private key sealed under the recovery code the
// lead keeps (derived like a client's recovery code, docs/E2E.md).
type OfficeKey struct {
	OfficeID      string `json:"office_id"`
	PublicKey     string `json:"public_key"`
	Salt          string `json:"salt,omitempty"`
	PrivateByCode string `json:"private_by_code,omitempty"`
}

// Escrow is a counselor's private key for one office's recovery key: a
// random key wrapped for the office's public key (as a conversation key is,
// conversation "escrow-<office>", epoch 1, recipient the counselor) and the
// private key sealed under it.
type Escrow struct {
	UserID        string `json:"user_id,omitempty"`
	OfficeID      string `json:"office_id"`
	WrappedKey    string `json:"wrapped_key"`
	SealedPrivate string `json:"sealed_private"`
}

func (k OfficeKey) check() valid.Errors {
	var e valid.Errors
	if e2e.ValidPublicKey(k.PublicKey) != nil {
		e.Add("public_key", "online.error_malformed")
	}
	checkBytes(&e, "salt", k.Salt, saltLen, saltLen)
	checkBytes(&e, "private_by_code", k.PrivateByCode, minSealedKey, maxSealedKey)
	return e
}

func (x Escrow) check() valid.Errors {
	var e valid.Errors
	if e2e.ValidWrappedKey(x.WrappedKey) != nil {
		e.Add("wrapped_key", "online.error_malformed")
	}
	checkBytes(&e, "sealed_private", x.SealedPrivate, minSealedKey, maxSealedKey)
	return e
}

// SetOfficeKey stores (or replaces) an office's recovery key; only its
// lead. Replacing it drops the escrow made for the old one.
func (s *Store) SetOfficeKey(ctx context.Context, p auth.Principal, k OfficeKey) error {
	if !p.Holds(perm.OfficeLead, perm.Office, k.OfficeID) {
		return ErrNotFound
	}
	if e := k.check(); len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, q := range []string{`DELETE FROM online_key_escrow WHERE office_id = ?`, `DELETE FROM online_office_keys WHERE office_id = ?`} {
			if _, err := tx.Exec(ctx, q, k.OfficeID); err != nil {
				return fmt.Errorf("online: office key: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO online_office_keys (office_id, public_key, salt, private_by_code, created_at)
			VALUES (?, ?, ?, ?, ?)`, k.OfficeID, k.PublicKey, k.Salt, k.PrivateByCode, s.now()); err != nil {
			return fmt.Errorf("online: office key: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.office_key_set", audit.ResultSuccess, "office", k.OfficeID, nil))
	})
}

// OfficeKeyOf returns an office's recovery key with its sealed private
// key, for its lead (ErrNotFound otherwise or when there is none).
func (s *Store) OfficeKeyOf(ctx context.Context, p auth.Principal, officeID string) (*OfficeKey, error) {
	if !p.Holds(perm.OfficeLead, perm.Office, officeID) {
		return nil, ErrNotFound
	}
	k := OfficeKey{OfficeID: officeID}
	err := s.db.QueryRow(ctx, `SELECT public_key, salt, private_by_code FROM online_office_keys WHERE office_id = ?`, officeID).
		Scan(&k.PublicKey, &k.Salt, &k.PrivateByCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("online: office key: %w", err)
	}
	return &k, nil
}

// EscrowTargets lists the recovery public keys of p's offices that hold
// no escrow of p's key yet (the browser makes them after set-up or unlock).
func (s *Store) EscrowTargets(ctx context.Context, p auth.Principal) ([]OfficeKey, error) {
	offices := p.Offices(perm.Counselor, perm.OfficeLead)
	if len(offices) == 0 {
		return nil, nil
	}
	args := []any{p.UserID()}
	for _, o := range offices {
		args = append(args, o)
	}
	rows, err := s.db.Query(ctx, `SELECT k.office_id, k.public_key FROM online_office_keys k
		WHERE NOT EXISTS (SELECT 1 FROM online_key_escrow e WHERE e.office_id = k.office_id AND e.user_id = ?)
		AND k.office_id IN (`+db.Placeholders(len(offices))+`) ORDER BY k.office_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("online: escrow targets: %w", err)
	}
	defer rows.Close()
	var out []OfficeKey
	for rows.Next() {
		var k OfficeKey
		if err := rows.Scan(&k.OfficeID, &k.PublicKey); err != nil {
			return nil, fmt.Errorf("online: escrow targets: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// SetEscrow stores p's escrow for offices that have a recovery key and
// that p works in; p must have set up a key.
func (s *Store) SetEscrow(ctx context.Context, p auth.Principal, list []Escrow) error {
	offices := p.Offices(perm.Counselor, perm.OfficeLead)
	for _, x := range list {
		if !slices.Contains(offices, x.OfficeID) {
			return ErrNotFound
		}
		if e := x.check(); len(e) > 0 {
			return e
		}
	}
	if _, err := s.StaffKeyOf(ctx, p); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, x := range list {
			if _, err := tx.Exec(ctx, `DELETE FROM online_key_escrow WHERE user_id = ? AND office_id = ?`, p.UserID(), x.OfficeID); err != nil {
				return fmt.Errorf("online: escrow: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO online_key_escrow (user_id, office_id, wrapped_key, sealed_private)
				SELECT ?, office_id, ?, ? FROM online_office_keys WHERE office_id = ?`, p.UserID(), x.WrappedKey, x.SealedPrivate, x.OfficeID); err != nil {
				return fmt.Errorf("online: escrow: %w", err)
			}
		}
		return nil
	})
}
