package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type dashboardPage struct {
	site.Base
	RoleName     string
	ScopeName    string
	CodesLeft    int
	CanManage    bool
	CanReadAudit bool
	// Deadlines is the deadline box for case workers (nil for others).
	Deadlines *deadlineSummary
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	me := site.PrincipalOf(r)
	left, err := h.Auth.RecoveryCodesLeft(r.Context(), me)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := dashboardPage{Base: h.Base(w, r, "dashboard.title"), CodesLeft: left,
		CanManage: me.Can(perm.UserManage), CanReadAudit: me.Can(perm.AuditRead)}
	p.RoleName = p.T("role." + string(me.Account().Role))
	p.ScopeName = h.scopeLabel(r, p.Base, me.Account().Kind, me.Account().ScopeID)
	p.Deadlines = h.dashboardDeadlineSummary(r, p.Base)
	h.Render(w, r, http.StatusOK, "dashboard", p)
}

// scopeLabel says where a role applies, naming the registry row, e.g.
// "Regionalverbund: Braunschweig" (the id when the row is gone).
func (h *Handler) scopeLabel(r *http.Request, b site.Base, kind perm.ScopeKind, id string) string {
	label := b.T("scope." + string(kind))
	if id == "" {
		return label
	}
	return label + ": " + h.scopeNames(r, map[perm.ScopeKind][]string{kind: {id}})[kind][id]
}

// scopeNames names the registry rows of refs; a row it cannot name keeps
// its id (a lookup failure is logged, the page still shows).
func (h *Handler) scopeNames(r *http.Request, refs map[perm.ScopeKind][]string) map[perm.ScopeKind]map[string]string {
	names, err := h.Network.ScopeNames(r.Context(), refs)
	if err != nil {
		h.Log.Error("scope names", "err", err)
	}
	out := map[perm.ScopeKind]map[string]string{}
	for kind, ids := range refs {
		out[kind] = map[string]string{}
		for _, id := range ids {
			if n := names[kind][id]; n != "" {
				out[kind][id] = n
			} else {
				out[kind][id] = id
			}
		}
	}
	return out
}
