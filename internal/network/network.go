// Package network is the registry of the KMN network: regions
// (Regionalverbünde), districts, programs, topics, organisations, offices
// and funded posts. It holds the types, the rules and the SQL; every change
// is audited with before and after values in the same transaction.
package network

import (
	"errors"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
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

// Editor is who changes the registry and within which scope: office
// leads their office, region coordinators their region with its
// organisations and offices, the ministry everything. It is derived from
// an auth.Principal by EditorOf only (its field is unexported), so no
// caller can widen it; the zero Editor may change nothing.
type Editor struct {
	p auth.Principal
}

// EditorOf derives the registry editor of a principal: its account scope
// and memberships decide which rows it may change.
func EditorOf(p auth.Principal) Editor { return Editor{p: p} }

// holds reports whether the editor holds role within kind for one of ids.
func (e Editor) holds(role perm.Role, kind perm.ScopeKind, ids ...string) bool {
	for _, id := range ids {
		if id != "" && e.p.Holds(role, kind, id) {
			return true
		}
	}
	return false
}

// statewide reports whether the editor may change any row (the ministry).
func (e Editor) statewide() bool { return e.p.Holds(perm.Ministry, perm.Statewide, "") }

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
