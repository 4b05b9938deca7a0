package api

// The types below are the HSDS 3.0 objects this API serves. Field names and
// JSON keys follow the Open Referral schemas (schema/*.json of the 3.0
// specification) exactly; everything KMN holds beyond them lives in the
// documented extension object "x_kmn" (see README.md), never in a standard
// field. HSDS permits additional properties as long as they are documented
// and no standard field fits.

// Organization is an HSDS organization: a network.Organisation that runs at
// least one office in the snapshot.
type Organization struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	Description          string    `json:"description"`
	Email                string    `json:"email,omitempty"`
	Website              string    `json:"website,omitempty"`
	ParentOrganizationID string    `json:"parent_organization_id,omitempty"`
	Phones               []Phone   `json:"phones,omitempty"`
	Services             []Service `json:"services,omitempty"`
	Ext                  OrgExt    `json:"x_kmn"`
}

// OrgExt is the KMN extension of an organization.
type OrgExt struct {
	Kind        string `json:"kind"`
	Authority   string `json:"authority,omitempty"`
	RegionID    string `json:"region_id,omitempty"`
	RegionName  string `json:"region_name,omitempty"`
	DistrictAGS string `json:"district_ags,omitempty"`
	UpdatedAt   string `json:"updated_at,omitempty"`
}

// Service is an HSDS service: one program run by one organisation.
type Service struct {
	ID                 string              `json:"id"`
	OrganizationID     string              `json:"organization_id"`
	Name               string              `json:"name"`
	AlternateName      string              `json:"alternate_name,omitempty"`
	Description        string              `json:"description"`
	Status             string              `json:"status"`
	MinimumAge         *int                `json:"minimum_age,omitempty"`
	MaximumAge         *int                `json:"maximum_age,omitempty"`
	Languages          []Language          `json:"languages,omitempty"`
	Funding            []Funding           `json:"funding,omitempty"`
	Attributes         []Attribute         `json:"attributes,omitempty"`
	Organization       *Organization       `json:"organization,omitempty"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Ext                ServiceExt          `json:"x_kmn"`
}

// ServiceExt is the KMN extension of a service.
type ServiceExt struct {
	ProgramID    string       `json:"program_id"`
	FundingLevel string       `json:"funding_level,omitempty"`
	Translations Translations `json:"translations,omitempty"`
	UpdatedAt    string       `json:"updated_at,omitempty"`
}

// Translations maps an ISO 639-1 code to a name and description in that
// language (x_kmn.translations).
type Translations map[string]Text

// Text is a name and description in one language.
type Text struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Location is an HSDS location: one counseling office.
type Location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	OrganizationID string          `json:"organization_id"`
	Name           string          `json:"name"`
	Latitude       float64         `json:"latitude"`
	Longitude      float64         `json:"longitude"`
	Languages      []Language      `json:"languages,omitempty"`
	Addresses      []Address       `json:"addresses"`
	Contacts       []Contact       `json:"contacts,omitempty"`
	Accessibility  []Accessibility `json:"accessibility,omitempty"`
	Phones         []Phone         `json:"phones,omitempty"`
	Schedules      []Schedule      `json:"schedules,omitempty"`
	Attributes     []Attribute     `json:"attributes,omitempty"`
	Ext            LocationExt     `json:"x_kmn"`
}

// LocationExt is the KMN extension of a location. AppointmentInfo is in
// the requested language when the office has it, else in German;
// AppointmentInfoLanguage says which, Translations holds every version.
type LocationExt struct {
	Status                  string          `json:"status"`
	DistrictAGS             string          `json:"district_ags,omitempty"`
	DistrictName            string          `json:"district_name,omitempty"`
	RegionID                string          `json:"region_id,omitempty"`
	RegionName              string          `json:"region_name,omitempty"`
	Website                 string          `json:"website,omitempty"`
	OnlineCounseling        bool            `json:"online_counseling"`
	StepFree                bool            `json:"step_free"`
	AccessibleToilet        bool            `json:"accessible_toilet"`
	HearingLoop             bool            `json:"hearing_loop"`
	ByAppointment           bool            `json:"by_appointment"`
	AppointmentInfo         string          `json:"appointment_info,omitempty"`
	AppointmentInfoLanguage string          `json:"appointment_info_language,omitempty"`
	Translations            LocationTexts   `json:"translations,omitempty"`
	OpenOnHolidays          bool            `json:"open_on_holidays"`
	HoursExceptions         []HourException `json:"hours_exceptions,omitempty"`
	Timezone                string          `json:"timezone"`
	Programs                []string        `json:"programs,omitempty"`
	Topics                  []string        `json:"topics,omitempty"`
	DistanceM               *int            `json:"distance_m,omitempty"`
	UpdatedAt               string          `json:"updated_at,omitempty"`
}

// LocationTexts maps an ISO 639-1 code to a location's free texts in that
// language (x_kmn.translations of a location), German, the base text,
// included; a language without a text is left out.
type LocationTexts map[string]LocationText

// LocationText is a location's free texts in one language.
type LocationText struct {
	AppointmentInfo string `json:"appointment_info"`
}

// HourException replaces the weekly hours on one date (x_kmn.hours_exceptions).
type HourException struct {
	Date      string   `json:"date"`
	Closed    bool     `json:"closed"`
	Intervals []string `json:"intervals,omitempty"` // "09:00-12:00"
	Note      string   `json:"note,omitempty"`
}

// ServiceAtLocation links a service to a location where it is offered.
type ServiceAtLocation struct {
	ID         string      `json:"id"`
	ServiceID  string      `json:"service_id"`
	LocationID string      `json:"location_id"`
	Service    *Service    `json:"service,omitempty"`
	Location   *Location   `json:"location,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
	Ext        SALExt      `json:"x_kmn"`
}

