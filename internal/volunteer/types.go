package volunteer

import (
	"errors"
	"time"
)

// Errors callers turn into answers.
var (
	// ErrNotFound: no such volunteer, request or ask, or not the caller's (404).
	ErrNotFound = errors.New("volunteer: not found")
	// ErrDuplicate: the e-mail address has signed up already.
	ErrDuplicate = errors.New("volunteer: already signed up")
	// ErrChanged: the row is no longer in a state the step leaves (a
	// second click, a request filled or cancelled meanwhile) (409).
	ErrChanged = errors.New("volunteer: changed meanwhile")
	// ErrDoubleBooked: the volunteer has an assignment at that time.
	ErrDoubleBooked = errors.New("volunteer: double booked")
	// ErrCannotTake: the volunteer cannot take the request (not
	// confirmed, document expired, unavailable, too far, …) (422).
	ErrCannotTake = errors.New("volunteer: cannot take the request")
)

// Volunteer states.
const (
	Unconfirmed = "unconfirmed" // e-mail link not yet opened
	Registered  = "registered"  // waits for a coordinator's conversation
	Confirmed   = "confirmed"   // may be asked
	Inactive    = "inactive"    // ended
)

// Activities a volunteer may offer.
var Activities = []string{"mediation", "homework", "accompany", "leisure"}

// Genders a volunteer may state and a client may prefer.
var Genders = []string{"female", "male", "diverse"}

// Document kinds a coordinator records.
var DocumentKinds = []string{"good_conduct", "good_conduct_extended", "other"}

// Modes of a mediation appointment.
var Modes = []string{"in_person", "phone", "video"}

// Sensitivities of a request's topic (the volunteer is told, to decide).
var Sensitivities = []string{"residence", "health", "family", "other"}

// Request states.
const (
	Open      = "open"
	Filled    = "filled"
	Cancelled = "cancelled"
)

// Ask states.
const (
	Asked     = "asked"
	Accepted  = "accepted"
	Declined  = "declined"
	Withdrawn = "withdrawn"
)

// Language is one language a volunteer mediates.
type Language struct {
	Code     string
	Dialects []string
	// Level from 1 (basic) to 5 (native).
	Level int
}

// Slot is a weekly time a volunteer is available (minutes after midnight,
// Lower Saxony time).
type Slot struct {
	Weekday    time.Weekday
	From, Till int
}

// Document is a document a coordinator saw, valid until a date.
type Document struct {
	ID, Kind   string
	ValidUntil time.Time
	RecordedAt time.Time
}

// Volunteer is one volunteer as their coordinator and they themselves see
// them.
type Volunteer struct {
	ID, Name, Email, Phone, Lang, Gender string
	Postcode, DistrictAGS, RegionID      string
	Lat, Lon                             float64
	MaxKm                                int
	Remote                               bool
	Activities                           []string
	Languages                            []Language
	Slots                                []Slot
	Documents                            []Document
	State                                string
	PledgeAt, ConfirmedAt                time.Time
	Note                                 string
	CreatedAt                            time.Time
}

// Expired reports whether one of v's documents (the newest of its kind)
// has run out by today: no new assignments until it is renewed.
func (v *Volunteer) Expired(today time.Time) bool {
	newest := map[string]time.Time{}
	for _, d := range v.Documents {
		if d.ValidUntil.After(newest[d.Kind]) {
			newest[d.Kind] = d.ValidUntil
		}
	}
	for _, until := range newest {
		if until.Before(today) {
			return true
		}
	}
	return false
}

// Request is a counselor's request for a language mediator.
type Request struct {
	ID, OfficeID, OfficeName, RequestedBy string
	// RegionID is the office's region when the request was made.
	RegionID string
	// lat, lon is the office's position then (distances for in person).
	lat, lon                         float64
	Language, Dialect                string
	Start, End                       time.Time
	Mode, Place, Sensitivity, Gender string
	Conflicts                        []string
	State                            string
	Unmet                            bool
	Asks                             []Ask
	CreatedAt                        time.Time
}

// Minutes is the appointment's length.
func (r *Request) Minutes() int { return int(r.End.Sub(r.Start) / time.Minute) }

// Ask is one volunteer asked for one request.
type Ask struct {
	ID, RequestID, VolunteerID, VolunteerName, State string
	AskedAt, AnsweredAt                              time.Time
	// Minutes logged after the appointment (0: not yet).
	Minutes int
}

// Mail kinds the store asks to send (the app renders them in the
// recipient's language with the link).
const (
	MailConfirm    = "confirm"    // volunteer: open the link to confirm the address
	MailRegistered = "registered" // volunteer: a coordinator will get in touch
	MailWelcome    = "welcome"    // volunteer: confirmed, here is your personal page
	MailAsk        = "ask"        // volunteer: can you take an appointment?
	MailAccepted   = "accepted"   // counselor: a mediator accepted
	MailExpiring   = "expiring"   // volunteer and coordinator: a document runs out
)

// Mail is one mail: Link is the volunteer's token (their personal page or
// the confirmation) or, for staff, the request's id; When a date shown.
type Mail struct {
	Kind, To, Lang, Link string
	When                 time.Time
}

// CommonLanguages are the languages forms offer first: those most asked
// for in the KMN's counseling (ISO 639 codes; "prs" is Dari).
var CommonLanguages = []string{"ar", "fa", "prs", "ps", "ku", "ti", "so", "uk", "ru", "tr", "pl", "ro", "bg", "sq", "sr", "en", "fr", "es", "it", "am", "ur", "de"}
