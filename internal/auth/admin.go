package auth

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// CreateUser adds a staff account without a password and returns the token
// of its one-time setup link: nobody, not even the admin, ever knows the
// user's password.
func (s *Service) CreateUser(ctx context.Context, n NewUser, p Principal) (*User, string, error) {
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, "", err
	}
	var u *User
	var token string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if u, err = s.insertUser(ctx, tx, n); err != nil {
			return err
		}
		if token, err = issueSetupToken(ctx, tx, u.ID, "setup", s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.create", audit.ResultSuccess, "user", u.ID, userDetail(u))
	})
	return u, token, err
}

func userDetail(u *User) map[string]string {
	return map[string]string{"email": u.Email, "name": u.Name, "role": string(u.Role),
		"scope": string(u.ScopeKind) + ":" + u.ScopeID, "disabled": strconv.FormatBool(u.Disabled)}
}

// ResetPassword removes the user's password, ends their sessions and
// returns a new one-time link through which they choose a new one.
func (s *Service) ResetPassword(ctx context.Context, userID string, p Principal) (string, error) {
	var token string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, userID, "password_hash = ?", s.now(), ""); err != nil {
			return err
		}
		if _, err := deleteSessionsOf(ctx, tx, userID, ""); err != nil {
			return err
		}
		var err error
		if token, err = issueSetupToken(ctx, tx, userID, "reset", s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.password_reset", audit.ResultSuccess, "user", userID, nil)
	})
	return token, err
}

// ResetTwoFactor removes the user's TOTP secret and recovery codes (a lost
// phone); they enrol again at their next login.
func (s *Service) ResetTwoFactor(ctx context.Context, userID string, p Principal) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := touchUser(ctx, tx, userID, "totp_enabled = ?, totp_secret = ?, totp_last_step = ?", s.now(), false, "", 0); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return err
		}
		if _, err := deleteSessionsOf(ctx, tx, userID, ""); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.two_factor_reset", audit.ResultSuccess, "user", userID, nil)
	})
}

// SetDisabled disables or re-enables an account. Disabling ends all its
// sessions at once. Admins cannot disable themselves or the last admin.
func (s *Service) SetDisabled(ctx context.Context, userID string, disabled bool, p Principal) error {
	if disabled && userID == p.userID {
		return ErrSelfLockout
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := lockedUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if disabled {
			if err := keepAnAdmin(ctx, tx, u); err != nil {
				return err
			}
		}
		if err := touchUser(ctx, tx, userID, "disabled = ?", s.now(), disabled); err != nil {
			return err
		}
		if disabled {
			if _, err := deleteSessionsOf(ctx, tx, userID, ""); err != nil {
				return err
			}
		}
		action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
		return s.record(ctx, tx, p, action, audit.ResultSuccess, "user", userID,
			map[string]string{"before": strconv.FormatBool(u.Disabled), "after": strconv.FormatBool(disabled)})
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// SetupLinkUser returns the user a one-time link belongs to (to greet them
// on the form) or ErrLinkInvalid.
func (s *Service) SetupLinkUser(ctx context.Context, token string) (*User, error) {
	id, err := setupTokenUser(ctx, s.db, token, s.now())
	if err != nil {
		return nil, err
	}
	return UserByID(ctx, s.db, id)
}

// CompleteSetup sets the password chosen through a one-time link. The link
// works once; TOTP enrolment follows at the first login.
func (s *Service) CompleteSetup(ctx context.Context, token, pw, confirm string, p Principal) (*User, error) {
	u, err := s.SetupLinkUser(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := checkNewPassword(pw, confirm, u); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return nil, err
	}
	p = p.as(u)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := consumeSetupToken(ctx, tx, token, s.now()); err != nil {
			return err
		}
		if err := touchUser(ctx, tx, u.ID, "password_hash = ?", s.now(), hash); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.setup_complete", audit.ResultSuccess, "user", u.ID, nil)
	})
	return u, err
}

// ErrOwnRole is returned when admins try to change their own role: another
// admin does that, so nobody takes away their own access by mistake.
var ErrOwnRole = errors.New("auth: an admin cannot change their own role")

// ChangeRole gives the account userID another role and scope (the scope
// named by id or external id, resolved through the registry). Admins
// cannot change their own role, and the last active admin keeps theirs.
// The change applies from the account's next request. Audited as
// "user.role_change" with before and after.
func (s *Service) ChangeRole(ctx context.Context, userID string, role perm.Role, kind perm.ScopeKind, scope string, p Principal) error {
	if userID == p.userID {
		return ErrOwnRole
	}
	scope = strings.TrimSpace(scope)
	if kind == "" {
		kind = perm.DefaultScope(role)
	}
	if kind == perm.Statewide {
		scope = ""
	}
	var e valid.Errors
	checkRole(&e, role, kind, scope)
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := lockedUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		id, err := s.resolveScope(ctx, tx, kind, scope)
		if err != nil {
			return err
		}
		if role != perm.Admin {
			if err := keepAnAdmin(ctx, tx, u); err != nil {
				return err
			}
		}
		if err := touchUser(ctx, tx, userID, "role = ?, scope_kind = ?, scope_id = ?", s.now(), role, kind, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "user.role_change", audit.ResultSuccess, "user", userID, map[string]string{
			"role.before": string(u.Role), "role.after": string(role),
			"scope.before": string(u.ScopeKind) + ":" + u.ScopeID, "scope.after": string(kind) + ":" + id})
	})
}

// lockedUser loads an account after taking the admins' lock, so that two
// admins disabling or demoting each other at once cannot both pass the
// last-admin check.
func lockedUser(ctx context.Context, tx *db.Tx, userID string) (*User, error) {
	if err := tx.LockTable(ctx, "users.admins"); err != nil {
		return nil, err
	}
	return UserByID(ctx, tx, userID)
}

// keepAnAdmin refuses (ErrLastAdmin) when u is the last active admin, who
// is about to lose that (disabled or given another role).
func keepAnAdmin(ctx context.Context, tx *db.Tx, u *User) error {
	if u.Role != perm.Admin || u.Disabled || !u.HasPassword {
		return nil
	}
	n, err := CountActiveAdmins(ctx, tx)
	if err != nil || n <= 1 {
		return firstErr(err, ErrLastAdmin)
	}
	return nil
}
