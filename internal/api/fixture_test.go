package api

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Fixture ids.
const (
	orgCaritas      = "0190a000-0000-7000-8000-000000000001"
	orgAWO          = "0190a000-0000-7000-8000-000000000002"
	orgUnused       = "0190a000-0000-7000-8000-000000000003"
	offHannover     = "0190b000-0000-7000-8000-000000000001"
	offBraunschweig = "0190b000-0000-7000-8000-000000000002"
	offGoettingen   = "0190b000-0000-7000-8000-000000000003"
	offCelle        = "0190b000-0000-7000-8000-000000000004"
	offClosed       = "0190b000-0000-7000-8000-000000000005"
	offOrphan       = "0190b000-0000-7000-8000-000000000006"
)

// fakeSource serves a fixed snapshot, or an error.
type fakeSource struct {
	mu   sync.Mutex
	snap *finder.Snapshot
	err  error
}

func (f *fakeSource) Snapshot(context.Context) (*finder.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap, f.err
}

func (f *fakeSource) setVersion(v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := *f.snap
	s.Version = v
	f.snap = &s
}

var loadGazetteer = sync.OnceValues(geo.Load)

func gazetteer(t testing.TB) *geo.Gazetteer {
	t.Helper()
	g, err := loadGazetteer()
	if err != nil {
		t.Fatalf("geo.Load: %v", err)
	}
	return g
}

func intp(n int) *int { return &n }

func weekdays(from, to hours.Clock) hours.Weekly {
	var w hours.Weekly
	for d := 0; d < 5; d++ {
		w[d] = []hours.Interval{{From: from, To: to}}
	}
	return w
}

func office(id, org, name, street, postcode, city string, lat, lon float64, programs, topics, langs []string) network.Office {
	return network.Office{ID: id, OrganisationID: org, Name: name, Street: street, Postcode: postcode,
		City: city, DistrictAGS: "03241", DistrictName: "Region Hannover", RegionID: "r1", RegionName: "Region Hannover",
		Lat: lat, Lon: lon, Phone: "+49 511 123456", Email: "info@example.org", Status: network.Active,
		Hours:     hours.Schedule{Weekly: weekdays(hours.ClockOf(9, 0), hours.ClockOf(12, 0))},
		Languages: langs, Programs: programs, Topics: topics,
		UpdatedAt: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
}

// testSnapshot has four public offices (Hannover, Braunschweig, Göttingen,
// Celle), one closed office and one office of an unknown organisation.
func testSnapshot() *finder.Snapshot {
	hannover := office(offHannover, orgCaritas, "Migrationsberatung Hannover", "Leibnizufer 13", "30169", "Hannover",
		52.3716, 9.7336, []string{"mbe", "jmd"}, []string{"residence_law", "work"}, []string{"de", "ar", "fa"})
	hannover.StepFree, hannover.HearingLoop = true, true
	hannover.Hours.Weekly[3] = append(hannover.Hours.Weekly[3], hours.Interval{From: hours.ClockOf(14, 0), To: hours.ClockOf(18, 0)})
	hannover.Hours.Exceptions = []hours.Exception{{Date: "2025-12-24", Closed: true, Note: "Heiligabend"}}
	bs := office(offBraunschweig, orgCaritas, "Migrationsberatung Braunschweig", "Kasernenstraße 30", "38102", "Braunschweig",
		52.2625, 10.5211, []string{"mbe"}, []string{"housing"}, []string{"de", "ru"})
	goe := office(offGoettingen, orgAWO, "JMD Göttingen", "Groner Landstraße 9", "37081", "Göttingen",
		51.5328, 9.9356, []string{"jmd"}, []string{"work"}, []string{"de", "tr"})
	celle := office(offCelle, orgAWO, "JMD Celle", "Bahnhofstraße 1", "29221", "Celle",
		52.6226, 10.0805, []string{"jmd", "unknown-program"}, []string{"work", "unknown-topic"}, []string{"de", "uk"})
	celle.Status = network.TemporarilyClosed
	closed := office(offClosed, orgAWO, "Geschlossen", "Weg 1", "30159", "Hannover", 52.37, 9.73, []string{"jmd"}, nil, nil)
	closed.Status = network.Closed
	orphan := office(offOrphan, "no-such-org", "Waise", "Weg 2", "30159", "Hannover", 52.37, 9.73, []string{"jmd"}, nil, nil)
	return &finder.Snapshot{
		Offices: []network.Office{hannover, bs, goe, celle, closed, orphan},
		Organisations: []network.Organisation{
			{ID: orgCaritas, Name: "Caritasverband Hannover", Kind: network.Provider, Email: "caritas@example.org",
				Website: "https://caritas.example.org", Phone: "+49 511 999", RegionID: "r1", RegionName: "Region Hannover"},
			{ID: orgAWO, Name: "AWO Südniedersachsen", Kind: network.Provider, ParentID: orgCaritas},
			{ID: orgUnused, Name: "Ohne Standort", Kind: network.Association},
		},
		Programs: []network.Program{
			{ID: "mbe", FundingLevel: network.Federal, Funder: "Bundesamt für Migration und Flüchtlinge", MinAge: intp(27),
				Texts: map[string]network.ProgramText{
					"de": {Name: "Migrationsberatung für Erwachsene", Description: "Beratung für Erwachsene ab 27 Jahren."},
					"en": {Name: "Migration counselling for adults", Description: "Counselling for adults aged 27 and over."},
				}},
			{ID: "jmd", FundingLevel: network.Federal, Funder: "Bundesministerium für Familie", MaxAge: intp(27),
				Texts: map[string]network.ProgramText{
					"de": {Name: "Jugendmigrationsdienst", Description: "Beratung für junge Menschen bis 27 Jahre."},
					"ar": {Name: "خدمة هجرة الشباب"},
				}},
		},
		Topics:  []string{"residence_law", "work", "housing"},
		Version: "v1",
		Built:   time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC),
	}
}

func newTestAPI(t testing.TB, opts Options) (*API, *fakeSource) {
	t.Helper()
	src := &fakeSource{snap: testSnapshot()}
	return New(src, gazetteer(t), opts), src
}

var errBroken = errors.New("broken")
