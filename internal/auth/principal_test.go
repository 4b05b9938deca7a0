package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

func TestAnonymousMayDoNothing(t *testing.T) {
	for _, p := range []auth.Principal{{}, auth.Anonymous(auth.Client{IP: "192.0.2.7"})} {
		if p.Staff() || p.UserID() != "" || len(p.Grants()) != 0 || len(p.Offices(perm.Counselor, perm.OfficeLead)) != 0 {
			t.Fatalf("anonymous principal holds something: %+v", p.Grants())
		}
		for _, permission := range []perm.Permission{perm.CaseRead, perm.NetworkRead, perm.UserManage, perm.Staff} {
			if p.Can(permission) {
				t.Errorf("anonymous can %s", permission)
			}
		}
	}
	sys := auth.SystemPrincipal("cli")
	if !sys.Can(perm.NetworkManage) || sys.Can(perm.CaseRead) || sys.UserID() != "" {
		t.Fatalf("system principal: network %v, cases %v", sys.Can(perm.NetworkManage), sys.Can(perm.CaseRead))
	}
	if e := sys.Entry("x.y", audit.ResultSuccess, "t", "1", nil); e.Actor != "cli" || e.ActorID != "" {
		t.Fatalf("system audit entry: %+v", e)
	}
}

// TestPrincipalGrants builds principals through the service: the account's
// scope, its memberships, and what a grant source adds; grants of a grant
// source on behalf of someone widen scopes but never permissions.
func TestPrincipalGrants(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		keys, _, err := secret.LoadOrCreate(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		var seen []string
		source := func(_ context.Context, _ db.Querier, p auth.Principal) ([]auth.Grant, error) {
			seen = append(seen, p.UserID())
			if !p.Holds(perm.Counselor, perm.Office, "office-a") {
				return nil, nil
			}
			return []auth.Grant{{Role: perm.Counselor, Kind: perm.Office, ScopeID: "office-a", OnBehalfOf: "absent", Until: today}}, nil
		}
		clk := clock.New(func() time.Time { return today.Add(22*time.Hour + 30*time.Minute) }) // 23:30 in Berlin
		svc := auth.NewService(d, audit.New(d), keys, auth.Options{Cost: password.Test, Clock: clk, Scopes: fakeRegistry{},
			Grants: []auth.GrantSource{source}})
		counselor, err := svc.SeedUser(ctx, auth.NewUser{Email: "c@example.org", Name: "C", Role: perm.Counselor,
			ScopeKind: perm.Office, ScopeID: "office-a-ext"}, goodPassword, "JBSWY3DPEHPK3PXP")
		if err != nil {
			t.Fatal(err)
		}
		if counselor.ScopeID != "office-a" {
			t.Fatalf("account scope stored as %q, want the resolved row id", counselor.ScopeID)
		}
		if _, err := d.Exec(ctx, "INSERT INTO regions (id, name, created_at, updated_at) VALUES ('heide', 'Heide', ?, ?)", today, today); err != nil {
			t.Fatal(err)
		}
		if err := svc.AddMembership(ctx, counselor.ID, auth.Membership{Role: perm.RegionCoordinator, ScopeKind: perm.Region,
			ScopeID: "heide"}, actor()); err != nil {
			t.Fatal(err)
		}
		p, err := svc.PrincipalOf(ctx, counselor.ID, auth.Client{IP: "192.0.2.9"})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Staff() || p.Email() != "c@example.org" || p.Client().IP != "192.0.2.9" || !p.Today().Equal(today) {
			t.Fatalf("principal: staff %v, %s, %+v, %v", p.Staff(), p.Email(), p.Client(), p.Today())
		}
		if got := p.Offices(perm.Counselor, perm.OfficeLead); !slices.Equal(got, []string{"office-a"}) {
			t.Errorf("offices = %v (the substitution grant is no office of one's own)", got)
		}
		if got := p.Offices(perm.OfficeLead); len(got) != 0 {
			t.Errorf("led offices = %v", got)
		}
		if !p.Holds(perm.RegionCoordinator, perm.Region, "heide") || p.Holds(perm.RegionCoordinator, perm.Region, "hannover") {
			t.Error("the membership's region is held, and only it")
		}
		if len(p.Grants()) != 3 || p.Grants()[2].OnBehalfOf != "absent" || !slices.Equal(seen, []string{counselor.ID}) {
			t.Errorf("grants = %+v (source saw %v)", p.Grants(), seen)
		}
		if !p.Can(perm.CaseEdit) || !p.Can(perm.NetworkEdit) || p.Can(perm.UserManage) {
			t.Error("permissions: want case editing (account) and registry editing (membership), not user management")
		}
		if p.Account().ScopeID != "office-a" || p.Account().Role != perm.Counselor {
			t.Errorf("account grant = %+v", p.Account())
		}
		// A grant from a source on behalf of someone is no permission.
		partner, err := svc.SeedUser(ctx, auth.NewUser{Email: "p@example.org", Name: "P", Role: perm.Partner,
			ScopeKind: perm.Organisation, ScopeID: "org-1"}, goodPassword, "JBSWY3DPEHPK3PXP")
		if err != nil {
			t.Fatal(err)
		}
		pp, err := svc.PrincipalOf(ctx, partner.ID, auth.Client{})
		if err != nil || pp.Can(perm.CaseRead) || len(pp.Offices(perm.Counselor)) != 0 {
			t.Fatalf("partner principal: %+v %v", pp.Grants(), err)
		}
		// A disabled account has no principal.
		if _, err := svc.PrincipalOf(ctx, "no-such-user", auth.Client{}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown account: %v", err)
		}
	})
}

// TestPartialSessionHasNoGrants: between password and second factor the
// request names the account (for the audit log) but may do nothing.
func TestPartialSessionHasNoGrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.enrolledUser("anna@example.org", perm.OfficeLead)
		partial := e.login(u.Email, goodPassword, auth.StageMFA)
		sess, p := e.authenticate(partial)
		if sess.Stage != auth.StageMFA || p.UserID() != u.ID || p.Staff() || len(p.Grants()) != 0 || p.Can(perm.CaseRead) {
			t.Fatalf("partial session principal: stage %s, %s, staff %v, grants %+v", sess.Stage, p.UserID(), p.Staff(), p.Grants())
		}
		_, full := e.authenticate(e.fullLogin(u))
		if !full.Staff() || !full.Can(perm.CaseRead) || full.SessionID() == "" {
			t.Fatalf("full session principal: staff %v", full.Staff())
		}
		if err := e.svc.SetDisabled(e.ctx, u.ID, true, setupActor); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.PrincipalOf(e.ctx, u.ID, auth.Client{}); !errors.Is(err, auth.ErrSessionInvalid) {
			t.Fatalf("disabled account got a principal: %v", err)
		}
	})
}
