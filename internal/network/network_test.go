package network_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

var ministry = network.EditorOf(auth.SystemPrincipal("test"))

// editorAs is the registry editor of a new account with role and scope,
// its principal built through auth like a request's.
func (f fixture) editorAs(t *testing.T, role perm.Role, kind perm.ScopeKind, scope string) network.Editor {
	t.Helper()
	ctx := context.Background()
	keys, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := auth.NewService(f.db, audit.New(f.db), keys, auth.Options{Cost: password.Test, Scopes: f.store})
	email := fmt.Sprintf("%s-%d@example.org", role, time.Now().UnixNano())
	u, err := svc.SeedUser(ctx, auth.NewUser{Email: email, Name: "Test", Role: role, ScopeKind: kind, ScopeID: scope},
		"richtig-langes-passwort", "JBSWY3DPEHPK3PXP")
	if err != nil {
		t.Fatalf("account %s %s: %v", role, scope, err)
	}
	p, err := svc.PrincipalOf(ctx, u.ID, auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return network.EditorOf(p)
}

type fixture struct {
	store *network.Store
	geo   *geo.Gazetteer
	db    *db.DB
	org   *network.Organisation
}

func setup(t *testing.T, d *db.DB) fixture {
	t.Helper()
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := network.NewStore(d, audit.New(d), clock.System())
	var seeds []network.DistrictSeed
	for _, x := range g.Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: x.AGS, Name: x.DisplayName(), Kind: x.Kind, Population: x.Population})
	}
	ctx := context.Background()
	if err := s.SeedReference(ctx, seeds); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedReference(ctx, seeds); err != nil { // idempotent
		t.Fatal(err)
	}
	org, err := s.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Caritas Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{store: s, geo: g, db: d, org: org}
}

func officeInput(orgID string) network.OfficeInput {
	w, _ := hours.ParseWeekly("Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00")
	return network.OfficeInput{OrganisationID: orgID, Name: "MBE Hannover-Mitte", Street: "Leibnizufer 13", Postcode: "30169",
		City: "Hannover", Phone: "0511 123456", Email: "mbe@example.org", Website: "https://example.org",
		Hours: hours.Schedule{Weekly: w}, Languages: []string{"ar", "uk", "tr"}, Programs: []string{"mbe"}, Topics: []string{"work", "housing"}}
}

func TestRegistryReference(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		districts, err := f.store.Districts(ctx)
		if err != nil || len(districts) != 45 {
			t.Fatalf("districts: %d %v", len(districts), err)
		}
		for _, x := range districts {
			if x.RegionID == "" {
				t.Errorf("district %s %s has no region", x.AGS, x.Name)
			}
		}
		regions, err := f.store.Regions(ctx)
		if err != nil || len(regions) != 10 {
			t.Fatalf("regions: %d %v", len(regions), err)
		}
		programs, err := f.store.Programs(ctx)
		if err != nil || len(programs) != 4 || programs[1].ID != "jmd" || *programs[1].MaxAge != 27 || programs[0].Name("en") == "" {
			t.Fatalf("programs: %+v %v", programs, err)
		}
	})
}

func TestOfficeLifecycle(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		o, err := f.store.CreateOffice(ctx, ministry, officeInput(f.org.ID), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		if o.DistrictAGS != "03241" || o.RegionID != "hannover" || o.Lat < 52 || len(o.Languages) != 3 {
			t.Fatalf("created office: %+v", o)
		}
		elsewhere, err := f.store.CreateOffice(ctx, ministry, withExternal(officeInput(f.org.ID), "elsewhere"), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		lead := f.editorAs(t, perm.OfficeLead, perm.Office, o.ID)
		other := f.editorAs(t, perm.OfficeLead, perm.Office, elsewhere.ID)
		coordinator := f.editorAs(t, perm.RegionCoordinator, perm.Region, "braunschweig")
		counselor := f.editorAs(t, perm.Counselor, perm.Office, o.ID)

		in := officeInput(f.org.ID)
		in.Languages = []string{"fa", "ru"}
		in.Hours.Weekly[3] = []hours.Interval{{From: hours.ClockOf(14, 0), To: hours.ClockOf(18, 0)}}
		for name, ed := range map[string]network.Editor{"lead of another office": other, "other region's coordinator": coordinator,
			"counselor": counselor} {
			if _, err := f.store.UpdateOffice(ctx, ed, o.ID, o.UpdatedAt, in, f.geo); !errors.Is(err, network.ErrNotFound) {
				t.Errorf("%s edited an office outside their scope: %v", name, err)
			}
		}
		updated, err := f.store.UpdateOffice(ctx, lead, o.ID, o.UpdatedAt, in, f.geo)
		if err != nil {
			t.Fatal(err)
		}
		if len(updated.Languages) != 2 || updated.Languages[0] != "fa" || len(updated.Hours.Weekly[3]) != 1 {
			t.Fatalf("update not stored: %+v", updated)
		}
		if _, err := f.store.UpdateOffice(ctx, lead, o.ID, o.UpdatedAt, in, f.geo); !errors.Is(err, network.ErrStale) {
			t.Fatalf("a stale version overwrote a newer one: %v", err)
		}
		recs, err := audit.New(d).List(ctx, audit.Filter{ActionPrefix: "office.update"})
		if err != nil || len(recs) != 1 || recs[0].Detail["languages.before"] != "ar,tr,uk" || recs[0].Detail["languages.after"] != "fa,ru" {
			t.Fatalf("audit before/after: %+v %v", recs, err)
		}
	})
}

func TestOfficeBadInputWritesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		if _, err := f.store.CreateOffice(ctx, ministry, withExternal(officeInput(f.org.ID), "X-1"), f.geo); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			edit  func(*network.OfficeInput)
			field string
		}{
			{"unknown postcode", func(in *network.OfficeInput) { in.Postcode = "00000" }, "postcode"},
			{"malformed postcode", func(in *network.OfficeInput) { in.Postcode = "3016x" }, "postcode"},
			{"postcode outside Lower Saxony", func(in *network.OfficeInput) { in.Postcode = "28195" }, "postcode"},
			{"inverted hours", func(in *network.OfficeInput) {
				in.Hours.Weekly[0] = []hours.Interval{{From: hours.ClockOf(12, 0), To: hours.ClockOf(9, 0)}}
			}, "hours.mon"},
			{"overlapping hours", func(in *network.OfficeInput) {
				in.Hours.Weekly[1] = []hours.Interval{{From: hours.ClockOf(9, 0), To: hours.ClockOf(12, 0)}, {From: hours.ClockOf(11, 0), To: hours.ClockOf(13, 0)}}
			}, "hours.tue"},
			{"duplicate external id", func(in *network.OfficeInput) { in.ExternalID = "X-1" }, "external_id"},
			{"missing name", func(in *network.OfficeInput) { in.Name = " " }, "name"},
			{"unknown language", func(in *network.OfficeInput) { in.Languages = []string{"xx-not"} }, "languages"},
			{"unknown program", func(in *network.OfficeInput) { in.Programs = []string{"nope"} }, "programs"},
			{"bad website", func(in *network.OfficeInput) { in.Website = "javascript:alert(1)" }, "website"},
			{"coordinates far away", func(in *network.OfficeInput) { lat, lon := 48.1, 11.5; in.Lat, in.Lon = &lat, &lon }, "lat"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, d)
				in := officeInput(f.org.ID)
				tt.edit(&in)
				_, err := f.store.CreateOffice(ctx, ministry, in, f.geo)
				var problems valid.Errors
				if !errors.As(err, &problems) || !problems.Has(tt.field) {
					t.Fatalf("want a problem on %s, got %v", tt.field, err)
				}
				if after := countRows(t, d); after != before {
					t.Fatalf("rows changed: %v → %v", before, after)
				}
			})
		}
	})
}

func withExternal(in network.OfficeInput, id string) network.OfficeInput {
	in.ExternalID = id
	return in
}

func countRows(t *testing.T, d *db.DB) [3]int {
	t.Helper()
	var out [3]int
	for i, table := range []string{"offices", "office_languages", "audit_log"} {
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestListsAndPosts(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		a, err := f.store.CreateOffice(ctx, ministry, officeInput(f.org.ID), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		in := officeInput(f.org.ID)
		in.Name, in.Postcode, in.Languages, in.Programs = "JMD Göttingen", "37073", []string{"ar"}, []string{"jmd"}
		if _, err := f.store.CreateOffice(ctx, ministry, in, f.geo); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			filter network.OfficeFilter
			want   int
		}{
			{"all", network.OfficeFilter{}, 2},
			{"search city", network.OfficeFilter{Search: "göttingen"}, 1},
			{"language", network.OfficeFilter{Language: "ar"}, 2},
			{"language uk", network.OfficeFilter{Language: "uk"}, 1},
			{"program", network.OfficeFilter{ProgramID: "jmd"}, 1},
			{"region", network.OfficeFilter{RegionID: "hannover"}, 1},
			{"topic", network.OfficeFilter{TopicID: "housing"}, 2},
			{"wildcards are literal", network.OfficeFilter{Search: "%"}, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, total, err := f.store.ListOffices(ctx, tt.filter, network.Page{Limit: 1})
				if err != nil || total != tt.want || len(list) > 1 {
					t.Fatalf("total %d (want %d), page %d, %v", total, tt.want, len(list), err)
				}
			})
		}
		day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
		for _, fte := range []int{75, 50} {
			if _, err := f.store.CreatePost(ctx, ministry, network.PostInput{OrganisationID: f.org.ID, OfficeID: a.ID, ProgramID: "mbe",
				FTEHundredths: fte, StartsOn: day("2026-01-01"), EndsOn: day("2027-12-31")}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = f.store.CreatePost(ctx, ministry, network.PostInput{OrganisationID: f.org.ID, ProgramID: "mbe", FTEHundredths: 100,
			StartsOn: day("2027-01-01"), EndsOn: day("2026-01-01")})
		if var_ := (valid.Errors{}); !errors.As(err, &var_) || !var_.Has("ends_on") {
			t.Fatalf("inverted period: %v", err)
		}
		sums, err := f.store.PostSums(ctx, network.PostFilter{ProgramID: "mbe"})
		if err != nil || len(sums) != 1 || sums[0].FTEHundredths != 125 || sums[0].RegionID != "hannover" {
			t.Fatalf("sums: %+v %v", sums, err)
		}
		if fte, ok := network.ParseFTE("0,75"); !ok || fte != 75 || network.FTE(125) != "1.25" {
			t.Fatal("FTE parsing/formatting")
		}
	})
}
