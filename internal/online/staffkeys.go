package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SetStaffKey stores p's identity key, sealed under their key passphrase.
// A counselor sets it up once; setting a new one replaces it, and the
// conversations wrapped for the old key can no longer be opened by them
// (docs/E2E.md says how an office recovery key is to close that gap).
func (s *Store) SetStaffKey(ctx context.Context, p auth.Principal, k StaffKey) error {
	if e := k.check(); len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		// A new key makes the old escrow and any reset request useless.
		for _, q := range []string{`DELETE FROM online_staff_keys WHERE user_id = ?`, `DELETE FROM online_key_escrow WHERE user_id = ?`,
			`DELETE FROM online_key_resets WHERE user_id = ?`} {
			if _, err := tx.Exec(ctx, q, p.UserID()); err != nil {
				return fmt.Errorf("online: staff key: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO online_staff_keys (user_id, public_key, salt, private_by_password, created_at)
			VALUES (?, ?, ?, ?, ?)`, p.UserID(), k.PublicKey, k.Salt, k.PrivateByPassword, s.now()); err != nil {
			return fmt.Errorf("online: staff key: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.key_set", audit.ResultSuccess, "user", p.UserID(), nil))
	})
}

func (k StaffKey) check() valid.Errors {
	var e valid.Errors
	if e2e.ValidPublicKey(k.PublicKey) != nil {
		e.Add("public_key", "online.error_malformed")
	}
	checkBytes(&e, "salt", k.Salt, saltLen, saltLen)
	checkBytes(&e, "private_by_password", k.PrivateByPassword, minSealedKey, maxSealedKey)
	return e
}

// StaffKeyOf returns p's identity key (ErrNoKey before it is set up).
func (s *Store) StaffKeyOf(ctx context.Context, p auth.Principal) (*StaffKey, error) {
	k := StaffKey{UserID: p.UserID()}
	err := s.db.QueryRow(ctx, `SELECT public_key, salt, private_by_password FROM online_staff_keys WHERE user_id = ?`,
		p.UserID()).Scan(&k.PublicKey, &k.Salt, &k.PrivateByPassword)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, fmt.Errorf("online: staff key: %w", err)
	}
	return &k, nil
}

// staffKeys returns the public keys of those of ids who set one up.
func staffKeys(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT user_id, public_key FROM online_staff_keys WHERE user_id IN (`+db.Placeholders(len(ids))+`)`, db.Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("online: staff keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, fmt.Errorf("online: staff keys: %w", err)
		}
		out[id] = key
	}
	return out, rows.Err()
}
