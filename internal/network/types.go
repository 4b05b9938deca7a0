package network

import (
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// Region is one of the ten Regionalverbünde.
type Region struct {
	ID, Name, Seat, Email, Phone string
	// Coordinator is the coordinating organisation, if any.
	CoordinatorID, CoordinatorName string
	Districts                      []District
	Contacts                       []Contact
	OfficeCount                    int
	UpdatedAt                      time.Time
}

// Contact is a contact person of a region.
type Contact struct {
	ID, Name, Function, Email, Phone string
}

// District is a Landkreis, kreisfreie Stadt or the Region Hannover.
type District struct {
	AGS, Name, Kind string
	Population      int
	RegionID        string
	RegionName      string
}

// FundingLevel says who funds a program.
type FundingLevel string

// The funding levels.
const (
	Federal   FundingLevel = "federal"
	State     FundingLevel = "state"
	Municipal FundingLevel = "municipal"
)

// Program is a counseling program such as MBE or JMD.
type Program struct {
	ID           string
	FundingLevel FundingLevel
	Funder       string
	MinAge       *int
	MaxAge       *int
	// RetentionYears is how long a closed client file of the program is
	// kept before deletion (1–30, default 3).
	RetentionYears int
	// Texts holds name and description by language.
	Texts map[string]ProgramText
}

// ProgramText is a program's name and description in one language.
type ProgramText struct{ Name, Description string }

// Name returns the program's name in lang, falling back to German.
func (p Program) Name(lang string) string {
	if t, ok := p.Texts[lang]; ok && t.Name != "" {
		return t.Name
	}
	return p.Texts["de"].Name
}

// Description returns the description in lang, falling back to German.
func (p Program) Description(lang string) string {
	if t, ok := p.Texts[lang]; ok && t.Description != "" {
		return t.Description
	}
	return p.Texts["de"].Description
}

// OrgKind is the kind of an organisation.
type OrgKind string

// The organisation kinds.
const (
	Provider     OrgKind = "provider"     // welfare provider (Träger)
	Association  OrgKind = "association"  // local association
	MSO          OrgKind = "mso"          // migrant self-organisation
	Municipality OrgKind = "municipality" // Kommune
	Authority    OrgKind = "authority"    // BAMF, BA, Jobcenter, Ausländerbehörde
	School       OrgKind = "school"
	Ministry     OrgKind = "ministry"
)

// OrgKinds lists the kinds in form order.
var OrgKinds = []OrgKind{Provider, Association, MSO, Municipality, Authority, School, Ministry}

// AuthorityTypes lists the kinds of authority.
var AuthorityTypes = []string{"bamf", "employment_agency", "jobcenter", "foreigners_authority"}

// Organisation is a provider, association, authority, … of the network.
type Organisation struct {
	ID, ExternalID, Name  string
	Kind                  OrgKind
	Authority             string
	ParentID, ParentName  string
	RegionID, RegionName  string
	DistrictAGS           string
	Email, Phone, Website string
	OfficeCount           int
	UpdatedAt             time.Time
}

// OfficeStatus says whether an office is open for business.
type OfficeStatus string

// The office statuses.
const (
	Active            OfficeStatus = "active"
	TemporarilyClosed OfficeStatus = "temporarily_closed"
	Closed            OfficeStatus = "closed"
)

// Office is a counseling location.
type Office struct {
	ID, ExternalID                          string
	OrganisationID                          string
	OrganisationName                        string
	Name                                    string
	Street, Postcode, City                  string
	DistrictAGS, DistrictName               string
	RegionID, RegionName                    string
	Lat, Lon                                float64
	Phone, Email, Website                   string
	Hours                                   hours.Schedule
	AppointmentInfo                         string
	Translations                            map[string]OfficeText
	StepFree, AccessibleToilet, HearingLoop bool
	OnlineCounseling                        bool
	Status                                  OfficeStatus
	Languages                               []string // ISO 639 codes
	Programs                                []string // program ids
	Topics                                  []string // topic ids
	UpdatedAt                               time.Time
}

// FundedPost is a funded position (in FTE) of a program at an organisation.
type FundedPost struct {
	ID                   string
	OrganisationID       string
	OrganisationName     string
	OfficeID, OfficeName string
	ProgramID            string
	RegionID             string
	RegionName           string
	// FTEHundredths is the full-time equivalent ×100 (0.75 FTE = 75), exact to sum.
	FTEHundredths int
	Funder        string
	StartsOn      time.Time
	EndsOn        time.Time
}
