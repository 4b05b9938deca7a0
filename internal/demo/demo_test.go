package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

var gazetteer = sync.OnceValues(geo.Load)

// deps wires the services on a fresh database and seeds the reference data,
// as the app does at start.
func deps(t testing.TB, d *db.DB) demo.Deps {
	t.Helper()
	g, err := gazetteer()
	if err != nil {
		t.Fatal(err)
	}
	keys, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := audit.New(d)
	s := network.NewStore(d, a, clock.System())
	var seeds []network.DistrictSeed
	for _, x := range g.Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: x.AGS, Name: x.DisplayName(), Kind: x.Kind, Population: x.Population})
	}
	if err := s.SeedReference(context.Background(), seeds); err != nil {
		t.Fatal(err)
	}
	return demo.Deps{Network: s, Geo: g, Auth: auth.NewService(d, a, keys, auth.Options{Cost: password.Test})}
}

func TestGenerate(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dp := deps(t, d)
		start := time.Now()
		st, err := demo.Generate(ctx, dp, demo.Options{Scale: 1, Staff: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: generated in %s\n%s", d.Dialect(), time.Since(start).Round(time.Millisecond), st)
		checkCounts(t, dp, st)
		checkPlacement(t, dp)
		checkFixedIDs(t, dp)
		checkRegions(t, dp)
		again, err := demo.Generate(ctx, dp, demo.Options{Scale: 1, Staff: true})
		if err != nil || !again.Empty() {
			t.Fatalf("second run created %+v (%v), want nothing", again, err)
		}
		rep, err := audit.New(d).Verify(ctx)
		if err != nil || rep.Broken != nil {
			t.Fatalf("audit chain after generating: %+v %v", rep, err)
		}
	})
}

func between(t *testing.T, what string, got, lo, hi int) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %d, want %d–%d", what, got, lo, hi)
	}
}

