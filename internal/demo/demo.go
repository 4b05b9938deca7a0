// Package demo generates a deterministic, realistic KMN network for
// demonstrations and load tests: organisations (welfare providers, migrant
// self-organisations, municipalities, authorities, the ministry), counseling
// offices at real postcodes spread over all 45 districts by population,
// funded posts, regional coordination and staff accounts.
//
// Everything goes through the registry's and the auth service's public
// methods, so every row is validated and audited like an editor's change.
// The same Options always give the same data: all randomness comes from one
// seeded generator and all inputs are sorted first.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// DefaultSeed is the seed used when Options.Seed is zero.
const DefaultSeed = 2026

// MaxScale bounds Options.Scale (18,300 counseling offices).
const MaxScale = 100

// Options choose how much to generate.
type Options struct {
	// Scale multiplies the counseling offices and their posts (≥ 1); the
	// organisations, 17 Leitstellen and regions stay as they are.
	Scale int
	// Seed makes a different but equally deterministic network (0: DefaultSeed).
	Seed int64
	// Staff creates about three staff accounts per office (without
	// password: they cannot log in).
	Staff bool
}

// Deps are the services the generator writes through.
type Deps struct {
	Network *network.Store
	Geo     *geo.Gazetteer
	// Auth creates the staff accounts; nil skips them.
	Auth *auth.Service
}

// Stats counts what Generate created.
type Stats struct {
	Organisations, Authorities, MSOs int
	Offices                          int
	OfficesByProgram                 map[string]int
	Posts                            int
	PostsByProgram                   map[string]int
	FTEHundredths                    int
	Coordinators, Contacts           int
	Staff                            int
	// Files are the demo office's client files (app.LoadDemoScale).
	Files int
}

// Empty reports whether nothing was created.
func (s Stats) Empty() bool {
	return s.Organisations == 0 && s.Offices == 0 && s.Posts == 0 && s.Staff == 0 && s.Contacts == 0 && s.Files == 0
}

// String is a short report for the command line.
func (s Stats) String() string {
	if s.Empty() {
		return "nothing created: the registry already has offices\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "organisations: %d (authorities %d, migrant self-organisations %d)\n", s.Organisations, s.Authorities, s.MSOs)
	fmt.Fprintf(&b, "offices:       %d (%s)\n", s.Offices, byProgram(s.OfficesByProgram))
	fmt.Fprintf(&b, "funded posts:  %d, %s FTE (%s)\n", s.Posts, network.FTE(s.FTEHundredths), byProgram(s.PostsByProgram))
	fmt.Fprintf(&b, "regions:       %d coordinators, %d contact persons\n", s.Coordinators, s.Contacts)
	fmt.Fprintf(&b, "staff:         %d accounts (no password)\n", s.Staff)
	if s.Files > 0 {
		fmt.Fprintf(&b, "client files:  %d in the demo counselor's office\n", s.Files)
	}
	return b.String()
}

func byProgram(m map[string]int) string {
	var parts []string
	for _, p := range []string{"mbe", "jmd", "integrationsarbeit", "leitstelle"} {
		parts = append(parts, fmt.Sprintf("%s %d", p, m[p]))
	}
	return strings.Join(parts, ", ")
}

// editor is who the audit log names for generated registry rows.
var editor = network.EditorOf(auth.SystemPrincipal("demo"))

// actor is who the audit log names for generated accounts.
var actor = auth.SystemPrincipal("demo")

// Generate creates the demo network. When the registry has any office
// already it does nothing and returns zero Stats, so it is cheap to call at
// every start.
func Generate(ctx context.Context, d Deps, o Options) (Stats, error) {
	if o.Scale < 1 || o.Scale > MaxScale {
		return Stats{}, fmt.Errorf("demo: scale must be between 1 and %d", MaxScale)
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if d.Network == nil || d.Geo == nil {
		return Stats{}, errors.New("demo: network store and gazetteer are required")
	}
	if _, n, err := d.Network.ListOffices(ctx, network.OfficeFilter{}, network.Page{Limit: 1}); err != nil || n > 0 {
		return Stats{}, err
	}
	ref, err := loadReference(ctx, d)
	if err != nil {
		return Stats{}, err
	}
	o.Staff = o.Staff && d.Auth != nil
	p, err := buildPlan(ref, d.Geo, o)
	if err != nil {
		return Stats{}, err
	}
	w := &writer{d: d, p: p, st: Stats{OfficesByProgram: map[string]int{}, PostsByProgram: map[string]int{}}}
	err = w.run(ctx)
	return w.st, err
}
