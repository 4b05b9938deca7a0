package auth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Client is where a request comes from, for the audit log and throttling.
type Client struct {
	IP, UserAgent string
	// Device is the browser's device cookie (see DeviceToken), if any.
	Device string
}

// Grant is one role a principal holds within one scope: the account's own
// role, a membership, or a grant another domain adds for a time (a
// substitution: work on an absent colleague's files of one office).
type Grant struct {
	Role perm.Role
	Kind perm.ScopeKind
	// ScopeID is the registry row (office, organisation or region id); ""
	// when statewide.
	ScopeID string
	// OnBehalfOf is the user whose files of office ScopeID the principal
	// works on (a substitution), until Until (that day included). Such a
	// grant widens a row scope only, never a route permission.
	OnBehalfOf string
	Until      time.Time
}

// Principal is who acts in a request: a signed-in person with their roles
// and scopes, an anonymous visitor, or the platform itself (command line,
// demo data); the anonymous client of online counseling and the registrant
// of an event will be principals of their own kinds. The guard builds it once per request through the Service;
// its fields are unexported, so no other package can build or widen one.
// Stores take it, or a view derived from it (casework.ViewerOf,
// network.EditorOf). The zero value is an anonymous visitor who may do
// nothing.
type Principal struct {
	userID, email, name, language string
	// system names the platform component acting ("cli", "demo"); "" for people.
	system    string
	client    Client
	sessionID string
	grants    []Grant
	// today is the calendar date the grants were resolved for.
	today time.Time
}

// Anonymous is a visitor without an account (or between password and
// second factor: no grants until the login is complete).
func Anonymous(c Client) Principal { return Principal{client: c} }

// SystemPrincipal acts for the platform itself with statewide registry
// rights (never case access): the command line's import and the demo
// generator. Only internal/app and internal/demo may call it (archtest).
func SystemPrincipal(name string) Principal {
	return Principal{system: name, grants: []Grant{{Role: perm.Ministry, Kind: perm.Statewide}}}
}

// systemActor names a platform component in the audit log, without grants.
func systemActor(name string) Principal { return Principal{system: name} }

// UserID is the account's id ("" for anonymous visitors and the platform).
func (p Principal) UserID() string { return p.userID }

// Email is the account's e-mail address.
func (p Principal) Email() string { return p.email }

// Name is the account holder's name.
func (p Principal) Name() string { return p.name }

// Language is the account's interface language.
func (p Principal) Language() string { return p.language }

// Client is where the request came from.
func (p Principal) Client() Client { return p.client }

// SessionID is the id of the session the request came with ("" without).
func (p Principal) SessionID() string { return p.sessionID }

// Today is the calendar date (Lower Saxony) the grants hold for.
func (p Principal) Today() time.Time { return p.today }

// Staff reports whether p is a fully signed-in staff member.
func (p Principal) Staff() bool { return p.userID != "" && len(p.grants) > 0 }

// Grants lists p's roles with their scopes (a copy).
func (p Principal) Grants() []Grant { return slices.Clone(p.grants) }

// Account is the account's own role and scope (zero for non-staff).
func (p Principal) Account() Grant {
	if p.userID == "" || len(p.grants) == 0 {
		return Grant{}
	}
	return p.grants[0]
}

// Can reports whether one of p's roles holds permission perm. Which rows
// it reaches is decided by the stores from the scopes. Substitutions grant
// no permission of their own.
func (p Principal) Can(permission perm.Permission) bool {
	for _, g := range p.grants {
		if g.OnBehalfOf == "" && perm.Allowed(g.Role, permission) {
			return true
		}
	}
	return false
}

// Offices lists the offices where p holds one of roles (by account scope
// or membership; substitutions not included), each once, in grant order.
// It answers "which offices does p lead or counsel in".
func (p Principal) Offices(roles ...perm.Role) []string {
	var out []string
	for _, g := range p.grants {
		if g.Kind == perm.Office && g.ScopeID != "" && g.OnBehalfOf == "" && slices.Contains(roles, g.Role) &&
			!slices.Contains(out, g.ScopeID) {
			out = append(out, g.ScopeID)
		}
	}
	return out
}

// Holds reports whether p holds role within the scope kind/id (not by a
// substitution).
func (p Principal) Holds(role perm.Role, kind perm.ScopeKind, id string) bool {
	return slices.ContainsFunc(p.grants, func(g Grant) bool {
		return g.OnBehalfOf == "" && g.Role == role && g.Kind == kind && (kind == perm.Statewide || (id != "" && g.ScopeID == id))
	})
}

// Entry starts an audit entry of an action by p.
func (p Principal) Entry(action string, result audit.Result, objectType, objectID string, detail map[string]string) audit.Entry {
	actor := p.email
	if p.system != "" {
		actor = p.system
	}
	return audit.Entry{ActorID: p.userID, Actor: actor, IP: p.client.IP, Action: action, ObjectType: objectType,
		ObjectID: objectID, Result: result, Detail: detail}
}

// as is p acting as (or trying to sign in as) the account u: who the
// audit entries name; no grants are added.
func (p Principal) as(u *User) Principal {
	p.userID, p.email, p.name, p.language = u.ID, u.Email, u.Name, u.Language
	return p
}

// GrantSource adds grants other domains decide (the case store's
// substitutions in force today). It is called inside the read that builds
// a principal, with the grants so far.
type GrantSource func(ctx context.Context, q db.Querier, p Principal) ([]Grant, error)

// principalOf builds the principal of a signed-in account: its own role
// and scope, its memberships and the grants of the grant sources.
func (s *Service) principalOf(ctx context.Context, q db.Querier, u *User, c Client, sessionID string) (Principal, error) {
	p := Principal{client: c, sessionID: sessionID, today: s.clock.Today()}.as(u)
	p.grants = []Grant{{Role: u.Role, Kind: u.ScopeKind, ScopeID: u.ScopeID}}
	ms, err := MembershipsOf(ctx, q, u.ID)
	if err != nil {
		return Principal{}, err
	}
	for _, m := range ms {
		p.grants = append(p.grants, Grant{Role: m.Role, Kind: m.ScopeKind, ScopeID: m.ScopeID})
	}
	for _, source := range s.grantSources {
		more, err := source(ctx, q, p)
		if err != nil {
			return Principal{}, fmt.Errorf("auth: grants: %w", err)
		}
		p.grants = append(p.grants, more...)
	}
	return p, nil
}

// PrincipalOf builds the principal of the account userID as if it had
// signed in from c (the command line and tests; requests get theirs from
// Authenticate). Disabled accounts give ErrSessionInvalid.
func (s *Service) PrincipalOf(ctx context.Context, userID string, c Client) (Principal, error) {
	u, err := UserByID(ctx, s.db, userID)
	if err != nil {
		return Principal{}, err
	}
	if u.Disabled {
		return Principal{}, ErrSessionInvalid
	}
	return s.principalOf(ctx, s.db, u, c, "")
}
