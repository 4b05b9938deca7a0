package app

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// DemoAccount is one account of the demo data. The README lists them all.
type DemoAccount struct {
	Email, Name, Password, TOTPSecret string
	Role                              perm.Role
	ScopeKind                         perm.ScopeKind
	ScopeID                           string
}

// DemoAccounts has one account per role. The passwords and TOTP secrets are
// public (README): demo mode is for trying the platform, never for real data.
var DemoAccounts = []DemoAccount{
	{"admin@kmn.example", "Ada Admin", "demo-passwort-admin", "ADMINDEMOKMN2345", perm.Admin, perm.Statewide, ""},
	{"ministerium@kmn.example", "Mina Ministerium", "demo-passwort-ministerium", "MINISTRYDEMO2345", perm.Ministry, perm.Statewide, ""},
	{"region@kmn.example", "Rainer Region", "demo-passwort-region", "REGIONDEMOKMN234", perm.RegionCoordinator, perm.Region, "braunschweig"},
	{"leitung@kmn.example", "Lea Leitung", "demo-passwort-leitung", "LEADDEMOKMN23456", perm.OfficeLead, perm.Office, demo.HannoverOfficeID},
	{"beratung@kmn.example", "Bora Beratung", "demo-passwort-beratung", "COUNSELORDEMO234", perm.Counselor, perm.Office, demo.HannoverOfficeID},
	{"partner@kmn.example", "Paul Partner", "demo-passwort-partner", "PARTNERDEMOKMN23", perm.Partner, perm.Organisation, demo.AgencyHannoverID},
}

// LoadDemo loads the demo network at scale 1 with staff (when the registry
// has no office yet) and creates the demo accounts that do not exist yet.
func (a *App) LoadDemo(ctx context.Context) error {
	_, err := a.LoadDemoScale(ctx, 1)
	return err
}

// LoadDemoScale is LoadDemo with scale times the counseling offices, for
// load tests. The Stats are zero when the registry had offices already.
func (a *App) LoadDemoScale(ctx context.Context, scale int) (demo.Stats, error) {
	st, err := demo.Generate(ctx, demo.Deps{Network: a.Network, Geo: a.Geo, Auth: a.Auth},
		demo.Options{Scale: scale, Staff: true})
	if err != nil {
		return st, fmt.Errorf("app: demo network: %w", err)
	}
	for _, d := range DemoAccounts {
		_, err := a.Auth.SeedUser(ctx, auth.NewUser{Email: d.Email, Name: d.Name, Role: d.Role, ScopeKind: d.ScopeKind, ScopeID: d.ScopeID}, d.Password, d.TOTPSecret)
		if err != nil {
			return st, fmt.Errorf("app: demo account %s: %w", d.Email, err)
		}
	}
	return st, nil
}
