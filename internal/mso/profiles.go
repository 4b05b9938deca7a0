package mso

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Filter narrows the staff list of MSOs.
type Filter struct {
	Search, RegionID string
}

// List returns a page of the MSOs p reaches (by name) with their
// profiles and open requests, and the total.
func (s *Store) List(ctx context.Context, p auth.Principal, f Filter, page network.Page) ([]MSO, int, error) {
	x, err := viewOf(ctx, s.db, p)
	if err != nil {
		return nil, 0, err
	}
	sc := x.scope()
	sc.Search, sc.RegionID = f.Search, f.RegionID
	orgs, total, err := network.MSOs(ctx, s.db, sc, page)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.withProfiles(ctx, s.db, x, orgs)
	return out, total, err
}

// Get returns one MSO p reaches with its profile; ErrNotFound otherwise.
func (s *Store) Get(ctx context.Context, p auth.Principal, id string) (*MSO, error) {
	x, err := viewOf(ctx, s.db, p)
	if err != nil {
		return nil, err
	}
	org, err := s.reached(ctx, s.db, x, id)
	if err != nil {
		return nil, err
	}
	out, err := s.withProfiles(ctx, s.db, x, []network.MSOOrg{org})
	if err != nil {
		return nil, err
	}
	m := &out[0]
	if m.Profile.ConsentBy != "" {
		who, err := auth.NamesOf(ctx, s.db, []string{m.Profile.ConsentBy})
		if err != nil {
			return nil, err
		}
		m.Profile.ConsentByName = who[m.Profile.ConsentBy]
	}
	return m, nil
}

// reached is the MSO id if x reaches it, else ErrNotFound.
func (s *Store) reached(ctx context.Context, q db.Querier, x view, id string) (network.MSOOrg, error) {
	orgs, err := network.MSOsByID(ctx, q, []string{id})
	if err != nil {
		return network.MSOOrg{}, err
	}
	if len(orgs) == 0 || !x.sees(orgs[0]) {
		return network.MSOOrg{}, ErrNotFound
	}
	return orgs[0], nil
}

// withProfiles joins the registry's MSOs with their profiles and open
// request counts (in Go: the registry's table is not this package's).
func (s *Store) withProfiles(ctx context.Context, q db.Querier, x view, orgs []network.MSOOrg) ([]MSO, error) {
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	profiles, err := profilesOf(ctx, q, ids, "1 = 1")
	if err != nil {
		return nil, err
	}
	counts, err := openCounts(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]MSO, len(orgs))
	for i, o := range orgs {
		out[i] = MSO{ID: o.ID, Name: o.Name, RegionID: o.RegionID, RegionName: o.RegionName, Email: o.Email, Phone: o.Phone,
			Website: o.Website, Profile: profiles[o.ID], CanEdit: x.edits(o), OpenRequests: counts[o.ID]}
		out[i].Profile.OrganisationID = o.ID
	}
	return out, nil
}

const profileColumns = `organisation_id, description, communities, activities, email, phone, website, public,
	COALESCE(consent_by, ''), consent_at, version, updated_at`

// profilesOf reads the profiles of ids that meet cond, with their languages.
func profilesOf(ctx context.Context, q db.Querier, ids []string, cond string, args ...any) (map[string]Profile, error) {
	out := map[string]Profile{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT "+profileColumns+" FROM mso_profiles WHERE organisation_id IN ("+db.Placeholders(len(ids))+") AND "+cond,
		append(db.Args(ids), args...)...)
	if err != nil {
		return nil, fmt.Errorf("mso: profiles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Profile
		var at sql.NullTime
		if err := rows.Scan(&p.OrganisationID, &p.Description, &p.Communities, &p.Activities, &p.Email, &p.Phone, &p.Website,
			&p.Public, &p.ConsentBy, &at, &p.Version, &p.UpdatedAt); err != nil {
			return nil, fmt.Errorf("mso: profiles: %w", err)
		}
		if at.Valid {
			p.ConsentAt = &at.Time
		}
		out[p.OrganisationID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("mso: profiles: %w", err)
	}
	rows.Close()
	return out, languagesOf(ctx, q, ids, out)
}

// languagesOf fills the profiles' languages.
func languagesOf(ctx context.Context, q db.Querier, ids []string, profiles map[string]Profile) error {
	rows, err := q.Query(ctx, "SELECT organisation_id, lang FROM mso_languages WHERE organisation_id IN ("+db.Placeholders(len(ids))+") ORDER BY lang",
		db.Args(ids)...)
	if err != nil {
		return fmt.Errorf("mso: languages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, lang string
		if err := rows.Scan(&id, &lang); err != nil {
			return fmt.Errorf("mso: languages: %w", err)
		}
		if p, ok := profiles[id]; ok {
			p.Languages = append(p.Languages, lang)
			profiles[id] = p
		}
	}
	return rows.Err()
}

// openCounts counts the requests of each MSO that are open or in progress.
func openCounts(ctx context.Context, q db.Querier, ids []string) (map[string]int, error) {
	out := map[string]int{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT organisation_id, COUNT(*) FROM mso_requests WHERE status IN ('open', 'in_progress') AND organisation_id IN ("+
		db.Placeholders(len(ids))+") GROUP BY organisation_id", db.Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("mso: open requests: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("mso: open requests: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// distinct returns the distinct languages, sorted.
func distinct(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
