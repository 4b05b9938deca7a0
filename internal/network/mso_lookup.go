package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// The functions here answer the MSO package (internal/mso) about the
// registry's organisations of kind MSO: the MSO store decides the scope
// (which regions and organisations a person reaches) and passes it in,
// so the scope still applies in SQL.

// MSOOrg is a registry organisation of kind MSO as the MSO pages name it.
type MSOOrg struct {
	ID, Name             string
	RegionID, RegionName string
	Email, Phone         string
	Website              string
}

// MSOScope selects MSOs: every one (All), or those of the regions and the
// organisations listed. Search narrows by name; RegionID by one region.
type MSOScope struct {
	All              bool
	Regions, IDs     []string
	Search, RegionID string
}

// where is the scope as a condition on organisations g.
func (f MSOScope) where() (string, []any) {
	conds, args := []string{"g.kind = 'mso'"}, []any{}
	if !f.All {
		var or []string
		if len(f.Regions) > 0 {
			or, args = append(or, "g.region_id IN ("+db.Placeholders(len(f.Regions))+")"), append(args, anyArgs(f.Regions)...)
		}
		if len(f.IDs) > 0 {
			or, args = append(or, "g.id IN ("+db.Placeholders(len(f.IDs))+")"), append(args, anyArgs(f.IDs)...)
		}
		if len(or) == 0 {
			or = []string{"1 = 0"}
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if q := valid.SearchText(f.Search); q != "" {
		conds, args = append(conds, "LOWER(g.name) LIKE ?"), append(args, "%"+likeEscape(q)+"%")
	}
	if f.RegionID != "" {
		conds, args = append(conds, "g.region_id = ?"), append(args, f.RegionID)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const msoSelect = `SELECT g.id, g.name, COALESCE(g.region_id, ''), COALESCE(r.name, ''), g.email, g.phone, g.website
	FROM organisations g LEFT JOIN regions r ON r.id = g.region_id`

// MSOs lists a page of the MSOs f selects, by name, and their total.
func MSOs(ctx context.Context, q db.Querier, f MSOScope, p Page) ([]MSOOrg, int, error) {
	where, args := f.where()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM organisations g"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("network: count msos: %w", err)
	}
	p = p.Clamp(500)
	out, err := scanMSOs(ctx, q, msoSelect+where+" ORDER BY g.name, g.id LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	return out, total, err
}

// MSOsByID returns the MSOs among ids (other kinds and unknown ids are
// left out), by name.
func MSOsByID(ctx context.Context, q db.Querier, ids []string) ([]MSOOrg, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return scanMSOs(ctx, q, msoSelect+" WHERE g.kind = 'mso' AND g.id IN ("+db.Placeholders(len(ids))+") ORDER BY g.name, g.id", anyArgs(ids)...)
}

func scanMSOs(ctx context.Context, q db.Querier, query string, args ...any) ([]MSOOrg, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("network: msos: %w", err)
	}
	defer rows.Close()
	var out []MSOOrg
	for rows.Next() {
		var o MSOOrg
		if err := rows.Scan(&o.ID, &o.Name, &o.RegionID, &o.RegionName, &o.Email, &o.Phone, &o.Website); err != nil {
			return nil, fmt.Errorf("network: msos: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// RegionsOfOffices lists the regions of the offices' districts, each once.
func RegionsOfOffices(ctx context.Context, q db.Querier, officeIDs []string) ([]string, error) {
	var out []string
	if len(officeIDs) == 0 {
		return out, nil
	}
	err := eachString(ctx, q, `SELECT DISTINCT d.region_id FROM offices o JOIN districts d ON d.ags = o.district_ags
		WHERE o.id IN (`+db.Placeholders(len(officeIDs))+`) AND d.region_id IS NOT NULL ORDER BY d.region_id`,
		anyArgs(officeIDs), func(s string) { out = append(out, s) })
	return out, err
}
