package mso

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SaveProfile writes the profile of an MSO p may edit. version is the
// profile's version the form was loaded with (0: there was none yet);
// ErrStale when it changed meanwhile, valid.Errors for bad input (nothing
// is written then).
func (s *Store) SaveProfile(ctx context.Context, p auth.Principal, id string, version int, in ProfileInput) error {
	in.normalize()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.editable(ctx, tx, p, id); err != nil {
			return err
		}
		if problems := in.Check(); len(problems) > 0 {
			return problems
		}
		if err := s.writeProfile(ctx, tx, p, id, version, in); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM mso_languages WHERE organisation_id = ?", id); err != nil {
			return fmt.Errorf("mso: languages: %w", err)
		}
		for _, l := range in.Languages {
			if _, err := tx.Exec(ctx, "INSERT INTO mso_languages (organisation_id, lang) VALUES (?, ?)", id, l); err != nil {
				return fmt.Errorf("mso: languages: %w", err)
			}
		}
		return s.audit.Append(ctx, tx, p.Entry("mso.profile_save", audit.ResultSuccess, "organisation", id,
			map[string]string{"languages": strings.Join(in.Languages, " ")}))
	})
}

// editable is the MSO if p may change it: ErrNotFound outside p's reach,
// ErrForbidden when p sees it but may not edit it.
func (s *Store) editable(ctx context.Context, q db.Querier, p auth.Principal, id string) (network.MSOOrg, error) {
	x, err := viewOf(ctx, q, p)
	if err != nil {
		return network.MSOOrg{}, err
	}
	org, err := s.reached(ctx, q, x, id)
	if err != nil {
		return org, err
	}
	if !x.edits(org) {
		return org, ErrForbidden
	}
	return org, nil
}

// writeProfile inserts the first version or updates the one read.
func (s *Store) writeProfile(ctx context.Context, tx *db.Tx, p auth.Principal, id string, version int, in ProfileInput) error {
	now := s.now()
	if version == 0 {
		_, err := tx.Exec(ctx, `INSERT INTO mso_profiles (organisation_id, description, communities, activities, email, phone, website,
			updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, in.Description, in.Communities, in.Activities, in.Email, in.Phone, in.Website, p.UserID(), now, now)
		if db.IsUniqueViolation(err) {
			return ErrStale
		}
		if err != nil {
			return fmt.Errorf("mso: save profile: %w", err)
		}
		return nil
	}
	res, err := tx.Exec(ctx, `UPDATE mso_profiles SET description = ?, communities = ?, activities = ?, email = ?, phone = ?, website = ?,
		updated_by = ?, updated_at = ?, version = version + 1 WHERE organisation_id = ? AND version = ?`,
		in.Description, in.Communities, in.Activities, in.Email, in.Phone, in.Website, p.UserID(), now, id, version)
	return oneRow(res, err, "save profile")
}

// SetConsent records whether the MSO agreed to appear in the public
// directory, by p and now. Withdrawing takes it out of the directory at
// once (the directory reads this row on every request). Consent needs a
// saved profile (a problem for the "public" field otherwise).
func (s *Store) SetConsent(ctx context.Context, p auth.Principal, id string, public bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.editable(ctx, tx, p, id); err != nil {
			return err
		}
		// Giving consent twice is a second click; withdrawing again
		// records who confirmed it is withdrawn.
		cond := "1 = 1"
		if public {
			cond = "public = FALSE"
		}
		res, err := tx.Exec(ctx, `UPDATE mso_profiles SET public = ?, consent_by = ?, consent_at = ?, updated_at = ?, version = version + 1
			WHERE organisation_id = ? AND `+cond, public, p.UserID(), s.now(), s.now(), id)
		if err != nil {
			return fmt.Errorf("mso: consent: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.consentProblem(ctx, tx, id)
		}
		action := map[bool]string{true: "mso.consent_give", false: "mso.consent_withdraw"}[public]
		return s.audit.Append(ctx, tx, p.Entry(action, audit.ResultSuccess, "organisation", id, nil))
	})
}

// consentProblem says why no row changed: no profile yet (422), or the
// consent was given already (a second click: 409).
func (s *Store) consentProblem(ctx context.Context, q db.Querier, id string) error {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM mso_profiles WHERE organisation_id = ?", id).Scan(&n); err != nil {
		return fmt.Errorf("mso: consent: %w", err)
	}
	if n == 0 {
		return valid.Errors{{Field: "public", Key: "msostaff.consent_needs_profile"}}
	}
	return ErrStale
}

// oneRow turns a conditioned UPDATE's result into ErrStale when no row
// matched.
func oneRow(res interface{ RowsAffected() (int64, error) }, err error, what string) error {
	if err != nil {
		return fmt.Errorf("mso: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrStale
	}
	return nil
}
