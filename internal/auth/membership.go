package auth

import (
	"context"
	"database/sql"
	"errors"
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
	// ScopeID is the registry row's id ("" statewide); ScopeName its name.
	ScopeID, ScopeName string
}

// Scopes lists every role and scope the user holds: the account's own and
// the memberships.
func (u *User) Scopes() []Membership {
	return append([]Membership{{Role: u.Role, ScopeKind: u.ScopeKind, ScopeID: u.ScopeID}}, u.Memberships...)
}

// MembershipsOf lists a user's memberships with the names of their scopes.
func MembershipsOf(ctx context.Context, q db.Querier, userID string) ([]Membership, error) {
	rows, err := q.Query(ctx, `SELECT m.role, m.scope_kind, m.scope_key, COALESCE(o.name, g.name, r.name, '')
		FROM memberships m LEFT JOIN offices o ON o.id = m.office_id LEFT JOIN organisations g ON g.id = m.organisation_id
		LEFT JOIN regions r ON r.id = m.region_id WHERE m.user_id = ? ORDER BY m.created_at, m.role`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: memberships: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.Role, &m.ScopeKind, &m.ScopeID, &m.ScopeName); err != nil {
			return nil, fmt.Errorf("auth: memberships: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// scopeTables says where the row of each scope kind lives and how it may
// be named (id, or external id where the registry has one).
var scopeTables = map[perm.ScopeKind]struct{ table, column, match string }{
	perm.Office:       {"offices", "office_id", "id = ? OR external_id = ?"},
	perm.Organisation: {"organisations", "organisation_id", "id = ? OR external_id = ?"},
	perm.Region:       {"regions", "region_id", "id = ? OR id = ?"},
}

// resolveScope finds the registry row a membership points to.
func resolveScope(ctx context.Context, q db.Querier, kind perm.ScopeKind, ref string) (string, error) {
	t, ok := scopeTables[kind]
	if !ok {
		return "", nil
	}
	var id string
	err := q.QueryRow(ctx, "SELECT id FROM "+t.table+" WHERE "+t.match, ref, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", valid.Errors{{Field: "scope_id", Key: "validation.scope_unknown"}}
	}
	if err != nil {
		return "", fmt.Errorf("auth: scope: %w", err)
	}
	return id, nil
}

// AddMembership gives a user a further role within a registry row, named
// by id or external id. Audited.
func (s *Service) AddMembership(ctx context.Context, userID string, m Membership, a Actor) error {
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
		id, err := resolveScope(ctx, tx, m.ScopeKind, m.ScopeID)
		if err != nil {
			return err
		}
		refs := map[string]any{"office_id": nil, "organisation_id": nil, "region_id": nil}
		if t, ok := scopeTables[m.ScopeKind]; ok {
			refs[t.column] = id
		}
		_, err = tx.Exec(ctx, `INSERT INTO memberships (user_id, role, scope_kind, scope_key, office_id, organisation_id, region_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, userID, m.Role, m.ScopeKind, id, refs["office_id"], refs["organisation_id"], refs["region_id"], s.now())
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "role", Key: "validation.membership_exists"}}
		}
		if err != nil {
			return fmt.Errorf("auth: add membership: %w", err)
		}
		return s.record(ctx, tx, a, "user.membership_add", audit.ResultSuccess, "user", userID,
			map[string]string{"role.after": string(m.Role), "scope.after": string(m.ScopeKind) + ":" + id})
	})
}

// RemoveMembership takes a membership away. Audited.
func (s *Service) RemoveMembership(ctx context.Context, userID string, m Membership, a Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM memberships WHERE user_id = ? AND role = ? AND scope_kind = ? AND scope_key = ?",
			userID, m.Role, m.ScopeKind, m.ScopeID)
		if err != nil {
			return fmt.Errorf("auth: remove membership: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.ErrNotFound
		}
		return s.record(ctx, tx, a, "user.membership_remove", audit.ResultSuccess, "user", userID,
			map[string]string{"role.before": string(m.Role), "scope.before": string(m.ScopeKind) + ":" + m.ScopeID})
	})
}

// StaffMember is a person working at an office, by account or membership.
type StaffMember struct {
	UserID, Name, Email string
	Role                perm.Role
}

// StaffOfOffice lists the people whose account scope or a membership is
// the office (given by id and external id), by name.
func StaffOfOffice(ctx context.Context, q db.Querier, officeID, externalID string) ([]StaffMember, error) {
	if externalID == "" {
		externalID = officeID
	}
	rows, err := q.Query(ctx, `SELECT u.id, u.name, u.email, u.role FROM users u
		WHERE u.disabled = ? AND u.scope_kind = 'office' AND (u.scope_id = ? OR u.scope_id = ?)
		UNION SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = ? AND m.office_id = ?
		ORDER BY 2, 4`, false, officeID, externalID, false, officeID)
	if err != nil {
		return nil, fmt.Errorf("auth: office staff: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role); err != nil {
			return nil, fmt.Errorf("auth: office staff: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
