package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// rolePage changes an account's own role and scope (memberships add
// further roles on the account page).
type rolePage struct {
	site.Base
	Subject *auth.User
	Form    auth.Membership
	Roles   []perm.Role
	Scopes  []perm.ScopeKind
}

func (h *Handler) roleForm(w http.ResponseWriter, r *http.Request) {
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	ref, err := h.Network.ScopeRef(r.Context(), u.ScopeKind, u.ScopeID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	form := auth.Membership{Role: u.Role, ScopeKind: u.ScopeKind, ScopeID: ref}
	h.renderRole(w, r, http.StatusOK, u, form, nil)
}

func (h *Handler) renderRole(w http.ResponseWriter, r *http.Request, status int, u *auth.User, form auth.Membership, problems valid.Errors) {
	p := rolePage{Base: h.Base(w, r, "user_role.title"), Subject: u, Form: form, Roles: perm.Roles, Scopes: perm.ScopeKinds}
	p.Title = p.T("user_role.title_named", "Name", u.Name)
	p.Errors = problems
	h.Render(w, r, status, "admin_user_role", p)
}

// changeRole stores the new role; it applies from the account's next
// request (every request builds its principal anew).
func (h *Handler) changeRole(w http.ResponseWriter, r *http.Request) {
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	m := membershipOf(r)
	err := h.Auth.ChangeRole(r.Context(), u.ID, m.Role, m.ScopeKind, m.ScopeID, site.PrincipalOf(r))
	var problems valid.Errors
	switch {
	case err == nil:
		h.SetFlash(w, "flash.user_role_changed")
		h.Redirect(w, r, "/admin/users/"+u.ID)
	case errors.As(err, &problems):
		h.renderRole(w, r, http.StatusUnprocessableEntity, u, m, problems)
	case errors.Is(err, auth.ErrOwnRole):
		h.Fail(w, r, http.StatusConflict, "user_role.own")
	case errors.Is(err, auth.ErrLastAdmin):
		h.Fail(w, r, http.StatusConflict, "user_role.last_admin")
	default:
		h.ServerError(w, r, err)
	}
}
