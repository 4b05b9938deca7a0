package finder_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var ministry = network.EditorOf(auth.SystemPrincipal("test"))

// Fixed clocks: Monday 2 March 2026 10:00 and the Sunday before, in Berlin.
var (
	monday10 = time.Date(2026, 3, 2, 10, 0, 0, 0, hours.Berlin())
	sunday10 = time.Date(2026, 3, 1, 10, 0, 0, 0, hours.Berlin())
)

type fixture struct {
	store   *network.Store
	finder  *finder.Finder
	offices map[string]*network.Office // by name
	version atomic.Int64
	clock   atomic.Pointer[time.Time]
}

type officeSpec struct {
	name, postcode, weekly string
	langs, programs        []string
	topics                 []string
	online, stepFree       bool
	byAppointment          bool
	status                 network.OfficeStatus
}

var fixtureOffices = []officeSpec{
	{name: "MBE Hannover-Mitte", postcode: "30159", weekly: "Mo 09:00-16:00; Di 09:00-12:00", langs: []string{"ar", "de"},
		programs: []string{"mbe"}, topics: []string{"work", "housing"}, online: true, stepFree: true},
	{name: "Beratung Hannover-Süd", postcode: "30519", weekly: "Di 13:00-17:00", langs: []string{"uk", "de"},
		topics: []string{"housing"}, stepFree: true},
	{name: "JMD Göttingen", postcode: "37073", weekly: "Mo-Fr 08:00-12:00", langs: []string{"fa", "de"},
		programs: []string{"jmd"}, topics: []string{"school_training"}, online: true},
	{name: "Integrationsarbeit Osnabrück", postcode: "49074", langs: []string{"tr", "ru"},
		programs: []string{"integrationsarbeit", "jmd"}, topics: []string{"residence_law"}, byAppointment: true},
	{name: "Alte Beratungsstelle Hannover", postcode: "30159", weekly: "Mo 09:00-16:00", langs: []string{"ar"},
		programs: []string{"mbe"}, status: network.Closed},
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.SQLite(t)
	fx := &fixture{store: network.NewStore(d, audit.New(d), clock.System()), offices: map[string]*network.Office{}}
	seed(t, fx.store)
	org, err := fx.store.CreateOrganisation(context.Background(), ministry,
		network.OrganisationInput{Name: "Caritas", Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range fixtureOffices {
		o := createOffice(t, fx.store, org.ID, sp)
		fx.offices[o.Name] = o
	}
	now := monday10
	fx.clock.Store(&now)
	fx.finder = finder.New(fx.store, gazetteer(t), clock.New(func() time.Time { return *fx.clock.Load() }))
	fx.finder.VersionQuery = func(context.Context) (string, error) { return fmt.Sprint(fx.version.Load()), nil }
	fx.finder.CheckEvery = time.Hour // tests refresh explicitly
	t.Cleanup(fx.finder.Close)
	return fx
}

func createOffice(t testing.TB, s *network.Store, orgID string, sp officeSpec) *network.Office {
	t.Helper()
	w, err := hours.ParseWeekly(sp.weekly)
	if err != nil {
		t.Fatal(err)
	}
	in := network.OfficeInput{OrganisationID: orgID, Name: sp.name, Postcode: sp.postcode, City: "x",
		Hours: hours.Schedule{Weekly: w, ByAppointment: sp.byAppointment}, Languages: sp.langs, Programs: sp.programs,
		Topics: sp.topics, OnlineCounseling: sp.online, StepFree: sp.stepFree, Status: sp.status}
	o, err := s.CreateOffice(context.Background(), ministry, in, gazetteer(t))
	if err != nil {
		t.Fatalf("office %s: %v", sp.name, err)
	}
	return o
}

func (fx *fixture) setClock(t time.Time) { fx.clock.Store(&t) }

func search(t *testing.T, f *finder.Finder, q finder.Query) finder.Results {
	t.Helper()
	res, err := f.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func names(res finder.Results) []string {
	out := []string{}
	for _, r := range res.Items {
		out = append(out, r.Office.Name)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestSearchByPostcodeRanksByDistance(t *testing.T) {
	fx := newFixture(t)
	res := search(t, fx.finder, finder.Query{Text: "30159", RadiusKm: 300})
	want := []string{"MBE Hannover-Mitte", "Beratung Hannover-Süd", "JMD Göttingen", "Integrationsarbeit Osnabrück"}
	if got := names(res); !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	if o := res.Origin; o.Postcode != "30159" || o.Place != "Hannover" || o.StateCode != "NI" || o.FromDevice {
		t.Errorf("origin %+v", o)
	}
	if km := res.Items[0].DistanceKm; km > 1 {
		t.Errorf("same postcode at %.1f km", km)
	}
	if km := res.Items[2].DistanceKm; km < 90 || km > 115 {
		t.Errorf("Hannover → Göttingen %.1f km, want about 100", km)
	}
	if res.Total != 4 || res.Pages != 1 || res.Page != 1 {
		t.Errorf("total %d pages %d page %d", res.Total, res.Pages, res.Page)
	}
}

func TestSearchFromOtherStates(t *testing.T) {
	fx := newFixture(t)
	for _, tt := range []struct{ postcode, state string }{{"28195", "HB"}, {"20095", "HH"}} {
		t.Run(tt.postcode, func(t *testing.T) {
			res := search(t, fx.finder, finder.Query{Text: tt.postcode, RadiusKm: 300})
			if res.Origin.StateCode != tt.state || len(res.Items) == 0 {
				t.Fatalf("origin %+v, %d results", res.Origin, len(res.Items))
			}
			nearest := 1e9
			for _, o := range fx.offices {
				if o.Status != network.Closed {
					nearest = min(nearest, geo.DistanceKm(res.Origin.Lat, res.Origin.Lon, o.Lat, o.Lon))
				}
			}
			if got := res.Items[0].DistanceKm; got != nearest {
				t.Errorf("first result at %.1f km, nearest office at %.1f km", got, nearest)
			}
		})
	}
}

func TestSearchByPlaceName(t *testing.T) {
	fx := newFixture(t)
	for _, text := range []string{"Göttingen", "goettingen", "Gottingen", "GÖTTINGEN"} {
		t.Run(text, func(t *testing.T) {
			res := search(t, fx.finder, finder.Query{Text: text})
			if res.Origin.Place != "Göttingen" || res.Origin.StateCode != "NI" || res.Origin.Postcode != "" {
				t.Fatalf("origin %+v", res.Origin)
			}
			if got := names(res); len(got) != 1 || got[0] != "JMD Göttingen" || res.Items[0].DistanceKm > 5 {
				t.Fatalf("results %v", got)
			}
		})
	}
	res := search(t, fx.finder, finder.Query{Text: "30159 Hannover", RadiusKm: 10})
	if res.Origin.Postcode != "30159" || res.Total != 2 {
		t.Errorf("postcode with place: %+v, %d results", res.Origin, res.Total)
	}
}

func TestSearchByDevice(t *testing.T) {
	fx := newFixture(t)
	o := fx.offices["JMD Göttingen"]
	res := search(t, fx.finder, finder.Query{Lat: ptr(o.Lat), Lon: ptr(o.Lon), Text: "ignored 30159", RadiusKm: 20})
	if !res.Origin.FromDevice || res.Origin.StateCode != "NI" || slices.Compare(names(res), []string{"JMD Göttingen"}) != 0 {
		t.Fatalf("origin %+v results %v", res.Origin, names(res))
	}
}

func TestUnknownPlaces(t *testing.T) {
	fx := newFixture(t)
	tests := []struct {
		name, text    string
		malformed     bool
		minSuggest    int
		suggestPrefix string // every suggestion's postcode starts so, or a name is "want"
		suggestName   string
	}{
		{name: "no input", text: ""},
		{name: "unknown postcode", text: "30000", minSuggest: 1, suggestPrefix: "30"},
		{name: "four digits", text: "3015", malformed: true, minSuggest: 1, suggestPrefix: "3015"},
		{name: "six digits", text: "301599", malformed: true, minSuggest: 1, suggestPrefix: "3015"},
		{name: "digits and junk", text: "30-15", malformed: true, minSuggest: 1},
		{name: "typo", text: "Göttinen", minSuggest: 1, suggestName: "Göttingen"},
		{name: "nonsense", text: "Xqzzyville"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fx.finder.Search(context.Background(), finder.Query{Text: tt.text})
			var up *finder.UnknownPlaceError
			if !errors.As(err, &up) {
				t.Fatalf("want UnknownPlaceError, got %v", err)
			}
			if up.Text != tt.text || up.Malformed != tt.malformed || len(up.Suggestions) < tt.minSuggest || len(up.Suggestions) > 5 {
				t.Fatalf("error %+v", up)
			}
			if tt.suggestPrefix != "" && up.Suggestions[0].Postcode[:len(tt.suggestPrefix)] != tt.suggestPrefix {
				t.Errorf("suggestions %+v", up.Suggestions)
			}
			if tt.suggestName != "" && !slices.ContainsFunc(up.Suggestions, func(p geo.Place) bool { return p.Name == tt.suggestName }) {
				t.Errorf("suggestions %+v lack %s", up.Suggestions, tt.suggestName)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	fx := newFixture(t)
	all := finder.Query{Text: "30159", RadiusKm: 300}
	with := func(edit func(q *finder.Query)) finder.Query { q := all; edit(&q); return q }
	tests := []struct {
		name  string
		q     finder.Query
		clock time.Time
		want  []string
	}{
		{"program", with(func(q *finder.Query) { q.Program = "jmd" }), monday10, []string{"JMD Göttingen", "Integrationsarbeit Osnabrück"}},
		{"unknown program", with(func(q *finder.Query) { q.Program = "nope" }), monday10, []string{}},
		{"language", with(func(q *finder.Query) { q.Language = "ar" }), monday10, []string{"MBE Hannover-Mitte"}},
		{"language nobody speaks", with(func(q *finder.Query) { q.Language = "sw" }), monday10, []string{}},
		{"topic", with(func(q *finder.Query) { q.Topic = "housing" }), monday10, []string{"MBE Hannover-Mitte", "Beratung Hannover-Süd"}},
		{"age 30 leaves out JMD only", with(func(q *finder.Query) { q.Age = ptr(30) }), monday10,
			[]string{"MBE Hannover-Mitte", "Beratung Hannover-Süd", "Integrationsarbeit Osnabrück"}},
		{"age 20 leaves out MBE only", with(func(q *finder.Query) { q.Age = ptr(20) }), monday10,
			[]string{"Beratung Hannover-Süd", "JMD Göttingen", "Integrationsarbeit Osnabrück"}},
		{"age 27 fits both", with(func(q *finder.Query) { q.Age = ptr(27) }), monday10,
			[]string{"MBE Hannover-Mitte", "Beratung Hannover-Süd", "JMD Göttingen", "Integrationsarbeit Osnabrück"}},
		{"age 8 with program", with(func(q *finder.Query) { q.Age = ptr(8); q.Program = "jmd" }), monday10,
			[]string{"Integrationsarbeit Osnabrück"}},
		{"online", with(func(q *finder.Query) { q.Online = true }), monday10, []string{"MBE Hannover-Mitte", "JMD Göttingen"}},
		{"step free", with(func(q *finder.Query) { q.StepFree = true }), monday10, []string{"MBE Hannover-Mitte", "Beratung Hannover-Süd"}},
		{"open now on Monday", with(func(q *finder.Query) { q.OpenNow = true }), monday10, []string{"MBE Hannover-Mitte", "JMD Göttingen"}},
		{"open now on Sunday", with(func(q *finder.Query) { q.OpenNow = true }), sunday10, []string{}},
		{"radius", with(func(q *finder.Query) { q.RadiusKm = 10 }), monday10, []string{"MBE Hannover-Mitte", "Beratung Hannover-Süd"}},
		{"radius 1", with(func(q *finder.Query) { q.RadiusKm = 1 }), monday10, []string{"MBE Hannover-Mitte"}},
		{"everything", with(func(q *finder.Query) {
			q.Language, q.Program, q.Topic, q.Age, q.Online, q.StepFree, q.OpenNow = "ar", "mbe", "work", ptr(40), true, true, true
		}), monday10, []string{"MBE Hannover-Mitte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx.setClock(tt.clock)
			if got := names(search(t, fx.finder, tt.q)); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReasons(t *testing.T) {
	fx := newFixture(t)
	q := finder.Query{Text: "30159", Language: "ar", Program: "mbe", Topic: "work", Online: true, StepFree: true}
	res := search(t, fx.finder, q)
	if len(res.Items) != 1 {
		t.Fatalf("results %v", names(res))
	}
	r := res.Items[0]
	wantKeys := []string{finder.ReasonDistance, finder.ReasonLanguage, finder.ReasonProgram, finder.ReasonTopic,
		finder.ReasonOnline, finder.ReasonStepFree, finder.ReasonOpenUntil}
	if got := keys(r.Reasons); !slices.Equal(got, wantKeys) {
		t.Fatalf("reasons %v, want %v", got, wantKeys)
	}
	args := map[string]any{}
	for _, re := range r.Reasons {
		for i := 0; i+1 < len(re.Args); i += 2 {
			args[re.Args[i].(string)] = re.Args[i+1]
		}
	}
	if args["Language"] != "ar" || args["Program"] != "mbe" || args["Topic"] != "work" || args["Until"] != "16:00" ||
		args["Km"] != finder.FormatKm(r.DistanceKm) || !r.Status.Open {
		t.Errorf("args %v status %+v", args, r.Status)
	}

	fx.setClock(sunday10)
	res = search(t, fx.finder, finder.Query{Text: "30159", RadiusKm: 300})
	byName := map[string]finder.Result{}
	for _, r := range res.Items {
		byName[r.Office.Name] = r
	}
	opens := byName["MBE Hannover-Mitte"].Reasons
	if got := keys(opens); !slices.Equal(got, []string{finder.ReasonDistance, finder.ReasonOpens}) ||
		opens[1].Args[1] != 0 || opens[1].Args[3] != "09:00" || !opens[1].Args[5].(time.Time).Equal(monday10.Add(-time.Hour)) {
		t.Errorf("Sunday reasons %+v", opens)
	}
	if got := keys(byName["Integrationsarbeit Osnabrück"].Reasons); !slices.Equal(got, []string{finder.ReasonDistance, finder.ReasonByAppointment}) {
		t.Errorf("by appointment: %v", got)
	}
	if tue := byName["Beratung Hannover-Süd"].Reasons[1]; tue.Args[1] != 1 || tue.Args[3] != "13:00" {
		t.Errorf("opens Tuesday: %+v", tue)
	}
}

func keys(rs []finder.Reason) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Key)
	}
	return out
}

func TestFormatKm(t *testing.T) {
	for km, want := range map[float64]string{0: "0.0", 3.21: "3.2", 9.94: "9.9", 9.96: "10", 104.4: "104"} {
		if got := finder.FormatKm(km); got != want {
			t.Errorf("FormatKm(%v) = %q, want %q", km, got, want)
		}
	}
}

func TestPaging(t *testing.T) {
	fx := newFixture(t)
	org := fx.offices["MBE Hannover-Mitte"].OrganisationID
	if _, err := fx.finder.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := range 23 {
		createOffice(t, fx.store, org, officeSpec{name: fmt.Sprintf("Zusatz %02d", i), postcode: "30449", langs: []string{"de"}})
	}
	if err := fx.finder.Refresh(context.Background()); err != nil { // VersionQuery unchanged: no rebuild
		t.Fatal(err)
	}
	if res := search(t, fx.finder, finder.Query{Text: "30159"}); res.Total != 2 {
		t.Fatalf("rebuilt without a version change: %d results", res.Total)
	}
	fx.version.Add(1)
	if err := fx.finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for page := 1; page <= 3; page++ {
		res := search(t, fx.finder, finder.Query{Text: "30159", Page: page})
		if res.Total != 25 || res.Pages != 2 || res.Page != page {
			t.Fatalf("page %d: total %d pages %d", page, res.Total, res.Pages)
		}
		seen = append(seen, names(res)...)
		for i := 1; i < len(res.Items); i++ {
			a, b := res.Items[i-1], res.Items[i]
			if a.DistanceKm > b.DistanceKm || a.DistanceKm == b.DistanceKm && a.Office.Name > b.Office.Name {
				t.Errorf("page %d out of order at %d: %s %.2f, %s %.2f", page, i, a.Office.Name, a.DistanceKm, b.Office.Name, b.DistanceKm)
			}
		}
	}
	var extra []string
	for _, n := range seen {
		if n[:6] == "Zusatz" {
			extra = append(extra, n)
		}
	}
	if len(seen) != 25 || len(extra) != 23 || !slices.IsSorted(extra) {
		t.Errorf("pages: %v", seen)
	}
}

func TestRebuildAfterChange(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	before, err := fx.finder.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Offices) != 4 || len(before.Programs) != 4 || len(before.Topics) == 0 || len(before.Organisations) != 1 || before.Version == "" {
		t.Fatalf("snapshot: %d offices, %d programs, %d topics, %d orgs, version %q",
			len(before.Offices), len(before.Programs), len(before.Topics), len(before.Organisations), before.Version)
	}
	o := fx.offices["JMD Göttingen"]
	in := network.OfficeInput{OrganisationID: o.OrganisationID, Name: o.Name, Postcode: o.Postcode, City: o.City,
		Hours: o.Hours, Languages: []string{"fa", "ar"}, Programs: o.Programs, Topics: o.Topics}
	if _, err := fx.store.UpdateOffice(ctx, ministry, o.ID, o.UpdatedAt, in, gazetteer(t)); err != nil {
		t.Fatal(err)
	}
	q := finder.Query{Text: "37073", Language: "ar"}
	if res := search(t, fx.finder, q); res.Total != 0 {
		t.Fatal("the snapshot changed before the version did")
	}
	// The app's version query sees the change; the next check after
	// CheckEvery rebuilds in the background while searches go on.
	fx.version.Add(1)
	fx.finder.CheckEvery = time.Nanosecond
	deadline := time.Now().Add(5 * time.Second)
	for search(t, fx.finder, q).Total != 1 {
		if time.Now().After(deadline) {
			t.Fatal("no rebuild after the version changed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	after, err := fx.finder.Snapshot(ctx)
	if err != nil || after.Version == before.Version || !after.Built.After(before.Built) {
		t.Fatalf("version %q → %q, built %v → %v (%v)", before.Version, after.Version, before.Built, after.Built, err)
	}
}

func TestRebuildWithoutVersionQuery(t *testing.T) {
	fx := newFixture(t)
	fx.finder = finder.New(fx.store, gazetteer(t), clock.System())
	fx.finder.RebuildEvery = time.Nanosecond
	t.Cleanup(fx.finder.Close)
	a, err := fx.finder.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := fx.finder.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if b != a {
			if b.Version != a.Version {
				t.Errorf("unchanged registry got a new version: %s → %s", a.Version, b.Version)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("never rebuilt")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestVersionQueryFailureKeepsSnapshot(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	if _, err := fx.finder.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	fx.finder.VersionQuery = func(context.Context) (string, error) { return "", errors.New("db down") }
	if err := fx.finder.Refresh(ctx); err == nil {
		t.Error("refresh hid the failure")
	}
	if res := search(t, fx.finder, finder.Query{Text: "30159"}); res.Total != 2 {
		t.Errorf("search after failed refresh: %d", res.Total)
	}
}

func TestClosedOffice(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	closed := fx.offices["Alte Beratungsstelle Hannover"]
	res := search(t, fx.finder, finder.Query{Text: "30159", Language: "ar", RadiusKm: 300})
	if slices.Contains(names(res), closed.Name) {
		t.Fatal("closed office found")
	}
	o, err := fx.finder.Office(ctx, closed.ID)
	if err != nil || o.Status != network.Closed || o.Name != closed.Name {
		t.Fatalf("closed office by id: %+v %v", o, err)
	}
	open := fx.offices["JMD Göttingen"]
	if o, err := fx.finder.Office(ctx, open.ID); err != nil || o.Name != open.Name || len(o.Languages) != 2 {
		t.Fatalf("open office by id: %+v %v", o, err)
	}
	for _, id := range []string{"", "nope", string(make([]byte, 500))} {
		if _, err := fx.finder.Office(ctx, id); !errors.Is(err, finder.ErrNotFound) {
			t.Errorf("Office(%q): %v", id, err)
		}
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	fx := newFixture(t)
	errs := make(chan error, 16)
	for range 16 {
		go func() {
			_, err := fx.finder.Search(context.Background(), finder.Query{Text: "30159", OpenNow: true})
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// A results page is valid until an office shown opens or closes, the day
// changes, or (filtered on "open now") any office opens or closes.
func TestResultsValidUntil(t *testing.T) {
	fx := newFixture(t)
	at := func(h int) time.Time { return monday10.Add(time.Duration(h-10) * time.Hour) }
	tests := []struct {
		name string
		q    finder.Query
		want time.Time
	}{
		{"first closing among shown offices", finder.Query{Text: "30159", RadiusKm: 300}, at(12)},
		{"one office closing at 16:00", finder.Query{Text: "30159", RadiusKm: 3}, at(16)},
		{"by appointment only: the next midnight", finder.Query{Text: "49074", RadiusKm: 5}, at(24)},
		{"open now: any office in the state", finder.Query{Text: "49074", RadiusKm: 5, OpenNow: true}, at(12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, fx.finder, tt.q)
			if !res.ValidUntil.Equal(tt.want) {
				t.Fatalf("valid until %v, want %v (results %v)", res.ValidUntil, tt.want, names(res))
			}
		})
	}
}
