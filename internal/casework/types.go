package casework

import "time"

// Status says whether a file is open.
type Status string

// The file statuses.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Genders, ResidenceStatuses, Purposes, Forms, Channels and CloseReasons
// list the allowed values in form order (the same lists as the CHECK
// constraints of migration 00005).
var (
	Genders           = []string{"female", "male", "diverse", "not_stated"}
	ResidenceStatuses = []string{"eu_citizen", "permanent", "temporary", "asylum_pending", "tolerated", "humanitarian", "other", "not_stated"}
	Purposes          = []string{PurposeCounseling, PurposeContactData, PurposeReferral, PurposeStatistics}
	Forms             = []string{"written", "oral", "online"}
	Channels          = []string{"in_person", "phone", "video", "online", "outreach"}
	CloseReasons      = []string{"goals_reached", "referred", "moved", "no_contact", "client_request", "ineligible", "other"}
)

// The consent purposes.
const (
	PurposeCounseling  = "counseling"
	PurposeContactData = "contact_data"
	PurposeReferral    = "referral"
	PurposeStatistics  = "statistics"
)

// FileInput is what a counselor enters for a new file or a change of its
// statistics fields. Zero ArrivalYear means unknown; empty Country and
// FirstLanguage mean not stated.
type FileInput struct {
	OfficeID, ProgramID string // used when creating only
	IntakeOn            time.Time
	BirthYear           int
	Gender              string
	Country             string // ISO 3166-1 alpha-2
	FirstLanguage       string // ISO 639
	ResidenceStatus     string
	ArrivalYear         int
}

// File is a client file with everything the viewer may see.
type File struct {
	ID, Code    string
	CounselorID string
	// FileInput holds the office, program, intake date and statistics fields.
	FileInput
	Status      Status
	ClosedOn    time.Time // zero while open
	CloseReason string
	DeleteAfter time.Time // zero while open
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Consents []Consent
	Contacts []Contact
	// ContactData is nil unless stored and covered by an active consent.
	ContactData *ContactData
	// Documents lists the file's documents without their content.
	Documents []Document
	// Dates holds the residence-title expiry and the birth month.
	Dates DeadlineFields
	// NextDeadlines are the file's first deadlines by date (overdue ones
	// first), Plan its support plan's progress: the file's overview.
	NextDeadlines []Deadline
	Plan          PlanProgress
}

// ConsentInput records a consent as given.
type ConsentInput struct {
	Purpose   string
	Recipient string // the named recipient of a referral consent
	GivenOn   time.Time
	Form      string
}

// Consent is a recorded consent.
type Consent struct {
	ID string
	ConsentInput
	// For is the recipient and the data categories of a referral consent
	// recorded with a referral (zero for other consents and for referral
	// consents from before referrals, which cover no referral).
	For         ReferralScope
	WithdrawnOn time.Time // zero while in force
	RecordedBy  string
	CreatedAt   time.Time
}

// Active reports whether the consent is in force.
func (c Consent) Active() bool { return c.WithdrawnOn.IsZero() }

// ContactData is the client's name and how to reach them.
type ContactData struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
}

// ContactInput is one counseling contact as entered.
type ContactInput struct {
	On          time.Time
	Minutes     int
	Channel     string
	Language    string // ISO 639, the language the counseling was held in
	Interpreter bool
	Topics      []string // topic ids of the registry
	Note        string
}

// Contact is a stored counseling contact with its note decrypted.
type Contact struct {
	ID string
	ContactInput
	CreatedBy string
	CreatedAt time.Time
}

// CloseInput ends a file.
type CloseInput struct {
	On     time.Time
	Reason string
}

// Summary is a file in a list: no contact data, no notes.
type Summary struct {
	ID, Code, OfficeID, ProgramID, CounselorID string
	IntakeOn                                   time.Time
	Status                                     Status
	Version                                    int
	// NextDue is the earliest due date of the file's open measures (zero: none).
	NextDue time.Time
}
