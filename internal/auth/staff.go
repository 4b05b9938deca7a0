package auth

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// This file is the one place that answers "who works in office X": by an
// account scoped to the office or by a membership in it. Case transfers
// and substitutions, the office page's staff list and the demo generator
// all ask here. The functions take a db.Querier so that a caller's
// transaction can include the read.

// StaffMember is a person working at an office in one role, by account
// scope or membership. A person with two roles there is listed twice.
type StaffMember struct {
	UserID, Name, Email string
	Role                perm.Role
}

// OfficeStaff lists the enabled people whose account scope or a
// membership is the office, by name and role.
func OfficeStaff(ctx context.Context, q db.Querier, officeID string) ([]StaffMember, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name, u.email, u.role FROM users u
		WHERE u.disabled = ? AND u.scope_kind = 'office' AND u.scope_id = ?
		UNION SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = ? AND m.office_id = ?
		ORDER BY 2, 1, 4`, false, officeID, false, officeID)
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

// OfficeStaff lists the people working at the office (see OfficeStaff).
func (s *Service) OfficeStaff(ctx context.Context, officeID string) ([]StaffMember, error) {
	return OfficeStaff(ctx, s.db, officeID)
}

// OfficeAccounts lists, per office, the enabled counselors and leads whose
// account is scoped to it, by user id (for generated demo files).
func OfficeAccounts(ctx context.Context, q db.Querier) (map[string][]string, error) {
	rows, err := q.Query(ctx, `SELECT scope_id, id FROM users WHERE scope_kind = 'office' AND role IN (?, ?)
		AND disabled = ? ORDER BY scope_id, id`, perm.Counselor, perm.OfficeLead, false)
	if err != nil {
		return nil, fmt.Errorf("auth: office accounts: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var office, user string
		if err := rows.Scan(&office, &user); err != nil {
			return nil, fmt.Errorf("auth: office accounts: %w", err)
		}
		out[office] = append(out[office], user)
	}
	return out, rows.Err()
}

// NamesOf names the accounts with the given ids (unknown ids are left out).
func NamesOf(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := db.Placeholders(len(ids))
	rows, err := q.Query(ctx, "SELECT id, name FROM users WHERE id IN ("+marks+")", args...)
	if err != nil {
		return nil, fmt.Errorf("auth: names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("auth: names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Names names the accounts with the given ids (see NamesOf).
func (s *Service) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return NamesOf(ctx, s.db, ids)
}

// OrganisationMembers lists the enabled people whose account scope or a
// membership is the organisation (partner accounts of an authority, say),
// by name and role: the receiving staff of a referral to it.
func OrganisationMembers(ctx context.Context, q db.Querier, orgID string) ([]StaffMember, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name, u.email, u.role FROM users u
		WHERE u.disabled = ? AND u.scope_kind = 'organisation' AND u.scope_id = ?
		UNION SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = ? AND m.organisation_id = ?
		ORDER BY 2, 1, 4`, false, orgID, false, orgID)
	if err != nil {
		return nil, fmt.Errorf("auth: organisation members: %w", err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var m StaffMember
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role); err != nil {
			return nil, fmt.Errorf("auth: organisation members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ContactsOf names the enabled accounts with the given ids with their
// e-mail addresses and language (unknown and disabled ids are left out):
// the recipients of invitations and notices of other domains.
func ContactsOf(ctx context.Context, q db.Querier, ids []string) (map[string]Contact, error) {
	out := map[string]Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT id, name, email, language FROM users WHERE disabled = ? AND id IN ("+db.Placeholders(len(ids))+")",
		append([]any{false}, db.Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("auth: contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.UserID, &c.Name, &c.Email, &c.Language); err != nil {
			return nil, fmt.Errorf("auth: contacts: %w", err)
		}
		out[c.UserID] = c
	}
	return out, rows.Err()
}

// Contact is an account as other domains address it.
type Contact struct {
	UserID, Name, Email, Language string
}