func officeCount(t *testing.T, s *network.Store, f network.OfficeFilter) int {
	t.Helper()
	_, n, err := s.ListOffices(context.Background(), f, network.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func checkCounts(t *testing.T, dp demo.Deps, st demo.Stats) {
	t.Helper()
	ctx := context.Background()
	s := dp.Network
	between(t, "offices", officeCount(t, s, network.OfficeFilter{}), 180, 220)
	between(t, "MBE offices", officeCount(t, s, network.OfficeFilter{ProgramID: "mbe"}), 110, 150)
	between(t, "JMD offices", officeCount(t, s, network.OfficeFilter{ProgramID: "jmd"}), 40, 60)
	between(t, "Leitstellen", officeCount(t, s, network.OfficeFilter{ProgramID: "leitstelle"}), 17, 17)
	between(t, "temporarily closed", officeCount(t, s, network.OfficeFilter{Status: network.TemporarilyClosed}), 1, 5)
	_, ia, _, err := s.ListPosts(ctx, network.PostFilter{ProgramID: "integrationsarbeit"}, network.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	between(t, "Integrationsarbeit posts", ia, 80, 120)
	authorities := map[string]int{}
	orgs, _, err := s.ListOrganisations(ctx, network.OrgFilter{Kind: network.Authority}, network.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		authorities[o.Authority]++
		if o.RegionID == "" || o.DistrictAGS == "" {
			t.Errorf("authority %s without region or district", o.Name)
		}
	}
	for _, typ := range []string{"foreigners_authority", "jobcenter", "employment_agency"} {
		between(t, typ, authorities[typ], 45, 45)
	}
	between(t, "BAMF", authorities["bamf"], 1, 1)
	_, msos, err := s.ListOrganisations(ctx, network.OrgFilter{Kind: network.MSO}, network.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	between(t, "migrant self-organisations", msos, 45, 100)
	between(t, "staff", st.Staff, 500, 700)
	if st.Offices != officeCount(t, s, network.OfficeFilter{}) || st.OfficesByProgram["mbe"] == 0 {
		t.Errorf("stats do not match the registry: %+v", st)
	}
}

// checkPlacement: every district has an office, offices lie in their district.
func checkPlacement(t *testing.T, dp demo.Deps) {
	t.Helper()
	perDistrict := map[string]int{}
	inside, total, noHours := 0, 0, 0
	langs := map[string]int{}
	err := dp.Network.EachOffice(context.Background(), network.OfficeFilter{}, func(o network.Office) error {
		perDistrict[o.DistrictAGS]++
		total++
		if got, ok := dp.Geo.DistrictOf(o.Lat, o.Lon); ok && got.AGS == o.DistrictAGS {
			inside++
		}
		if len(o.Languages) < 2 || !slices.Contains(o.Languages, "de") {
			t.Errorf("office %s languages %v: want German and at least one more", o.Name, o.Languages)
		}
		if len(o.Topics) < 3 || len(o.Programs) == 0 {
			t.Errorf("office %s: topics %v programs %v", o.Name, o.Topics, o.Programs)
		}
		if o.Hours.Weekly.Empty() && !o.Hours.ByAppointment {
			noHours++
		}
		for _, l := range o.Languages {
			langs[l]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A few offices lack their hours on purpose (planGaps), and the data
	// gap report finds exactly those.
	between(t, "offices without hours", noHours, 1, total/10)
	if rep, err := dp.Network.DataGaps(context.Background(), "", 0); err != nil || rep.Counts[network.GapNoHours] != noHours ||
		rep.Counts[network.GapNoContact] == 0 {
		t.Errorf("data gaps %+v (%v), want %d offices without hours and some without contact", rep.Counts, err, noHours)
	}
	for _, d := range dp.Geo.Districts() {
		if perDistrict[d.AGS] == 0 {
			t.Errorf("district %s %s has no office", d.AGS, d.Name)
		}
	}
	if inside*100 < total*95 {
		t.Errorf("only %d of %d offices lie in their district", inside, total)
	}
	for _, l := range []string{"ar", "uk", "ru", "tr", "fa", "prs", "ku", "pl", "ro", "bg", "ti", "so", "en", "fr"} {
		if langs[l] == 0 {
			t.Errorf("no office offers %s", l)
		}
	}
}

func checkFixedIDs(t *testing.T, dp demo.Deps) {
	t.Helper()
	ctx := context.Background()
	offices, _, err := dp.Network.ListOffices(ctx, network.OfficeFilter{Search: "Hannover-Mitte"}, network.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(offices) != 1 || offices[0].ExternalID != demo.HannoverOfficeID || offices[0].Name != demo.HannoverOfficeName ||
		offices[0].DistrictAGS != "03241" || !slices.Contains(offices[0].Programs, "mbe") {
		t.Errorf("Hannover-Mitte office: %+v", offices)
	}
	orgs, _, err := dp.Network.ListOrganisations(ctx, network.OrgFilter{Search: "Agentur für Arbeit Hannover"}, network.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 || orgs[0].ExternalID != demo.AgencyHannoverID || orgs[0].Authority != "employment_agency" {
		t.Errorf("Agentur für Arbeit Hannover: %+v", orgs)
	}
}

func checkRegions(t *testing.T, dp demo.Deps) {
	t.Helper()
	ctx := context.Background()
	regions, err := dp.Network.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		full, err := dp.Network.Region(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.CoordinatorID == "" || len(full.Contacts) != 2 || full.Seat == "" {
			t.Errorf("region %s: coordinator %q, %d contacts", r.ID, full.CoordinatorID, len(full.Contacts))
		}
	}
}

// digest hashes what an export of the registry would show.
func digest(t testing.TB, dp demo.Deps) string {
	t.Helper()
	h := sha256.New()
	err := dp.Network.EachOffice(context.Background(), network.OfficeFilter{}, func(o network.Office) error {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s %s|%.5f,%.5f|%s|%s|%s|%v|%s|%s|%s|%s|%v%v%v%v\n", o.ExternalID, o.Name,
			o.OrganisationName, o.Street, o.Postcode, o.City, o.Lat, o.Lon, o.Phone, o.Email, o.Website, o.Hours,
			o.Status, strings.Join(o.Languages, ","), strings.Join(o.Programs, ","), strings.Join(o.Topics, ","),
			o.StepFree, o.AccessibleToilet, o.HearingLoop, o.OnlineCounseling)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	orgs, _, err := dp.Network.ListOrganisations(context.Background(), network.OrgFilter{}, network.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s\n", o.ExternalID, o.Name, o.Kind, o.Authority, o.RegionID, o.DistrictAGS, o.ParentName)
	}
	posts, _, fte, err := dp.Network.ListPosts(context.Background(), network.PostFilter{}, network.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(h, "posts %d fte %d\n", len(posts), fte)
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	var digests []string
	for _, seed := range []int64{0, demo.DefaultSeed, 7} {
		dp := deps(t, dbtest.SQLite(t))
		if _, err := demo.Generate(ctx, dp, demo.Options{Scale: 1, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		digests = append(digests, digest(t, dp))
	}
	if digests[0] != digests[1] {
		t.Errorf("two fresh databases got different data: %s vs %s", digests[0], digests[1])
	}
	if digests[0] == digests[2] {
		t.Error("another seed gave the same data")
	}
}

func TestOptions(t *testing.T) {
	dp := deps(t, dbtest.SQLite(t))
	for _, scale := range []int{0, -1, demo.MaxScale + 1} {
		if _, err := demo.Generate(context.Background(), dp, demo.Options{Scale: scale}); err == nil {
			t.Errorf("scale %d accepted", scale)
		}
	}
}

func BenchmarkGenerateScale1(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		dp := deps(b, dbtest.SQLite(b))
		b.StartTimer()
		if _, err := demo.Generate(context.Background(), dp, demo.Options{Scale: 1, Staff: true}); err != nil {
			b.Fatal(err)
		}
	}
}
