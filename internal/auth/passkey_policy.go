package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// ErrPasskeyRequired: the account's role signs in with a passkey, and the
// account has one, so the authenticator app's code is not taken.
var ErrPasskeyRequired = errors.New("auth: this role signs in with a passkey")

// PasskeyRoles lists the roles that must sign in with a passkey.
func (s *Service) PasskeyRoles(ctx context.Context) ([]perm.Role, error) {
	rows, err := s.db.Query(ctx, `SELECT role FROM passkey_required_roles ORDER BY role`)
	if err != nil {
		return nil, fmt.Errorf("auth: passkey roles: %w", err)
	}
	defer rows.Close()
	var out []perm.Role
	for rows.Next() {
		var r perm.Role
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("auth: passkey roles: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetPasskeyRoles makes exactly roles sign in with a passkey (an admin's
// decision, audited); it applies from each member's next sign-in.
func (s *Service) SetPasskeyRoles(ctx context.Context, p Principal, roles []perm.Role) error {
	for _, r := range roles {
		if !r.Valid() {
			return valid.Errors{{Field: "roles", Key: "validation.choice"}}
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM passkey_required_roles`); err != nil {
			return fmt.Errorf("auth: passkey roles: %w", err)
		}
		names := make([]string, 0, len(roles))
		for _, r := range slices.Compact(slices.Sorted(slices.Values(roles))) {
			if _, err := tx.Exec(ctx, `INSERT INTO passkey_required_roles (role, set_by, set_at) VALUES (?, ?, ?)`, r, p.userID, s.now()); err != nil {
				return fmt.Errorf("auth: passkey roles: %w", err)
			}
			names = append(names, string(r))
		}
		return s.record(ctx, tx, p, "auth.passkey_policy", audit.ResultSuccess, "policy", "passkeys", map[string]string{"roles": strings.Join(names, ",")})
	})
}

// passkeyStanding says whether u's role must use a passkey and whether u
// has one.
func passkeyStanding(ctx context.Context, q db.Querier, u *User) (required, has bool, err error) {
	err = q.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM passkey_required_roles WHERE role = ?), (SELECT COUNT(*) FROM user_passkeys WHERE user_id = ?)`,
		u.Role, u.ID).Scan(&required, &has)
	if err != nil {
		return false, false, fmt.Errorf("auth: passkey standing: %w", err)
	}
	return required, has, nil
}

// markPasskeyDue flags a new full session whose account must add a
// passkey before anything else.
func markPasskeyDue(ctx context.Context, tx *db.Tx, token string, u *User) error {
	required, has, err := passkeyStanding(ctx, tx, u)
	if err != nil || !required || has {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE sessions SET passkey_due = ? WHERE token_hash = ?`, true, hashToken(token))
	return err
}
