package regional

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Who an item of a space reaches mirrors ParticipantOf from the other
// side: for a region, its coordinators, the staff of its member
// organisations (by account scope, an office of theirs or a membership;
// the representatives and deputies among them) and its guests whose
// invitation runs today; for the state, all of those in every region and
// the ministry. Admins take part nowhere.

// reachOf lists the accounts an item of spaces reaches, each once, sorted.
func reachOf(ctx context.Context, q db.Querier, spaces []string, today time.Time) ([]string, error) {
	state := slices.Contains(spaces, StateSpace)
	regions := slices.DeleteFunc(slices.Clone(spaces), func(s string) bool { return s == StateSpace })
	if state {
		names, err := network.RegionNames(ctx, q)
		if err != nil {
			return nil, err
		}
		regions = regions[:0]
		for id := range names {
			regions = append(regions, id)
		}
	}
	var all []string
	if len(regions) > 0 {
		people, err := regionPeople(ctx, q, regions, today)
		if err != nil {
			return nil, err
		}
		all = people
	}
	if state {
		ministry, err := auth.AccountsHolding(ctx, q, perm.Statewide, nil, []perm.Role{perm.Ministry})
		if err != nil {
			return nil, err
		}
		all = append(all, ministry...)
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

// seersOf lists the accounts that see space: whom it reaches, and the
// ministry for a region.
func seersOf(ctx context.Context, q db.Querier, space string, today time.Time) ([]string, error) {
	spaces := []string{space}
	people, err := reachOf(ctx, q, spaces, today)
	if err != nil || space == StateSpace {
		return people, err
	}
	ministry, err := auth.AccountsHolding(ctx, q, perm.Statewide, nil, []perm.Role{perm.Ministry})
	if err != nil {
		return nil, err
	}
	people = append(people, ministry...)
	slices.Sort(people)
	return slices.Compact(people), nil
}

// regionPeople lists the people taking part in the regions (unsorted,
// possibly twice).
func regionPeople(ctx context.Context, q db.Querier, regions []string, today time.Time) ([]string, error) {
	in, args := db.Placeholders(len(regions)), db.Args(regions)
	var orgs, named []string
	rows, err := q.Query(ctx, `SELECT organisation_id, COALESCE(representative_id, ''), COALESCE(deputy_id, '')
		FROM region_members WHERE region_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("regional: reach: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org, rep, dep string
		if err := rows.Scan(&org, &rep, &dep); err != nil {
			return nil, fmt.Errorf("regional: reach: %w", err)
		}
		orgs, named = appendNew(orgs, org), append(named, rep, dep)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: reach: %w", err)
	}
	rows.Close()
	guests, err := strings1(ctx, q, "SELECT user_id FROM region_guests WHERE region_id IN ("+in+") AND (until_on IS NULL OR until_on >= ?)",
		append(args, today)...)
	if err != nil {
		return nil, err
	}
	// Representatives and guests count while their account is enabled.
	contacts, err := auth.ContactsOf(ctx, q, nonEmpty(append(named, guests...)))
	if err != nil {
		return nil, err
	}
	var out []string
	for id := range contacts {
		out = append(out, id)
	}
	offices, err := network.OfficesOfOrganisations(ctx, q, orgs)
	if err != nil {
		return nil, err
	}
	for _, g := range []struct {
		kind  perm.ScopeKind
		ids   []string
		roles []perm.Role
	}{
		{perm.Organisation, orgs, takingPart()},
		{perm.Office, offices, takingPart()},
		{perm.Region, regions, []perm.Role{perm.RegionCoordinator}},
	} {
		ids, err := auth.AccountsHolding(ctx, q, g.kind, g.ids, g.roles)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// takingPart lists the roles that take part in regional networks at all.
func takingPart() []perm.Role {
	var out []perm.Role
	for _, r := range perm.Roles {
		if perm.Allowed(r, perm.RegionTakePart) {
			out = append(out, r)
		}
	}
	return out
}
