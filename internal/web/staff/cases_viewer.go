package staff

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseOffice is one office the signed-in user works in, for selects and
// for naming a file's office.
type caseOffice struct {
	ID, Name string
	// Lead says the user leads this office (not only counsels in it).
	Lead bool
}

// caseWork is the signed-in user as a case worker: the casework viewer and
// the offices behind it.
type caseWork struct {
	Viewer  casework.Viewer
	Offices []caseOffice
}

// officeName names one of the user's offices ("" when not one of them).
func (cw caseWork) officeName(id string) string {
	for _, o := range cw.Offices {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// caseViewer resolves who acts on client files (see caseWorkOf).
func (h *Handler) caseViewer(r *http.Request) (casework.Viewer, error) {
	cw, err := h.caseWorkOf(r)
	return cw.Viewer, err
}

// caseWorkOf resolves the signed-in user's offices: the account's own scope
// and the memberships, where the role is counselor or office lead and the
// scope is an office. An account's scope id may name the office by its
// UUID or by its external id; both resolve to the UUID here.
//
// casework.Viewer has one Lead flag for all offices, so it is set only when
// the user leads every office they work in. Someone who leads office A and
// counsels in office B is therefore treated as a counselor in A as well: in
// an office with case_visibility "own" they see only their own files there.
// That errs on the side of less access, never more.
func (h *Handler) caseWorkOf(r *http.Request) (caseWork, error) {
	u := site.StateOf(r).User
	cw := caseWork{Viewer: casework.Viewer{UserID: u.ID, Email: u.Email, IP: h.ClientIP(r), Today: h.Cases.Today()}}
	refs, leads := caseScopeRefs(u)
	if len(refs) == 0 {
		return cw, nil
	}
	offices, err := h.resolveOffices(r.Context(), refs, leads)
	if err != nil {
		return cw, err
	}
	cw.Offices = offices
	cw.Viewer.Lead = len(offices) > 0
	for _, o := range offices {
		cw.Viewer.OfficeIDs = append(cw.Viewer.OfficeIDs, o.ID)
		cw.Viewer.Lead = cw.Viewer.Lead && o.Lead
	}
	return cw, nil
}

// caseScopeRefs lists the office references (UUID or external id) where u
// counsels or leads, and the subset where u leads.
func caseScopeRefs(u *auth.User) (refs []string, leads map[string]bool) {
	leads = map[string]bool{}
	for _, s := range u.Scopes() {
		if s.ScopeKind != perm.Office || s.ScopeID == "" || (s.Role != perm.Counselor && s.Role != perm.OfficeLead) {
			continue
		}
		if !slices.Contains(refs, s.ScopeID) {
			refs = append(refs, s.ScopeID)
		}
		if s.Role == perm.OfficeLead {
			leads[s.ScopeID] = true
		}
	}
	return refs, leads
}

// resolveOffices finds the offices named by refs (by id or external id).
func (h *Handler) resolveOffices(ctx context.Context, refs []string, leads map[string]bool) ([]caseOffice, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(refs)), ", ")
	args := make([]any, 0, 2*len(refs))
	for _, ref := range refs {
		args = append(args, ref)
	}
	args = append(args, args...)
	rows, err := h.DB.Query(ctx, `SELECT id, COALESCE(external_id, ''), name FROM offices
		WHERE id IN (`+marks+`) OR external_id IN (`+marks+`) ORDER BY name, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("web: case offices: %w", err)
	}
	defer rows.Close()
	var out []caseOffice
	for rows.Next() {
		var o caseOffice
		var ext string
		if err := rows.Scan(&o.ID, &ext, &o.Name); err != nil {
			return nil, fmt.Errorf("web: case offices: %w", err)
		}
		o.Lead = leads[o.ID] || (ext != "" && leads[ext])
		out = append(out, o)
	}
	return out, rows.Err()
}
