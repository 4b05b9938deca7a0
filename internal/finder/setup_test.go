package finder_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var loadGazetteer = sync.OnceValues(geo.Load)

func gazetteer(tb testing.TB) *geo.Gazetteer {
	tb.Helper()
	g, err := loadGazetteer()
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// seed inserts districts, regions, programs and topics as the app does.
func seed(tb testing.TB, s *network.Store) {
	tb.Helper()
	var seeds []network.DistrictSeed
	for _, x := range gazetteer(tb).Districts() {
		seeds = append(seeds, network.DistrictSeed{AGS: x.AGS, Name: x.DisplayName(), Kind: x.Kind, Population: x.Population})
	}
	if err := s.SeedReference(context.Background(), seeds); err != nil {
		tb.Fatal(err)
	}
}
