package stats

import (
	"context"
	"time"
)

// Source is where the figures come from: the case store's tallies and the
// registry's hierarchy. The platform wires it (internal/app); this
// package reaches neither, holds no database handle and reads no table,
// so nothing here can read a client file (archtest).
type Source interface {
	// Tallies counts several breakdowns of the same things (one Of and
	// Measure, one period and counselor) – in one pass where it can.
	Tallies(ctx context.Context, qs []Query) ([][]Tally, error)
	// Version changes whenever anything the tallies or units read changes.
	Version(ctx context.Context) (string, error)
	// Units places every office in its district and region.
	Units(ctx context.Context) ([]OfficeUnit, error)
	// Programs and Topics list the registry's ids in their order.
	Programs(ctx context.Context) ([]string, error)
	Topics(ctx context.Context) ([]string, error)
	// FTE sums the funded posts active on a day by program and region.
	FTE(ctx context.Context, on time.Time) ([]FTE, error)
}

// FTE is the funded full-time equivalents of one program in one region,
// in hundredths (150 = 1.5 posts).
type FTE struct {
	ProgramID, RegionID string
	Hundredths          int
}

// What a tally counts.
type Of string

// The things counted.
const (
	OfClients  Of = "clients"
	OfContacts Of = "contacts"
	OfGoals    Of = "goals"
)

// Measures of client tallies.
const (
	Counseled = "active" // counseled in the period (open at some day of it)
	TakenOn   = "new"    // taken on in the period
	Closed    = "closed" // closed in the period
)

// Query asks for one tally: Of what, by Field (a Dim's name), with
// Measure for clients, over From–To (days included), optionally of one
// counselor's own files.
type Query struct {
	Of        Of
	Measure   string
	Field     string
	From, To  time.Time
	Counselor string
}

// Tally is one count: of one office and program with one key.
type Tally struct {
	OfficeID, ProgramID, Key string
	N                        int
}

// OfficeUnit places one office: office → district → region.
type OfficeUnit struct {
	OfficeID, OfficeName      string
	DistrictAGS, DistrictName string
	RegionID, RegionName      string
}
