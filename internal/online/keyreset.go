package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// KeyReset is a counselor's request to get their key back under a new
// passphrase: a transport key pair sealed under it. Once the lead grants
// it, WrappedKey and SealedPrivate carry the counselor's private key for
// the transport key (conversation "reset-<user>", epoch 1, recipient the
// counselor).
type KeyReset struct {
	UserID            string `json:"user_id"`
	Name              string `json:"name,omitempty"`
	PublicKey         string `json:"public_key"`
	Salt              string `json:"salt"`
	PrivateByPassword string `json:"private_by_password"`
	Granted           bool   `json:"granted"`
	WrappedKey        string `json:"wrapped_key,omitempty"`
	SealedPrivate     string `json:"sealed_private,omitempty"`
	// Escrow is the counselor's escrow for the lead's office (pending
	// requests only, for the lead's browser).
	Escrow *Escrow `json:"escrow,omitempty"`
}

// RequestKeyReset records p's request (replacing an earlier one).
func (s *Store) RequestKeyReset(ctx context.Context, p auth.Principal, transport StaffKey) error {
	if _, err := s.StaffKeyOf(ctx, p); err != nil {
		return err
	}
	if e := transport.check(); len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM online_key_resets WHERE user_id = ?`, p.UserID()); err != nil {
			return fmt.Errorf("online: key reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO online_key_resets (user_id, public_key, salt, private_by_password, requested_at)
			VALUES (?, ?, ?, ?, ?)`, p.UserID(), transport.PublicKey, transport.Salt, transport.PrivateByPassword, s.now()); err != nil {
			return fmt.Errorf("online: key reset: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.key_reset_requested", audit.ResultSuccess, "user", p.UserID(), nil))
	})
}

// KeyResetOf returns p's pending request (ErrNotFound without one).
func (s *Store) KeyResetOf(ctx context.Context, p auth.Principal) (*KeyReset, error) {
	r := KeyReset{UserID: p.UserID()}
	var by sql.NullString
	err := s.db.QueryRow(ctx, `SELECT public_key, salt, private_by_password, granted_by, wrapped_key, sealed_private
		FROM online_key_resets WHERE user_id = ?`, p.UserID()).Scan(&r.PublicKey, &r.Salt, &r.PrivateByPassword, &by, &r.WrappedKey, &r.SealedPrivate)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("online: key reset: %w", err)
	}
	r.Granted = r.WrappedKey != ""
	return &r, nil
}

// PendingResets lists the requests of counselors of office that the lead
// p can grant: not granted yet, with an escrow for the office's key.
func (s *Store) PendingResets(ctx context.Context, p auth.Principal, officeID string) ([]KeyReset, error) {
	if !p.Holds(perm.OfficeLead, perm.Office, officeID) {
		return nil, ErrNotFound
	}
	staff, err := auth.OfficeStaff(ctx, s.db, officeID)
	if err != nil {
		return nil, fmt.Errorf("online: pending resets: %w", err)
	}
	var out []KeyReset
	for _, m := range staff {
		r := KeyReset{UserID: m.UserID, Name: m.Name, Escrow: &Escrow{OfficeID: officeID}}
		err := s.db.QueryRow(ctx, `SELECT r.public_key, e.wrapped_key, e.sealed_private FROM online_key_resets r
			JOIN online_key_escrow e ON e.user_id = r.user_id AND e.office_id = ?
			WHERE r.user_id = ? AND r.wrapped_key = ''`, officeID, m.UserID).Scan(&r.PublicKey, &r.Escrow.WrappedKey, &r.Escrow.SealedPrivate)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("online: pending resets: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// GrantKeyReset stores the counselor's private key re-wrapped by the lead
// p for the request's transport key.
func (s *Store) GrantKeyReset(ctx context.Context, p auth.Principal, officeID, userID string, grant Escrow) error {
	pending, err := s.PendingResets(ctx, p, officeID)
	if err != nil {
		return err
	}
	found := false
	for _, r := range pending {
		found = found || r.UserID == userID
	}
	if !found {
		return ErrNotFound
	}
	if e := grant.check(); len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE online_key_resets SET granted_by = ?, wrapped_key = ?, sealed_private = ?
			WHERE user_id = ? AND wrapped_key = ''`, p.UserID(), grant.WrappedKey, grant.SealedPrivate, userID); err != nil {
			return fmt.Errorf("online: grant reset: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.key_reset_granted", audit.ResultSuccess, "user", userID, nil))
	})
}

// CompleteKeyReset seals p's own (recovered) private key under the new
// passphrase: the public key stays, so every conversation stays readable.
func (s *Store) CompleteKeyReset(ctx context.Context, p auth.Principal, salt, privateByPassword string) error {
	r, err := s.KeyResetOf(ctx, p)
	if err != nil {
		return err
	}
	if !r.Granted {
		return ErrChanged
	}
	var e valid.Errors
	checkBytes(&e, "salt", salt, saltLen, saltLen)
	checkBytes(&e, "private_by_password", privateByPassword, minSealedKey, maxSealedKey)
	if len(e) > 0 {
		return e
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE online_staff_keys SET salt = ?, private_by_password = ? WHERE user_id = ?`,
			salt, privateByPassword, p.UserID()); err != nil {
			return fmt.Errorf("online: complete reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM online_key_resets WHERE user_id = ?`, p.UserID()); err != nil {
			return fmt.Errorf("online: complete reset: %w", err)
		}
		return s.audit.Append(ctx, tx, p.Entry("online.key_reset_completed", audit.ResultSuccess, "user", p.UserID(), nil))
	})
}
