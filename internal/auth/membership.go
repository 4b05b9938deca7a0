package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Membership is a further role a user holds within one office,
// organisation or region (or statewide).
type Membership struct {
	Role      perm.Role
	ScopeKind perm.ScopeKind
	// ScopeID is the registry row's id ("" statewide).
	ScopeID string
}

// MembershipsOf lists a user's memberships, oldest first.
func MembershipsOf(ctx context.Context, q db.Querier, userID string) ([]Membership, error) {
	rows, err := q.Query(ctx, `SELECT role, scope_kind, scope_key FROM memberships WHERE user_id = ? ORDER BY created_at, role`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: memberships: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.Role, &m.ScopeKind, &m.ScopeID); err != nil {
			return nil, fmt.Errorf("auth: memberships: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Memberships lists a user's memberships, oldest first.
func (s *Service) Memberships(ctx context.Context, userID string) ([]Membership, error) {
	return MembershipsOf(ctx, s.db, userID)
}

// scopeColumns are the foreign-key column of each scope kind that names a
// registry row.
var scopeColumns = map[perm.ScopeKind]string{perm.Office: "office_id", perm.Organisation: "organisation_id", perm.Region: "region_id"}

// resolveScope finds the registry row a scope reference names (id or
// external id) through the registry; statewide is "". Without a resolver
// (tests of this package alone) the reference is kept as typed.
func (s *Service) resolveScope(ctx context.Context, q db.Querier, kind perm.ScopeKind, ref string) (string, error) {
	if kind == perm.Statewide || s.scopes == nil {
		return ref, nil
	}
	return s.scopes.ResolveScope(ctx, q, kind, ref)
}

// AddMembership gives a user a further role within a registry row, named
// by id or external id. Audited.
func (s *Service) AddMembership(ctx context.Context, userID string, m Membership, p Principal) error {
	m.ScopeID = strings.TrimSpace(m.ScopeID)
	var e valid.Errors
	if !m.Role.Valid() {
		e.Add("role", "validation.choice")
	}
	if !m.ScopeKind.Valid() {
		e.Add("scope_kind", "validation.choice")
	} else if m.ScopeKind != perm.Statewide && m.ScopeID == "" {
		e.Add("scope_id", "validation.scope_required")
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := UserByID(ctx, tx, userID); err != nil {
			return err
		}
		id, err := s.resolveScope(ctx, tx, m.ScopeKind, m.ScopeID)
		if err != nil {
			return err
		}
		refs := map[string]any{"office_id": nil, "organisation_id": nil, "region_id": nil}
		if column, ok := scopeColumns[m.ScopeKind]; ok {
			refs[column] = id
		}
		_, err = tx.Exec(ctx, `INSERT INTO memberships (user_id, role, scope_kind, scope_key, office_id, organisation_id, region_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, userID, m.Role, m.ScopeKind, id, refs["office_id"], refs["organisation_id"], refs["region_id"], s.now())
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "role", Key: "validation.membership_exists"}}
		}
		if err != nil {
			return fmt.Errorf("auth: add membership: %w", err)
		}
		return s.record(ctx, tx, p, "user.membership_add", audit.ResultSuccess, "user", userID,
			map[string]string{"role.after": string(m.Role), "scope.after": string(m.ScopeKind) + ":" + id})
	})
}

// RemoveMembership takes a membership away. Audited.
func (s *Service) RemoveMembership(ctx context.Context, userID string, m Membership, p Principal) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM memberships WHERE user_id = ? AND role = ? AND scope_kind = ? AND scope_key = ?",
			userID, m.Role, m.ScopeKind, m.ScopeID)
		if err != nil {
			return fmt.Errorf("auth: remove membership: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.ErrNotFound
		}
		return s.record(ctx, tx, p, "user.membership_remove", audit.ResultSuccess, "user", userID,
			map[string]string{"role.before": string(m.Role), "scope.before": string(m.ScopeKind) + ":" + m.ScopeID})
	})
}
