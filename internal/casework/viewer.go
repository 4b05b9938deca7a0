package casework

import (
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// Viewer is who acts on client files and where: the offices a principal
// leads, those where they counsel, and the colleagues' files they cover
// by a substitution in force. It is derived from an auth.Principal by
// ViewerOf only; its fields are unexported, so no caller can widen it.
// The zero Viewer sees nothing.
type Viewer struct {
	p auth.Principal
	// lead are the offices the viewer leads: all their files, whatever the
	// office's visibility setting.
	lead []string
	// counsel are the offices where the viewer counsels and does not lead:
	// the files of the office, or only their own where the office's
	// visibility is "own".
	counsel []string
	// covers are the absent colleagues' files of one office the viewer
	// works on today (substitutions, within the viewer's offices).
	covers []cover
	// ownOnly narrows counsel offices to the viewer's own files (the
	// deadline list of a counselor).
	ownOnly bool
}

// cover is a substitution in force: the files of absent in office.
type cover struct{ office, absent string }

// ViewerOf derives the case viewer of a principal: offices where it leads
// or counsels (account scope and memberships), and the substitutions in
// force on the principal's day. Principals without such grants (partner,
// ministry, admin, region coordinator, anonymous) see nothing.
func ViewerOf(p auth.Principal) Viewer {
	v := Viewer{p: p}
	if !p.Staff() {
		return v
	}
	v.lead = p.Offices(perm.OfficeLead)
	for _, id := range p.Offices(perm.Counselor) {
		if !slices.Contains(v.lead, id) {
			v.counsel = append(v.counsel, id)
		}
	}
	for _, g := range p.Grants() {
		if g.OnBehalfOf != "" && g.Kind == perm.Office && v.WorksIn(g.ScopeID) && !g.Until.Before(p.Today()) {
			v.covers = append(v.covers, cover{office: g.ScopeID, absent: g.OnBehalfOf})
		}
	}
	return v
}

// UserID is the viewer's account id.
func (v Viewer) UserID() string { return v.p.UserID() }

// Offices lists the offices the viewer leads or counsels in.
func (v Viewer) Offices() []string { return append(slices.Clone(v.lead), v.counsel...) }

// WorksIn reports whether the viewer leads or counsels in office.
func (v Viewer) WorksIn(office string) bool {
	return office != "" && (slices.Contains(v.lead, office) || slices.Contains(v.counsel, office))
}

// Leads reports whether the viewer leads office.
func (v Viewer) Leads(office string) bool { return office != "" && slices.Contains(v.lead, office) }

// ownFiles narrows v to their own files in the offices where they
// counsel (and those they cover); led offices stay whole.
func (v Viewer) ownFiles() Viewer {
	v.ownOnly = true
	return v
}

// entry starts an audit entry by v about file id.
func (v Viewer) entry(action, id string, detail map[string]string) audit.Entry {
	return v.p.Entry(action, audit.ResultSuccess, objectType, id, detail)
}
