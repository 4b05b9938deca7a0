package stats

import (
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// Viewer is what one principal may see of the statistics: the whole state
// (the ministry), the regions they coordinate, the offices they lead, and
// their own caseload (counselors and leads). Its fields are unexported:
// only ViewerOf builds one, from the principal the guard built, so no
// caller can widen it.
type Viewer struct {
	statewide bool
	regions   []string
	offices   []string
	counselor string
}

// ViewerOf derives the statistics view from the principal's grants.
// Partners and admins see no statistics (they hold no grant used here).
func ViewerOf(p auth.Principal) Viewer {
	v := Viewer{offices: p.Offices(perm.OfficeLead)}
	for _, g := range p.Grants() {
		if g.OnBehalfOf != "" {
			continue // a substitution widens case rows, never figures
		}
		switch {
		case g.Role == perm.Ministry:
			v.statewide = true
		case g.Role == perm.RegionCoordinator && g.Kind == perm.Region && g.ScopeID != "":
			v.regions = append(v.regions, g.ScopeID)
		case g.Role == perm.Counselor || g.Role == perm.OfficeLead:
			v.counselor = p.UserID()
		}
	}
	slices.Sort(v.regions)
	v.regions = slices.Compact(v.regions)
	return v
}

// Statewide reports whether v sees the whole state.
func (v Viewer) Statewide() bool { return v.statewide }

// Regions are the regions v coordinates.
func (v Viewer) Regions() []string { return slices.Clone(v.regions) }

// Offices are the offices v leads.
func (v Viewer) Offices() []string { return slices.Clone(v.offices) }

// Counselor is the user whose own caseload v sees ("" for none).
func (v Viewer) Counselor() string { return v.counselor }

// SeesFigures reports whether v sees any table (not only a caseload).
func (v Viewer) SeesFigures() bool { return v.statewide || len(v.regions) > 0 || len(v.offices) > 0 }

// sees reports whether v may see the unit at row r of s and, with it,
// the rows below.
func (v Viewer) sees(s *Snapshot, r int) bool {
	if v.statewide {
		return true
	}
	for x := r; x >= 0; x = s.rows[x].parent {
		row := s.rows[x]
		switch row.Level {
		case RegionLevel:
			if slices.Contains(v.regions, row.ID) {
				return true
			}
		case OfficeLevel:
			if slices.Contains(v.offices, row.ID) {
				return true
			}
		}
	}
	return false
}
