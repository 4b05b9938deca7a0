package mso_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// fixture: two MSOs (Hannover, Braunschweig) and the people who reach
// them in different ways.
type fixture struct {
	srv                      *apptest.Server
	s                        *mso.Store
	hannover, braunschweig   string
	ministry, region, other  auth.Principal
	counselor, own, outsider auth.Principal
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

func newFixture(t *testing.T, postgres bool) *fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := &fixture{srv: srv, s: srv.App.MSO}
	fx.hannover = newMSO(t, srv, "Verein Hannover e. V.", "hannover")
	fx.braunschweig = newMSO(t, srv, "Verein Braunschweig e. V.", "braunschweig")
	acc := func(email string, role perm.Role, kind perm.ScopeKind, scope string) auth.Principal {
		return srv.Principal(t, srv.CreateAccount(t, email, role, kind, scope))
	}
	fx.ministry = acc("min@example.org", perm.Ministry, perm.Statewide, "")
	fx.region = acc("rc-h@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	fx.other = acc("rc-bs@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	fx.counselor = acc("co-h@example.org", perm.Counselor, perm.Office, "mso-test-office-h")
	fx.outsider = acc("partner@example.org", perm.Partner, perm.Organisation, fx.hannover)
	// The Braunschweig MSO's own office lead (an office of the MSO itself).
	office, err := srv.App.Network.CreateOffice(context.Background(), network.EditorOf(srv.Principal(t, srv.CreateAccount(t, "min2@example.org", perm.Ministry, perm.Statewide, ""))),
		network.OfficeInput{OrganisationID: fx.braunschweig, Name: "Treffpunkt", Postcode: "38100", Programs: []string{"mbe"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	fx.own = acc("lead-bs@example.org", perm.OfficeLead, perm.Office, office.ID)
	return fx
}

func newMSO(t *testing.T, srv *apptest.Server, name, region string) string {
	t.Helper()
	ed := network.EditorOf(srv.Principal(t, srv.CreateAccount(t, "setup-"+region+"@example.org", perm.Ministry, perm.Statewide, "")))
	o, err := srv.App.Network.CreateOrganisation(context.Background(), ed, network.OrganisationInput{Name: name, Kind: network.MSO, RegionID: region})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

var profile = mso.ProfileInput{Description: "Beratung und Begegnung", Communities: "Syrische Community", Activities: "Hausaufgabenhilfe",
	Languages: []string{"ar", "de"}, Email: "info@verein.example", Phone: "+49 511 123456", Website: "https://verein.example"}

// TestScope: who reaches which MSO, and who may change its profile.
func TestScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		cases := []struct {
			name      string
			p         auth.Principal
			sees      []string
			edits     []string
			forbidden []string
		}{
			{"ministry", fx.ministry, []string{fx.hannover, fx.braunschweig}, []string{fx.hannover, fx.braunschweig}, nil},
			{"coordinator", fx.region, []string{fx.hannover}, []string{fx.hannover}, nil},
			{"counselor in the region", fx.counselor, []string{fx.hannover}, nil, []string{fx.hannover}},
			{"the MSO's own lead", fx.own, []string{fx.braunschweig}, []string{fx.braunschweig}, nil},
			{"partner", fx.outsider, nil, nil, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, total, err := fx.s.List(ctx, c.p, mso.Filter{}, network.Page{Limit: 50})
				if err != nil || total != len(c.sees) || len(list) != len(c.sees) {
					t.Fatalf("list: %d (%d) %v, want %d", len(list), total, err, len(c.sees))
				}
				for _, id := range []string{fx.hannover, fx.braunschweig} {
					_, err := fx.s.Get(ctx, c.p, id)
					if want := contains(c.sees, id); (err == nil) != want || (err != nil && !errors.Is(err, mso.ErrNotFound)) {
						t.Errorf("get %s: %v, want seen %v", id, err, want)
					}
					err = fx.s.SaveProfile(ctx, c.p, id, 0, profile)
					switch {
					case contains(c.edits, id) && err != nil:
						t.Errorf("save %s: %v", id, err)
					case contains(c.forbidden, id) && !errors.Is(err, mso.ErrForbidden):
						t.Errorf("save %s: %v, want forbidden", id, err)
					case !contains(c.sees, id) && !errors.Is(err, mso.ErrNotFound):
						t.Errorf("save %s: %v, want not found", id, err)
					}
				}
			})
			// Reset: every case starts without profiles.
			fx.srv.App.DB.Exec(ctx, "DELETE FROM mso_languages")
			fx.srv.App.DB.Exec(ctx, "DELETE FROM mso_profiles")
		}
	})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// TestProfileValidation: bad input is a problem for its field and writes
// nothing; a stale version is refused.
func TestProfileValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		bad := []struct {
			field string
			edit  func(*mso.ProfileInput)
		}{
			{"description", func(in *mso.ProfileInput) { in.Description = " " }},
			{"description", func(in *mso.ProfileInput) { in.Description = strings.Repeat("x", 2001) }},
			{"languages", func(in *mso.ProfileInput) { in.Languages = []string{"xx"} }},
			{"email", func(in *mso.ProfileInput) { in.Email = "kein-at" }},
			{"phone", func(in *mso.ProfileInput) { in.Phone = "call me" }},
			{"website", func(in *mso.ProfileInput) { in.Website = "javascript:alert(1)" }},
		}
		for _, c := range bad {
			in := profile
			c.edit(&in)
			var problems valid.Errors
			if err := fx.s.SaveProfile(ctx, fx.region, fx.hannover, 0, in); !errors.As(err, &problems) || !problems.Has(c.field) {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if m, _ := fx.s.Get(ctx, fx.region, fx.hannover); m.Profile.Version != 0 {
			t.Fatal("a refused profile was written")
		}
		if err := fx.s.SaveProfile(ctx, fx.region, fx.hannover, 0, profile); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.SaveProfile(ctx, fx.region, fx.hannover, 0, profile); !errors.Is(err, mso.ErrStale) {
			t.Errorf("second first version: %v", err)
		}
		m, _ := fx.s.Get(ctx, fx.region, fx.hannover)
		if m.Profile.Version != 1 || strings.Join(m.Profile.Languages, ",") != "ar,de" || m.Profile.Email != profile.Email {
			t.Fatalf("stored: %+v", m.Profile)
		}
	})
}
