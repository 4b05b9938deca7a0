package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
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
	u := site.StateOf(r).User
	left, err := auth.RecoveryCodesLeft(r.Context(), h.DB, u.ID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := dashboardPage{Base: h.Base(w, r, "dashboard.title"), CodesLeft: left,
		CanManage: u.Can(perm.UserManage), CanReadAudit: u.Can(perm.AuditRead)}
	p.RoleName = p.T("role." + string(u.Role))
	p.ScopeName = scopeLabel(p.Base, u)
	p.Deadlines = h.dashboardDeadlineSummary(r, p.Base)
	h.Render(w, r, http.StatusOK, "dashboard", p)
}

// scopeLabel says where a role applies, e.g. "Region: braunschweig".
func scopeLabel(b site.Base, u *auth.User) string {
	label := b.T("scope." + string(u.ScopeKind))
	if u.ScopeID != "" {
		label += ": " + u.ScopeID
	}
	return label
}