// SALExt is the KMN extension of a service_at_location.
type SALExt struct {
	ProgramID      string `json:"program_id"`
	OrganizationID string `json:"organization_id"`
	// DistanceM is the great-circle distance in metres from the query's
	// postcode centroid (or lat/lon); present only in such queries.
	DistanceM *int `json:"distance_m,omitempty"`
}

// Address is an HSDS address.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	Region        string `json:"region,omitempty"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Phone is an HSDS phone.
type Phone struct {
	ID             string `json:"id"`
	LocationID     string `json:"location_id,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
	Number         string `json:"number"`
	Type           string `json:"type"`
}

// Contact is an HSDS contact; used for the e-mail address of an office.
type Contact struct {
	ID         string `json:"id"`
	LocationID string `json:"location_id"`
	Email      string `json:"email"`
}

// Accessibility is one HSDS accessibility arrangement of a location.
type Accessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id"`
	Description string `json:"description"`
}

// Language is an HSDS language spoken at a location or in a service.
type Language struct {
	ID         string `json:"id"`
	ServiceID  string `json:"service_id,omitempty"`
	LocationID string `json:"location_id,omitempty"`
	Name       string `json:"name"`
	Code       string `json:"code"`
}

// Funding is an HSDS funding source of a service.
type Funding struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Source    string `json:"source"`
}

// Schedule is an HSDS schedule: an RFC 5545 weekly rule with opening and
// closing time, in Europe/Berlin local time (HSDS's numeric timezone
// offset cannot express daylight saving time, so it is left out and the zone
// is named in x_kmn.timezone of the location).
type Schedule struct {
	ID         string `json:"id"`
	LocationID string `json:"location_id"`
	Freq       string `json:"freq"`
	Wkst       string `json:"wkst"`
	Byday      string `json:"byday"`
	OpensAt    string `json:"opens_at"`
	ClosesAt   string `json:"closes_at"`
}

// Attribute links an entity to a taxonomy term.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id"`
	LinkEntity     string        `json:"link_entity"`
	TaxonomyTermID string        `json:"taxonomy_term_id"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// Taxonomy is an HSDS taxonomy: kmn-topics or kmn-programs.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Version     string `json:"version,omitempty"`
}

// TaxonomyTerm is one topic or program.
type TaxonomyTerm struct {
	ID          string    `json:"id"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Taxonomy    string    `json:"taxonomy"`
	TaxonomyID  string    `json:"taxonomy_id"`
	Language    string    `json:"language"`
	Ext         *TermExt  `json:"x_kmn,omitempty"`
	Detail      *Taxonomy `json:"taxonomy_detail,omitempty"`
}

// TermExt is the KMN extension of a taxonomy term.
type TermExt struct {
	Translations Translations `json:"translations,omitempty"`
}

// Page is the HSDS pagination envelope around a list.
type Page struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   any  `json:"contents"`
}
