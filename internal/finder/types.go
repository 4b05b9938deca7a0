package finder

import (
	"errors"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Query is a search of the public office finder.
type Query struct {
	// Text is a postcode or place name as typed ("30159", "Göttingen").
	Text string
	// Lat and Lon come from the browser's location instead of Text.
	Lat, Lon *float64
	Program  string // program id, e.g. "jmd"
	Language string // ISO 639 code the office speaks
	Topic    string // topic id
	// Age keeps offices with a program for that age: JMD up to 27, MBE from 27.
	Age      *int
	Online   bool // offers online counseling
	StepFree bool
	OpenNow  bool
	RadiusKm int // default DefaultRadiusKm, at most MaxRadiusKm
	Page     int // 1-based
}

// Limits of a query.
const (
	DefaultRadiusKm = 50
	MaxRadiusKm     = 300
	MaxPage         = 1000
	PerPage         = 20
	MaxTextLen      = 100
)

// Origin is where distances are measured from.
type Origin struct {
	Lat, Lon  float64
	Postcode  string
	Place     string
	StateCode string // "NI", or e.g. "HB" for a Bremen postcode
	// FromDevice is true when the browser's location was used.
	FromDevice bool
}

// Reason is one translatable part of "why this result matches", e.g.
// {Key: "finder.reason_language", Args: ["Language", "ar"]}.
type Reason struct {
	Key  string
	Args []any
}

// Result is one office found.
type Result struct {
	Office *network.Office
	// Ordinal is the office's position in the snapshot (Snapshot.Offices),
	// for callers that keep something per office and snapshot.
	Ordinal    int
	DistanceKm float64
	Status     hours.Status
	Reasons    []Reason
}

// Results is one page of a search.
type Results struct {
	Origin             Origin
	Items              []Result
	Total, Page, Pages int
	// ValidUntil is when the same search on the same registry could first
	// give a different page (opening states, "today"); caches keep a page
	// until then.
	ValidUntil time.Time
}

// UnknownPlaceError says the text matched no postcode or place; it carries
// suggestions (nearby postcodes or similar place names).
type UnknownPlaceError struct {
	Text        string
	Malformed   bool
	Suggestions []geo.Place
}

func (e *UnknownPlaceError) Error() string { return "finder: unknown place " + e.Text }

// ErrNotFound is returned for an office id the finder does not know.
var ErrNotFound = errors.New("finder: office not found")

// Snapshot is the public view of the registry at one moment: every office
// that is not closed, with programs and topics, and a version that changes
// whenever the registry does (for ETags and caches).
type Snapshot struct {
	Offices       []network.Office
	Organisations []network.Organisation
	Programs      []network.Program
	Topics        []string
	Version       string
	Built         time.Time
}
