// Package auth holds staff accounts, passwords, the second factor (TOTP and
// recovery codes), server-side sessions, login throttling and one-time setup
// links. Its Service is the only way the web layer changes any of them, and
// every change is written to the audit log in the same transaction.
package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// User is a staff account.
type User struct {
	ID          string
	Email       string
	Name        string
	Role        perm.Role
	ScopeKind   perm.ScopeKind
	ScopeID     string
	Language    string
	Disabled    bool
	TOTPEnabled bool
	HasPassword bool
	CreatedAt   time.Time
	UpdatedAt   time.Time

	passwordHash string
	totpSecret   string // encrypted with the keyring
	totpLastStep int64
}

// NewUser is what an admin enters to create an account.
type NewUser struct {
	Email     string
	Name      string
	Role      perm.Role
	ScopeKind perm.ScopeKind
	ScopeID   string
	Language  string
}

// Normalize trims the input and fills the default scope and language.
func (n *NewUser) Normalize() {
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
	n.ScopeID = strings.TrimSpace(n.ScopeID)
	if n.ScopeKind == "" {
		n.ScopeKind = perm.DefaultScope(n.Role)
	}
	if n.ScopeKind == perm.Statewide {
		n.ScopeID = ""
	}
	if n.Language == "" {
		n.Language = "de"
	}
}

// Validate returns translatable problems with the input.
func (n NewUser) Validate() error {
	var e valid.Errors
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		e.Add("email", "validation.email")
	}
	if n.Name == "" {
		e.Add("name", "validation.required")
	} else if utf8.RuneCountInString(n.Name) > 200 {
		e.Add("name", "validation.too_long", "Max", 200)
	}
	checkRole(&e, n.Role, n.ScopeKind, n.ScopeID)
	if n.Language != "de" && n.Language != "en" {
		e.Add("language", "validation.choice")
	}
	return e.Err()
}

// checkRole adds the problems of a role with its scope kind and reference.
func checkRole(e *valid.Errors, role perm.Role, kind perm.ScopeKind, scope string) {
	if !role.Valid() {
		e.Add("role", "validation.choice")
	}
	if !kind.Valid() {
		e.Add("scope_kind", "validation.choice")
	} else if kind != perm.Statewide && scope == "" {
		e.Add("scope_id", "validation.scope_required")
	}
}

// ErrEmailTaken is returned when an account with the e-mail exists.
var ErrEmailTaken = valid.Errors{{Field: "email", Key: "validation.email_taken"}}

const userColumns = `id, email, name, role, scope_kind, scope_id, language, disabled, totp_enabled,
	password_hash, totp_secret, totp_last_step, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.ScopeKind, &u.ScopeID, &u.Language,
		&u.Disabled, &u.TOTPEnabled, &u.passwordHash, &u.totpSecret, &u.totpLastStep, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("auth: scan user: %w", err)
	}
	u.HasPassword = u.passwordHash != ""
	return &u, nil
}

// UserByID loads a user.
func UserByID(ctx context.Context, q db.Querier, id string) (*User, error) {
	return scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// UserByEmail loads a user by (case-insensitive) e-mail.
func UserByEmail(ctx context.Context, q db.Querier, email string) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
}

// insertUser stores a new account; its scope is stored as the id of the
// registry row it names (an external id is resolved), so that every
// question about who works where compares ids.
func (s *Service) insertUser(ctx context.Context, q db.Querier, n NewUser) (*User, error) {
	scope, err := s.resolveScope(ctx, q, n.ScopeKind, n.ScopeID)
	if err != nil {
		return nil, err
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now()
	_, err = q.Exec(ctx, `INSERT INTO users (id, email, name, role, scope_kind, scope_id, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, n.Email, n.Name, n.Role, n.ScopeKind, scope, n.Language, now, now)
	if db.IsUniqueViolation(err) {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, fmt.Errorf("auth: insert user: %w", err)
	}
	return UserByID(ctx, q, id)
}

// UserFilter selects users for the admin list.
type UserFilter struct {
	Search string // matches e-mail or name
	Role   perm.Role
	Offset int
	Limit  int
}

// ListUsers returns one page of users ordered by name, and the total count.
func ListUsers(ctx context.Context, q db.Querier, f UserFilter) ([]User, int, error) {
	where, args := "WHERE 1=1", []any{}
	if s := valid.SearchText(f.Search); s != "" {
		where += " AND (email LIKE ? OR LOWER(name) LIKE ?)"
		like := "%" + escapeLike(s) + "%"
		args = append(args, like, like)
	}
	if f.Role != "" {
		where += " AND role = ?"
		args = append(args, f.Role)
	}
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("auth: count users: %w", err)
	}
	rows, err := q.Query(ctx, "SELECT "+userColumns+" FROM users "+where+" ORDER BY name, email LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *u)
	}
	return out, total, rows.Err()
}

// escapeLike makes user input literal inside a LIKE pattern. Both engines
// treat backslash as the escape character only when told, so we avoid it and
// drop the wildcard characters instead: searching for "%" is not useful here.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// CountActiveAdmins counts enabled admin accounts with a password.
func CountActiveAdmins(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = ? AND disabled = ? AND password_hash <> ''", perm.Admin, false).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("auth: count admins: %w", err)
	}
	return n, nil
}

func touchUser(ctx context.Context, q db.Querier, id, set string, now time.Time, args ...any) error {
	res, err := q.Exec(ctx, "UPDATE users SET "+set+", updated_at = ? WHERE id = ?", append(args, now, id)...)
	if err != nil {
		return fmt.Errorf("auth: update user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return nil
}
