package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// OrganisationInput is what an editor submits for an organisation.
type OrganisationInput struct {
	ExternalID, Name      string
	Kind                  OrgKind
	Authority             string
	ParentID, RegionID    string
	DistrictAGS           string
	Email, Phone, Website string
}

func (in *OrganisationInput) normalize() {
	for _, f := range []*string{&in.ExternalID, &in.Name, &in.Authority, &in.ParentID, &in.RegionID, &in.DistrictAGS, &in.Email, &in.Phone, &in.Website} {
		*f = strings.TrimSpace(*f)
	}
	in.Email = strings.ToLower(in.Email)
	if in.Kind != Authority {
		in.Authority = ""
	}
}

func (in OrganisationInput) validate(ctx context.Context, q db.Querier, selfID string) error {
	var e valid.Errors
	required(&e, "name", in.Name, 200)
	optional(&e, "external_id", in.ExternalID, 100)
	if !slices.Contains(OrgKinds, in.Kind) {
		e.Add("kind", "validation.choice")
	}
	if in.Kind == Authority && !slices.Contains(AuthorityTypes, in.Authority) {
		e.Add("authority", "validation.choice")
	}
	checkContact(&e, in.Phone, in.Email, in.Website)
	refs := []struct{ field, table, col, val string }{
		{"parent_id", "organisations", "id", in.ParentID},
		{"region_id", "regions", "id", in.RegionID},
		{"district_ags", "districts", "ags", in.DistrictAGS},
	}
	for _, r := range refs {
		if r.val == "" {
			continue
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+r.table+" WHERE "+r.col+" = ?", r.val).Scan(&n); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		if n == 0 {
			e.Add(r.field, "validation.choice")
		}
	}
	if in.ParentID != "" && in.ParentID == selfID {
		e.Add("parent_id", "network.parent_self")
	}
	return e.Err()
}

const orgColumns = `g.id, COALESCE(g.external_id, ''), g.name, g.kind, g.authority, COALESCE(g.parent_id, ''), COALESCE(p.name, ''),
	COALESCE(g.region_id, ''), COALESCE(r.name, ''), COALESCE(g.district_ags, ''), g.email, g.phone, g.website, g.updated_at,
	(SELECT COUNT(*) FROM offices o WHERE o.organisation_id = g.id)`

const orgJoins = ` FROM organisations g LEFT JOIN organisations p ON p.id = g.parent_id LEFT JOIN regions r ON r.id = g.region_id`

func scanOrg(row interface{ Scan(...any) error }) (*Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.ExternalID, &o.Name, &o.Kind, &o.Authority, &o.ParentID, &o.ParentName, &o.RegionID, &o.RegionName,
		&o.DistrictAGS, &o.Email, &o.Phone, &o.Website, &o.UpdatedAt, &o.OfficeCount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("network: scan organisation: %w", err)
	}
	return &o, nil
}

// Organisation loads one organisation.
func (s *Store) Organisation(ctx context.Context, id string) (*Organisation, error) {
	return scanOrg(s.db.QueryRow(ctx, "SELECT "+orgColumns+orgJoins+" WHERE g.id = ?", id))
}

// OrgFilter selects organisations.
type OrgFilter struct {
	Search, RegionID string
	Kind             OrgKind
}

// ListOrganisations returns a page of organisations by name, and the total.
func (s *Store) ListOrganisations(ctx context.Context, f OrgFilter, p Page) ([]Organisation, int, error) {
	var conds []string
	var args []any
	if q := valid.SearchText(f.Search); q != "" {
		conds, args = append(conds, "LOWER(g.name) LIKE ?"), append(args, "%"+likeEscape(q)+"%")
	}
	if f.RegionID != "" {
		conds, args = append(conds, "g.region_id = ?"), append(args, f.RegionID)
	}
	if f.Kind != "" {
		conds, args = append(conds, "g.kind = ?"), append(args, f.Kind)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+orgJoins+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("network: count organisations: %w", err)
	}
	p = p.Clamp(500)
	rows, err := s.db.Query(ctx, "SELECT "+orgColumns+orgJoins+where+" ORDER BY g.name, g.id LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("network: list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *o)
	}
	return out, total, rows.Err()
}

