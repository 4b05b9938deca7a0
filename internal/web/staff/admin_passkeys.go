package staff

import (
	"errors"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// passkeyPolicyPage lets admins choose the roles that sign in with a
// passkey.
type passkeyPolicyPage struct {
	site.Base
	Roles []passkeyRoleChoice
	On    bool
}

// passkeyRoleChoice is one role's checkbox; CaseData marks the roles that
// see client files (the ones the rule is meant for).
type passkeyRoleChoice struct {
	Value, Label      string
	Checked, CaseData bool
}

func (h *Handler) passkeyPolicy(w http.ResponseWriter, r *http.Request) {
	roles, err := h.Auth.PasskeyRoles(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.renderPasskeyPolicy(w, r, http.StatusOK, roles, nil)
}

func (h *Handler) renderPasskeyPolicy(w http.ResponseWriter, r *http.Request, status int, chosen []perm.Role, problems valid.Errors) {
	p := passkeyPolicyPage{Base: h.Base(w, r, "passkey.policy_title"), On: h.Auth.PasskeysOn()}
	p.Errors = problems
	for _, role := range perm.Roles {
		p.Roles = append(p.Roles, passkeyRoleChoice{Value: string(role), Label: p.T("role." + string(role)),
			Checked: slices.Contains(chosen, role), CaseData: perm.Allowed(role, perm.CaseRead)})
	}
	h.Render(w, r, status, "admin_passkeys", p)
}

func (h *Handler) savePasskeyPolicy(w http.ResponseWriter, r *http.Request) {
	var roles []perm.Role
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, perm.Role(v))
	}
	err := h.Auth.SetPasskeyRoles(r.Context(), site.PrincipalOf(r), roles)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderPasskeyPolicy(w, r, http.StatusUnprocessableEntity, roles, problems)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.passkey_policy")
		h.Redirect(w, r, "/admin/passkeys")
	}
}
