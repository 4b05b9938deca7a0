package volunteer

import (
	"context"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// reach is the part of the state a principal works in: everything for the
// ministry, the regions a coordinator coordinates, and the regions of the
// offices an office lead or counselor works in. Volunteers belong to the
// region of their postcode, requests to their office (and its region).
// It is built from the principal in every store call and never leaves
// the package.
type reach struct {
	all bool
	// coordinated are the regions coordinated; regions adds those of the
	// offices.
	coordinated, regions, offices []string
}

func (s *Store) reachOf(ctx context.Context, q db.Querier, p auth.Principal) (reach, error) {
	var r reach
	for _, g := range p.Grants() {
		switch {
		case g.OnBehalfOf != "":
		case g.Role == perm.Ministry && g.Kind == perm.Statewide:
			r.all = true
		case g.Role == perm.RegionCoordinator && g.Kind == perm.Region && g.ScopeID != "":
			r.coordinated = append(r.coordinated, g.ScopeID)
		case (g.Role == perm.OfficeLead || g.Role == perm.Counselor) && g.Kind == perm.Office && g.ScopeID != "":
			r.offices = append(r.offices, g.ScopeID)
		}
	}
	ofOffices, err := network.RegionsOfOffices(ctx, q, r.offices)
	if err != nil {
		return r, err
	}
	r.regions = append(slices.Clone(r.coordinated), ofOffices...)
	return r, nil
}

func (r reach) none() bool { return !r.all && len(r.regions) == 0 && len(r.offices) == 0 }

// has reports whether region lies in r.
func (r reach) has(region string) bool { return r.all || slices.Contains(r.regions, region) }

// volunteers is the SQL condition that the volunteer v lies in r.
func (r reach) volunteers() (string, []any) {
	if r.all {
		return "1 = 1", nil
	}
	if len(r.regions) == 0 {
		return "1 = 0", nil
	}
	return `v.region_id IN (` + db.Placeholders(len(r.regions)) + `)`, db.Args(r.regions)
}

// requests is the SQL condition on a request r: office staff see their
// offices' requests, coordinators those of their regions.
func (r reach) requests() (string, []any) {
	if r.all {
		return "1 = 1", nil
	}
	var parts []string
	var args []any
	if len(r.coordinated) > 0 {
		parts = append(parts, `r.region_id IN (`+db.Placeholders(len(r.coordinated))+`)`)
		args = append(args, db.Args(r.coordinated)...)
	}
	if len(r.offices) > 0 {
		parts = append(parts, `r.office_id IN (`+db.Placeholders(len(r.offices))+`)`)
		args = append(args, db.Args(r.offices)...)
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
