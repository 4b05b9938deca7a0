package regional

import (
	"context"
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Participant is a principal as the regional networks see it: which
// regions they take part in, which they coordinate, and the organisations
// they work for. It is built once per request by ParticipantOf; its fields
// are unexported so no caller can widen it.
type Participant struct {
	p auth.Principal
	// statewide: the ministry sees and coordinates every region.
	statewide bool
	// coordinates are the regions p coordinates (a region coordinator's
	// account or membership).
	coordinates []string
	// regions are the regions p takes part in (coordinated, by a member
	// organisation, or as a guest), sorted.
	regions []string
	// orgs are the organisations p works for (account scope, an office of
	// theirs, or a membership).
	orgs []string
}

// ParticipantOf builds p's participant view: the regions come from the
// member organisations and guest invitations in the database. Admins and
// people outside every region's network take part nowhere.
func (s *Store) ParticipantOf(ctx context.Context, p auth.Principal) (Participant, error) {
	return participantOf(ctx, s.db, p)
}

func participantOf(ctx context.Context, q db.Querier, p auth.Principal) (Participant, error) {
	x := Participant{p: p}
	if !p.Staff() || !p.Can(perm.RegionTakePart) {
		return x, nil
	}
	x.statewide = p.Holds(perm.Ministry, perm.Statewide, "")
	var offices []string
	for _, g := range p.Grants() {
		if g.OnBehalfOf != "" {
			continue
		}
		switch g.Kind {
		case perm.Region:
			if g.Role == perm.RegionCoordinator && !slices.Contains(x.coordinates, g.ScopeID) {
				x.coordinates = append(x.coordinates, g.ScopeID)
			}
		case perm.Organisation:
			x.orgs = appendNew(x.orgs, g.ScopeID)
		case perm.Office:
			offices = appendNew(offices, g.ScopeID)
		}
	}
	if len(offices) > 0 {
		orgs, err := network.OrganisationsOfOffices(ctx, q, offices)
		if err != nil {
			return x, err
		}
		for _, o := range orgs {
			x.orgs = appendNew(x.orgs, o)
		}
	}
	if x.statewide {
		names, err := network.RegionNames(ctx, q)
		if err != nil {
			return x, err
		}
		for id := range names {
			x.regions = append(x.regions, id)
		}
		slices.Sort(x.regions)
		return x, nil
	}
	x.regions = slices.Clone(x.coordinates)
	args := []any{p.UserID(), p.Today()}
	query := "SELECT region_id FROM region_guests WHERE user_id = ? AND (until_on IS NULL OR until_on >= ?)"
	if len(x.orgs) > 0 {
		query += " UNION SELECT region_id FROM region_members WHERE organisation_id IN (" + db.Placeholders(len(x.orgs)) + ")"
		args = append(args, db.Args(x.orgs)...)
	}
	more, err := strings1(ctx, q, query, args...)
	if err != nil {
		return x, err
	}
	for _, r := range more {
		x.regions = appendNew(x.regions, r)
	}
	slices.Sort(x.regions)
	return x, nil
}

// UserID is the participant's account.
func (x Participant) UserID() string { return x.p.UserID() }

// Principal is the principal the view was built from (for audit entries).
func (x Participant) Principal() auth.Principal { return x.p }

// Statewide reports whether x sees every region (the ministry).
func (x Participant) Statewide() bool { return x.statewide }

// Regions lists the regions x takes part in, sorted by id.
func (x Participant) Regions() []string { return slices.Clone(x.regions) }

// Coordinated lists the regions x coordinates (all for the ministry).
func (x Participant) Coordinated() []string {
	if x.statewide {
		return slices.Clone(x.regions)
	}
	return slices.Clone(x.coordinates)
}

// Organisations lists the organisations x works for.
func (x Participant) Organisations() []string { return slices.Clone(x.orgs) }

// TakesPart reports whether x takes part anywhere (and so in the state's
// space).
func (x Participant) TakesPart() bool { return len(x.regions) > 0 || x.statewide }

// Sees reports whether x may read the items of space (a region or
// StateSpace).
func (x Participant) Sees(space string) bool {
	if space == StateSpace {
		return x.TakesPart()
	}
	return slices.Contains(x.regions, space)
}

// Coordinates reports whether x manages space: members, meetings,
// minutes, announcements and folders. The state's space is the
// ministry's.
func (x Participant) Coordinates(space string) bool {
	if x.statewide {
		return space == StateSpace || slices.Contains(x.regions, space)
	}
	return space != StateSpace && slices.Contains(x.coordinates, space)
}

// Spaces lists what x sees: the regions, then the state's space.
func (x Participant) Spaces() []string {
	if !x.TakesPart() {
		return nil
	}
	return append(slices.Clone(x.regions), StateSpace)
}

// seen is the SQL condition "column is a space x sees" with its
// arguments; it is false for somebody who takes part nowhere.
func (x Participant) seen(column string) (string, []any) {
	spaces := x.Spaces()
	if len(spaces) == 0 {
		return "1 = 0", nil
	}
	return column + " IN (" + db.Placeholders(len(spaces)) + ")", db.Args(spaces)
}

func appendNew(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// strings1 reads a one-column list of strings.
func strings1(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("regional: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("regional: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
