package auth_test

import (
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

func TestMemberships(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		now := e.clock.Now()
		if _, err := e.d.Exec(e.ctx, "INSERT INTO regions (id, name, created_at, updated_at) VALUES ('heide', 'Heide', ?, ?)", now, now); err != nil {
			t.Fatal(err)
		}
		u, _ := e.createUser("koordination@example.org", perm.Counselor)
		// Named by an external id, stored as the row's id.
		m := auth.Membership{Role: perm.RegionCoordinator, ScopeKind: perm.Region, ScopeID: "heide-ext"}
		bad := []struct {
			name  string
			m     auth.Membership
			field string
		}{
			{"unknown region", auth.Membership{Role: perm.RegionCoordinator, ScopeKind: perm.Region, ScopeID: "atlantis"}, "scope_id"},
			{"unknown role", auth.Membership{Role: "king", ScopeKind: perm.Region, ScopeID: "heide"}, "role"},
			{"missing scope", auth.Membership{Role: perm.OfficeLead, ScopeKind: perm.Office}, "scope_id"},
		}
		for _, tt := range bad {
			var problems valid.Errors
			if err := e.svc.AddMembership(e.ctx, u.ID, tt.m, actor()); !errors.As(err, &problems) || !problems.Has(tt.field) {
				t.Errorf("%s: want a problem on %s, got %v", tt.name, tt.field, err)
			}
		}
		if err := e.svc.AddMembership(e.ctx, u.ID, m, actor()); err != nil {
			t.Fatal(err)
		}
		var problems valid.Errors
		if err := e.svc.AddMembership(e.ctx, u.ID, m, actor()); !errors.As(err, &problems) {
			t.Fatalf("duplicate membership: %v", err)
		}
		ms, err := e.svc.Memberships(e.ctx, u.ID)
		if err != nil || len(ms) != 1 || ms[0].ScopeID != "heide" {
			t.Fatalf("memberships: %+v %v", ms, err)
		}
		if p := e.as(u); !p.Can(perm.NetworkEdit) || p.Can(perm.UserManage) || !p.Holds(perm.RegionCoordinator, perm.Region, "heide") {
			t.Fatal("a membership's role must add its permissions and scope, and only those")
		}
		m.ScopeID = "heide"
		if err := e.svc.RemoveMembership(e.ctx, u.ID, m, actor()); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RemoveMembership(e.ctx, u.ID, m, actor()); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("removing twice: %v", err)
		}
	})
}
