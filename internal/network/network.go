// Package network is the registry of the KMN network: regions
// (Regionalverbünde), districts, programs, topics, organisations, offices
// and funded posts. It holds the types, the rules and the SQL; every change
// is audited with before and after values in the same transaction.
package network

import (
	"errors"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// ErrNotFound is returned for rows that do not exist or are outside the
// editor's scope (the two must look the same).
var ErrNotFound = db.ErrNotFound

// ErrStale is returned when a row changed since the editor loaded it.
var ErrStale = errors.New("network: changed by someone else in the meantime")

// Store reads and writes the registry.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore wires the store; clk is the platform's clock.
func NewStore(d *db.DB, a *audit.Log, clk clock.Clock) *Store {
	return &Store{db: d, audit: a, now: clk.Now}
}

// stamp is the updated_at of a row saved now whose previous version is
// before. updated_at is the version optimistic locking compares, so it
// must move forward even when two saves fall into the same microsecond
// (or the clock stands still, as in tests).
func (s *Store) stamp(before time.Time) time.Time {
	if now := s.now(); now.After(before) {
		return now
	}
	return before.Add(time.Microsecond)
}

// Editor is who changes the registry and within which scope: office leads
// their office, region coordinators their region, the ministry everything.
type Editor struct {
	UserID, Email, IP string
	Role              perm.Role
	ScopeKind         perm.ScopeKind
	ScopeID           string
	// Memberships are further roles of the editor within registry rows.
	Memberships []Scope
}

// Scope is one role within one registry row (or statewide).
type Scope struct {
	Role perm.Role
	Kind perm.ScopeKind
	ID   string
}

// scopes lists the account's own scope and the memberships.
func (e Editor) scopes() []Scope {
	return append([]Scope{{Role: e.Role, Kind: e.ScopeKind, ID: e.ScopeID}}, e.Memberships...)
}

// holds reports whether one of the editor's scopes has role in kind and
// its id is one of ids.
func (e Editor) holds(role perm.Role, kind perm.ScopeKind, ids ...string) bool {
	for _, s := range e.scopes() {
		if s.Role != role || s.Kind != kind || s.ID == "" {
			continue
		}
		for _, id := range ids {
			if id != "" && s.ID == id {
				return true
			}
		}
	}
	return false
}

// statewide reports whether the editor may change any row.
func (e Editor) statewide() bool {
	for _, s := range e.scopes() {
		if s.Role == perm.Ministry {
			return true
		}
	}
	return false
}

// Page selects one page of a list.
type Page struct {
	Offset, Limit int
}

// Clamp keeps a page request within sane bounds.
func (p Page) Clamp(max int) Page {
	if p.Limit <= 0 || p.Limit > max {
		p.Limit = max
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}
