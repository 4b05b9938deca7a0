package casework_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// fakeClock is a movable fake clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// set moves the clock to 10:00 UTC of the given date.
func (c *fakeClock) set(y int, m time.Month, d int) { c.t = time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

type fixture struct {
	ctx              context.Context
	d                *db.DB
	store            *casework.Store
	audit            *audit.Log
	auth             *auth.Service
	clock            *fakeClock
	officeA, officeB string
	// a1, a2 counsel in office A, lead leads it, b1 counsels in office B.
	a1, a2, lead, b1 casework.Viewer
}

var ministry = network.EditorOf(auth.SystemPrincipal("test"))

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := &fakeClock{}
	c.set(2026, time.March, 10)
	f := &fixture{ctx: ctx, d: d, clock: c}
	f.officeA, f.officeB = seedNetwork(t, d)
	for _, u := range []struct{ id, role, office string }{
		{"u-a1", "counselor", f.officeA}, {"u-a2", "counselor", f.officeA},
		{"u-lead", "office_lead", f.officeA}, {"u-b1", "counselor", f.officeB},
	} {
		if _, err := d.Exec(ctx, `INSERT INTO users (id, email, name, role, scope_kind, scope_id, created_at, updated_at)
			VALUES (?, ?, 'N', ?, 'office', ?, ?, ?)`, u.id, u.id+"@example.org", u.role, u.office, clock.System().Now(), clock.System().Now()); err != nil {
			t.Fatal(err)
		}
	}
	keys, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f.audit = audit.New(d).WithClock(c.now)
	f.store = casework.NewStore(d, f.audit, keys, casework.Options{Clock: clock.New(c.now), RetentionYears: map[string]int{"integrationsarbeit": 5}})
	f.auth = auth.NewService(d, f.audit, keys, auth.Options{Clock: clock.New(c.now), Cost: password.Test,
		Grants: []auth.GrantSource{casework.SubstitutionGrants}})
	f.a1, f.a2, f.lead, f.b1 = f.as(t, "u-a1"), f.as(t, "u-a2"), f.as(t, "u-lead"), f.as(t, "u-b1")
	return f
}

// as is the case viewer of account id as a request would build it now
// (through auth, with the substitutions in force on the clock's day).
func (f *fixture) as(t *testing.T, id string) casework.Viewer {
	t.Helper()
	p, err := f.auth.PrincipalOf(f.ctx, id, auth.Client{IP: "192.0.2.1"})
	if err != nil {
		t.Fatalf("principal %s: %v", id, err)
	}
	return casework.ViewerOf(p)
}

// seedNetwork seeds the reference data and makes two offices offering MBE,
// JMD and Integrationsarbeit.
func seedNetwork(t *testing.T, d *db.DB) (string, string) {
	t.Helper()
	ctx := context.Background()
	g, err := geo.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := network.NewStore(d, audit.New(d), clock.System())
	var seeds []network.DistrictSeed
	for _, x := range g.Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: x.AGS, Name: x.DisplayName(), Kind: x.Kind, Population: x.Population})
	}
	if err := s.SeedReference(ctx, seeds); err != nil {
		t.Fatal(err)
	}
	org, err := s.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Caritas Hannover", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"Beratung A", "Beratung B"} {
		o, err := s.CreateOffice(ctx, ministry, network.OfficeInput{OrganisationID: org.ID, Name: name, Street: "Leibnizufer 13",
			Postcode: "30169", City: "Hannover", Programs: []string{"mbe", "jmd", "integrationsarbeit"}}, g)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	return ids[0], ids[1]
}

// adult is a valid MBE intake in office A on 2026-03-02.
func (f *fixture) adult() casework.FileInput {
	return casework.FileInput{OfficeID: f.officeA, ProgramID: "mbe", IntakeOn: date(2026, 3, 2), BirthYear: 1985,
		Gender: "female", Country: "sy", FirstLanguage: "ar", ResidenceStatus: "humanitarian", ArrivalYear: 2016}
}

func (f *fixture) create(t *testing.T, v casework.Viewer, in casework.FileInput) *casework.File {
	t.Helper()
	file, err := f.store.Create(f.ctx, v, in)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// wantProblem fails unless err is a valid.Errors with key on field.
func wantProblem(t *testing.T, err error, field, key string) {
	t.Helper()
	var ve valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("want %s on %s, got %v", key, field, err)
	}
	if p, ok := ve.For(field); !ok || p.Key != key {
		t.Fatalf("want %s on %s, got %v", key, field, ve)
	}
}

// count runs a COUNT(*) query.
func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRow(f.ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// audited counts audit rows of action about file id ("" for any).
func (f *fixture) audited(t *testing.T, action, id string) []audit.Record {
	t.Helper()
	recs, err := f.audit.List(f.ctx, audit.Filter{ActionPrefix: action, ObjectID: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Record
	for _, r := range recs {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// today is the clock's date (as the store takes it: Berlin, midnight UTC).
func (c *fakeClock) today() time.Time { return clock.New(c.now).Today() }
