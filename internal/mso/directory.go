package mso

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// The public directory lists only MSOs whose profile records consent
// (public = TRUE) and that are still MSOs in the registry. It is read on
// every request, so a withdrawn consent hides the entry at once. It needs
// no principal: nothing here is more than the MSO agreed to publish.

// DirectoryFilter narrows the directory by a language the MSO works in
// and by region.
type DirectoryFilter struct {
	Lang, RegionID string
}

// Region is a region as the directory's filter offers it.
type Region struct{ ID, Name string }

// Directory is the public list with what its filters can offer.
type Directory struct {
	Entries []MSO
	// Regions and Languages are those of every consenting MSO (the
	// filters' options), whatever the filter.
	Regions   []Region
	Languages []string
}

// PublicDirectory lists the consenting MSOs by name.
func (s *Store) PublicDirectory(ctx context.Context, f DirectoryFilter) (Directory, error) {
	var d Directory
	ids, err := idsOf(ctx, s.db, "SELECT organisation_id FROM mso_profiles WHERE public = ?", true)
	if err != nil {
		return d, err
	}
	all, err := s.publicMSOs(ctx, s.db, ids)
	if err != nil {
		return d, err
	}
	for _, m := range all {
		if m.RegionID != "" && !slices.ContainsFunc(d.Regions, func(r Region) bool { return r.ID == m.RegionID }) {
			d.Regions = append(d.Regions, Region{ID: m.RegionID, Name: m.RegionName})
		}
		d.Languages = append(d.Languages, m.Profile.Languages...)
		if (f.RegionID == "" || m.RegionID == f.RegionID) && (f.Lang == "" || slices.Contains(m.Profile.Languages, f.Lang)) {
			d.Entries = append(d.Entries, m)
		}
	}
	slices.SortFunc(d.Regions, func(a, b Region) int { return strings.Compare(a.Name, b.Name) })
	d.Languages = distinct(d.Languages)
	return d, nil
}

// PublicProfile is one consenting MSO; ErrNotFound for any other id.
func (s *Store) PublicProfile(ctx context.Context, id string) (*MSO, error) {
	list, err := s.publicMSOs(ctx, s.db, []string{id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// publicMSOs are those of ids that are MSOs with a consenting profile.
func (s *Store) publicMSOs(ctx context.Context, q db.Querier, ids []string) ([]MSO, error) {
	orgs, err := network.MSOsByID(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	profiles, err := profilesOf(ctx, q, ids, "public = ?", true)
	if err != nil {
		return nil, err
	}
	var out []MSO
	for _, o := range orgs {
		if p, ok := profiles[o.ID]; ok {
			out = append(out, MSO{ID: o.ID, Name: o.Name, RegionID: o.RegionID, RegionName: o.RegionName,
				Email: o.Email, Phone: o.Phone, Website: o.Website, Profile: p})
		}
	}
	return out, nil
}

// idsOf reads a one-column list of ids.
func idsOf(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("mso: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("mso: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
