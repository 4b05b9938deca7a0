package finder_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	kmnclock "github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
	"github.com/kmn-niedersachsen/kmn/internal/finder"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// benchScale is the demo scale of the benchmark network: 11 gives a little
// over 2,000 offices (10 gives about 1,850).
const benchScale = 11

// demoStore generates the demo network at scale on a fresh SQLite database.
func demoStore(tb testing.TB, scale int) *network.Store {
	tb.Helper()
	d := dbtest.SQLite(tb)
	s := network.NewStore(d, audit.New(d), kmnclock.System())
	seed(tb, s)
	start := time.Now()
	st, err := demo.Generate(context.Background(), demo.Deps{Network: s, Geo: gazetteer(tb)}, demo.Options{Scale: scale})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("demo scale %d: %d offices in %s", scale, st.Offices, time.Since(start).Round(time.Millisecond))
	return s
}

var benchPostcodes = []string{"30159", "49074", "37073", "26122", "38100", "21335", "28195", "27472", "31785", "29221"}

// BenchmarkSearch runs finder searches over the demo network at scale 11
// (about 2,000 offices); the network is generated once for all cases.
func BenchmarkSearch(b *testing.B) {
	s := demoStore(b, benchScale)
	clock := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f := finder.New(s, gazetteer(b), kmnclock.New(func() time.Time { return clock }))
	f.RebuildEvery = time.Hour
	b.Cleanup(f.Close)
	ctx := context.Background()
	snap, err := f.Snapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("snapshot: %d offices", len(snap.Offices))
	age := 30
	cases := []struct {
		name string
		q    func(i int) finder.Query
	}{
		{"postcode", func(i int) finder.Query { return finder.Query{Text: benchPostcodes[i%len(benchPostcodes)]} }},
		{"postcode_filters", func(i int) finder.Query {
			return finder.Query{Text: benchPostcodes[i%len(benchPostcodes)], Language: "ar", Age: &age, OpenNow: true, StepFree: i%2 == 0}
		}},
		{"radius300_page3", func(i int) finder.Query {
			return finder.Query{Text: benchPostcodes[i%len(benchPostcodes)], RadiusKm: 300, Page: 3}
		}},
		{"place_name", func(i int) finder.Query {
			return finder.Query{Text: []string{"Göttingen", "hannover", "Osnabrück", "Lueneburg"}[i%4]}
		}},
		{"device", func(i int) finder.Query {
			lat, lon := 52.37+float64(i%10)*0.05, 9.73-float64(i%7)*0.1
			return finder.Query{Lat: &lat, Lon: &lon, RadiusKm: 25}
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := f.Search(ctx, c.q(i)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	// 64 concurrent searchers on the machine's cores, as in the load test;
	// reports the 99th percentile latency.
	b.Run("parallel64", func(b *testing.B) {
		b.SetParallelism(32)
		var mu sync.Mutex
		var lat []time.Duration
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			i := 0
			for pb.Next() {
				start := time.Now()
				if _, err := f.Search(ctx, cases[i%2].q(i)); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(start))
				i++
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
		if len(lat) > 0 {
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		}
	})
}
