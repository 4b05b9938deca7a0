package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

func TestDemoCommandRefusesBadScale(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "--scale", "0"},
		{"demo", "--scale", "101"},
		{"serve", "--demo", "--scale", "-1"},
	} {
		dir := t.TempDir()
		if code, _, stderr := run(append(args, "--data", dir)...); code != 2 || !strings.Contains(stderr, "--scale") {
			t.Errorf("%v: exit %d %q, want 2", args, code, stderr)
		}
	}
}

func TestDemoCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run("demo", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "offices:       200") || !strings.Contains(stdout, "staff:") {
		t.Fatalf("kmn demo: %d %s %s", code, stdout, stderr)
	}
	code, stdout, _ = run("demo", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "nothing created") {
		t.Fatalf("second kmn demo: %d %s", code, stdout)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	a, err := app.Open(context.Background(), cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	checkDemoAccounts(t, a)
}

// checkDemoAccounts: the six accounts can log in and their scopes name
// rows of the generated network.
func checkDemoAccounts(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	for _, d := range app.DemoAccounts {
		u, err := auth.UserByEmail(ctx, a.DB, d.Email)
		if err != nil || !u.HasPassword || !u.TOTPEnabled {
			t.Errorf("demo account %s: %+v %v", d.Email, u, err)
		}
		switch d.ScopeKind {
		case perm.Office:
			offices, _, err := a.Network.ListOffices(ctx, network.OfficeFilter{Search: "Hannover-Mitte"}, network.Page{Limit: 5})
			if err != nil || len(offices) != 1 || offices[0].ExternalID != d.ScopeID {
				t.Errorf("office of %s: %+v %v", d.Email, offices, err)
			}
		case perm.Organisation:
			orgs, _, err := a.Network.ListOrganisations(ctx, network.OrgFilter{Search: "Agentur für Arbeit Hannover"}, network.Page{Limit: 5})
			if err != nil || len(orgs) != 1 || orgs[0].ExternalID != d.ScopeID {
				t.Errorf("organisation of %s: %+v %v", d.Email, orgs, err)
			}
		case perm.Region:
			if _, err := a.Network.Region(ctx, d.ScopeID); err != nil {
				t.Errorf("region of %s: %v", d.Email, err)
			}
		}
	}
	staff, total, err := auth.ListUsers(ctx, a.DB, auth.UserFilter{Search: "@demo.example.org", Limit: 10})
	if err != nil || total < 500 || staff[0].HasPassword {
		t.Errorf("staff accounts: %d %v", total, err)
	}
}