// CreateOrganisation adds an organisation.
func (s *Store) CreateOrganisation(ctx context.Context, ed Editor, in OrganisationInput) (*Organisation, error) {
	in.normalize()
	var o *Organisation
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := in.validate(ctx, tx, ""); err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7()).String()
		if err := writeOrg(ctx, tx, id, in, s.now(), true); err != nil {
			return err
		}
		var err error
		if o, err = scanOrg(tx.QueryRow(ctx, "SELECT "+orgColumns+orgJoins+" WHERE g.id = ?", id)); err != nil {
			return err
		}
		return s.record(ctx, tx, ed, "organisation.create", "organisation", id, diff(nil, orgFields(o)))
	})
	return o, err
}

// UpdateOrganisation changes an organisation (ministry, or the region
// coordinator of the organisation's region).
func (s *Store) UpdateOrganisation(ctx context.Context, ed Editor, id string, version time.Time, in OrganisationInput) (*Organisation, error) {
	in.normalize()
	var o *Organisation
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanOrg(tx.QueryRow(ctx, "SELECT "+orgColumns+orgJoins+" WHERE g.id = ?", id))
		if err != nil {
			return err
		}
		if !CanEditOrganisation(ed, before) {
			return ErrNotFound
		}
		if !before.UpdatedAt.Equal(version) {
			return ErrStale
		}
		if err := in.validate(ctx, tx, id); err != nil {
			return err
		}
		if err := writeOrg(ctx, tx, id, in, s.stamp(before.UpdatedAt), false); err != nil {
			return err
		}
		if o, err = scanOrg(tx.QueryRow(ctx, "SELECT "+orgColumns+orgJoins+" WHERE g.id = ?", id)); err != nil {
			return err
		}
		return s.record(ctx, tx, ed, "organisation.update", "organisation", id, diff(orgFields(before), orgFields(o)))
	})
	return o, err
}

// CanEditOrganisation reports whether ed may change organisation o.
func CanEditOrganisation(ed Editor, o *Organisation) bool {
	return ed.statewide() || ed.holds(perm.RegionCoordinator, perm.Region, o.RegionID)
}

func writeOrg(ctx context.Context, tx *db.Tx, id string, in OrganisationInput, now time.Time, insert bool) error {
	var err error
	if insert {
		_, err = tx.Exec(ctx, `INSERT INTO organisations (id, external_id, name, kind, authority, parent_id, region_id, district_ags,
			email, phone, website, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, nullIfEmpty(in.ExternalID), in.Name, in.Kind, in.Authority, nullIfEmpty(in.ParentID), nullIfEmpty(in.RegionID),
			nullIfEmpty(in.DistrictAGS), in.Email, in.Phone, in.Website, now, now)
	} else {
		_, err = tx.Exec(ctx, `UPDATE organisations SET external_id = ?, name = ?, kind = ?, authority = ?, parent_id = ?, region_id = ?,
			district_ags = ?, email = ?, phone = ?, website = ?, updated_at = ? WHERE id = ?`,
			nullIfEmpty(in.ExternalID), in.Name, in.Kind, in.Authority, nullIfEmpty(in.ParentID), nullIfEmpty(in.RegionID),
			nullIfEmpty(in.DistrictAGS), in.Email, in.Phone, in.Website, now, id)
	}
	if db.IsUniqueViolation(err) {
		return duplicateExternalID()
	}
	if err != nil {
		return fmt.Errorf("network: write organisation: %w", err)
	}
	return nil
}

func orgFields(o *Organisation) map[string]string {
	return map[string]string{"external_id": o.ExternalID, "name": o.Name, "kind": string(o.Kind), "authority": o.Authority,
		"parent_id": o.ParentID, "region_id": o.RegionID, "district": o.DistrictAGS, "email": o.Email, "phone": o.Phone, "website": o.Website}
}
