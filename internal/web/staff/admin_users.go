package staff

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// usersPerPage is the page size of the user list.
const usersPerPage = 25

type usersPage struct {
	site.Base
	List   site.List
	Search string
	Role   string
	Roles  []perm.Role
}

func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := usersPage{Base: h.Base(w, r, "users.title"), Search: q.Get("q"), Role: q.Get("role"), Roles: perm.Roles}
	if p.Role != "" && !perm.Role(p.Role).Valid() {
		p.Role = ""
	}
	page := site.PageParam(q.Get("page"), 100000)
	users, total, err := h.Auth.Users(r.Context(), auth.UserFilter{Search: p.Search, Role: perm.Role(p.Role),
		Offset: (page - 1) * usersPerPage, Limit: usersPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.List = userList(p.Base, users)
	p.List.Count = p.L.N("users.count", total)
	p.List.Pager = site.NewPager(page, usersPerPage, total, "/admin/users", url.Values{"q": {p.Search}, "role": {p.Role}})
	h.Render(w, r, http.StatusOK, "admin_users", p)
}

// userList shows accounts as a table: name, e-mail, role, status.
func userList(b site.Base, users []auth.User) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("users.empty"), Columns: []site.Column{{Label: b.T("account.name")},
		{Label: b.T("account.email")}, {Label: b.T("users.role")}, {Label: b.T("users.status")}}}
	for _, u := range users {
		status := "users.active"
		switch {
		case u.Disabled:
			status = "users.disabled"
		case !u.HasPassword:
			status = "users.pending"
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: u.Name, Href: "/admin/users/" + u.ID}, {Text: u.Email},
			{Text: b.T("role." + string(u.Role))}, {Text: b.T(status)}}})
	}
	return l
}

type userFormPage struct {
	site.Base
	Form   auth.NewUser
	Roles  []perm.Role
	Scopes []perm.ScopeKind
}

func (h *Handler) newUserForm(w http.ResponseWriter, r *http.Request) {
	p := userFormPage{Base: h.Base(w, r, "user_new.title"), Roles: perm.Roles, Scopes: perm.ScopeKinds,
		Form: auth.NewUser{Role: perm.Counselor, ScopeKind: perm.Office, Language: "de"}}
	h.Render(w, r, http.StatusOK, "admin_user_new", p)
}

// linkPage shows a one-time setup link to the admin, once.
type linkPage struct {
	site.Base
	Subject *auth.User
	Link    string
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	f := auth.NewUser{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: perm.Role(r.PostFormValue("role")),
		ScopeKind: perm.ScopeKind(r.PostFormValue("scope_kind")), ScopeID: r.PostFormValue("scope_id"), Language: r.PostFormValue("language")}
	u, token, err := h.Auth.CreateUser(r.Context(), f, site.PrincipalOf(r))
	var problems valid.Errors
	if errors.As(err, &problems) {
		p := userFormPage{Base: h.Base(w, r, "user_new.title"), Form: f, Roles: perm.Roles, Scopes: perm.ScopeKinds}
		p.Errors = problems
		h.Render(w, r, http.StatusUnprocessableEntity, "admin_user_new", p)
		return
	}
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusCreated, "admin_user_link", linkPage{Base: h.Base(w, r, "user_link.title"), Subject: u, Link: h.setupURL(token)})
}

func (h *Handler) setupURL(token string) string { return h.Config.PublicURL() + "/setup/" + token }

type userPage struct {
	site.Base
	Subject     *auth.User
	RoleName    string
	ScopeName   string
	Self        bool
	Memberships []membershipView
	Roles       []perm.Role
	Scopes      []perm.ScopeKind
	// Form keeps a refused membership as typed.
	Form auth.Membership
}

func (h *Handler) showUser(w http.ResponseWriter, r *http.Request) {
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	h.renderUser(w, r, http.StatusOK, u, auth.Membership{Role: perm.Counselor, ScopeKind: perm.Office}, nil)
}

func (h *Handler) renderUser(w http.ResponseWriter, r *http.Request, status int, u *auth.User, form auth.Membership, problems valid.Errors) {
	ms, err := h.Auth.Memberships(r.Context(), u.ID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := userPage{Base: h.Base(w, r, "user.title"), Subject: u, Self: u.ID == site.PrincipalOf(r).UserID(),
		Roles: perm.Roles, Scopes: perm.ScopeKinds, Form: form}
	p.Errors = problems
	p.RoleName = p.T("role." + string(u.Role))
	p.ScopeName = h.scopeLabel(r, p.Base, u.ScopeKind, u.ScopeID)
	p.Memberships = h.namedMemberships(r, ms)
	h.Render(w, r, status, "admin_user", p)
}

// membershipView is a membership with the name of its registry row.
type membershipView struct {
	auth.Membership
	ScopeName string
}

// namedMemberships names the registry rows of ms.
func (h *Handler) namedMemberships(r *http.Request, ms []auth.Membership) []membershipView {
	refs := map[perm.ScopeKind][]string{}
	for _, m := range ms {
		if m.ScopeID != "" {
			refs[m.ScopeKind] = append(refs[m.ScopeKind], m.ScopeID)
		}
	}
	names := h.scopeNames(r, refs)
	out := make([]membershipView, len(ms))
	for i, m := range ms {
		out[i] = membershipView{Membership: m, ScopeName: names[m.ScopeKind][m.ScopeID]}
	}
	return out
}

func membershipOf(r *http.Request) auth.Membership {
	return auth.Membership{Role: perm.Role(r.PostFormValue("role")), ScopeKind: perm.ScopeKind(r.PostFormValue("scope_kind")),
		ScopeID: r.PostFormValue("scope_id")}
}

func (h *Handler) addMembership(w http.ResponseWriter, r *http.Request) {
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	m := membershipOf(r)
	err := h.Auth.AddMembership(r.Context(), u.ID, m, site.PrincipalOf(r))
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderUser(w, r, http.StatusUnprocessableEntity, u, m, problems)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.membership_added")
		h.Redirect(w, r, "/admin/users/"+u.ID)
	}
}

func (h *Handler) removeMembership(w http.ResponseWriter, r *http.Request) {
	u, ok := h.loadSubject(w, r)
	if !ok {
		return
	}
	err := h.Auth.RemoveMembership(r.Context(), u.ID, membershipOf(r), site.PrincipalOf(r))
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.NotFound(w, r)
	case err != nil:
		h.ServerError(w, r, err)
	default:
		h.SetFlash(w, "flash.membership_removed")
		h.Redirect(w, r, "/admin/users/"+u.ID)
	}
}

func (h *Handler) loadSubject(w http.ResponseWriter, r *http.Request) (*auth.User, bool) {
	u, err := h.Auth.User(r.Context(), r.PathValue("id"))
	if errors.Is(err, db.ErrNotFound) {
		h.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		h.ServerError(w, r, err)
		return nil, false
	}
	return u, true
}
