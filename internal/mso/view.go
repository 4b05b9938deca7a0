package mso

import (
	"context"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// view is a principal as the MSO store sees it: which MSOs they reach and
// which profiles they may change. It is built by the store for each call
// and never leaves the package, so no caller can widen it.
type view struct {
	p auth.Principal
	// statewide: the ministry reaches every MSO.
	statewide bool
	// coordinates are the regions p coordinates (may edit their MSOs).
	coordinates []string
	// regions are the regions whose MSOs p reaches: coordinated, or the
	// region of an office p leads or counsels in.
	regions []string
	// orgs are the organisations p works for (an MSO's own staff edit
	// their profile).
	orgs []string
}

// viewOf builds p's view; only grants of roles holding MSOSupport count
// (a substitution never widens it).
func viewOf(ctx context.Context, q db.Querier, p auth.Principal) (view, error) {
	x := view{p: p}
	if !p.Staff() || !p.Can(perm.MSOSupport) {
		return x, nil
	}
	x.statewide = p.Holds(perm.Ministry, perm.Statewide, "")
	var offices []string
	for _, g := range p.Grants() {
		if g.OnBehalfOf != "" || !perm.Allowed(g.Role, perm.MSOSupport) {
			continue
		}
		switch g.Kind {
		case perm.Region:
			x.coordinates = appendNew(x.coordinates, g.ScopeID)
		case perm.Organisation:
			x.orgs = appendNew(x.orgs, g.ScopeID)
		case perm.Office:
			offices = appendNew(offices, g.ScopeID)
		}
	}
	x.regions = slices.Clone(x.coordinates)
	if len(offices) == 0 {
		return x, nil
	}
	regions, err := network.RegionsOfOffices(ctx, q, offices)
	if err != nil {
		return x, err
	}
	orgs, err := network.OrganisationsOfOffices(ctx, q, offices)
	if err != nil {
		return x, err
	}
	for _, r := range regions {
		x.regions = appendNew(x.regions, r)
	}
	for _, o := range orgs {
		x.orgs = appendNew(x.orgs, o)
	}
	return x, nil
}

// sees reports whether x reaches the MSO.
func (x view) sees(o network.MSOOrg) bool {
	return x.statewide || (o.RegionID != "" && slices.Contains(x.regions, o.RegionID)) || slices.Contains(x.orgs, o.ID)
}

// edits reports whether x may change the MSO's profile and consent: the
// ministry, the coordinators of its region, its own staff.
func (x view) edits(o network.MSOOrg) bool {
	return x.statewide || (o.RegionID != "" && slices.Contains(x.coordinates, o.RegionID)) || slices.Contains(x.orgs, o.ID)
}

// scope is x's reach as the registry's MSO filter.
func (x view) scope() network.MSOScope {
	return network.MSOScope{All: x.statewide, Regions: x.regions, IDs: x.orgs}
}

// requestScope is the SQL condition "request r is in x's reach" with its
// arguments: the region it is handled by, or the organisation's own staff.
func (x view) requestScope() (string, []any) {
	if x.statewide {
		return "1 = 1", nil
	}
	cond, args := "1 = 0", []any{}
	if len(x.regions) > 0 {
		cond, args = "r.region_id IN ("+db.Placeholders(len(x.regions))+")", db.Args(x.regions)
	}
	if len(x.orgs) > 0 {
		cond += " OR r.organisation_id IN (" + db.Placeholders(len(x.orgs)) + ")"
		args = append(args, db.Args(x.orgs)...)
	}
	return "(" + cond + ")", args
}

func appendNew(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
