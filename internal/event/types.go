package event

import (
	"errors"
	"time"
)

// Errors callers turn into answers.
var (
	// ErrNotFound: no such event or registration, or not the caller's (404).
	ErrNotFound = errors.New("event: not found")
	// ErrClosed: registration is not open (window passed, not published,
	// cancelled) (422 with the reason on the page).
	ErrClosed = errors.New("event: registration closed")
	// ErrDuplicate: the e-mail address is registered for the event already.
	ErrDuplicate = errors.New("event: already registered")
	// ErrChanged: the registration or event is no longer in a state the
	// step leaves (an offer lapsed, a second click) (409).
	ErrChanged = errors.New("event: changed meanwhile")
	// ErrStale: the event was changed by someone else since it was read.
	ErrStale = errors.New("event: stale version")
)

// Audiences an event addresses.
var Audiences = []string{"administration", "school", "counselors", "migrants", "public"}

// Formats of an event.
var Formats = []string{"in_person", "online", "hybrid"}

// Event states.
const (
	Draft     = "draft"
	Published = "published"
	Cancelled = "cancelled"
)

// Registration states.
const (
	Unconfirmed = "unconfirmed"
	Requested   = "requested" // confirmed by e-mail, waits for the organiser's approval
	Confirmed   = "confirmed"
	Waitlisted  = "waitlisted"
	Offered     = "offered"
	Withdrawn   = "cancelled"
)

// Text is an event's title and description in one language.
type Text struct{ Title, Description string }

// Date is one session of an event.
type Date struct{ Start, End time.Time }

// Event is a training or event.
type Event struct {
	ID                    string
	OrganiserKind         string
	OrganiserID           string
	Audience, Format      string
	Address, OnlineLink   string
	RegionID, Topic, Lang string
	Capacity              int
	RegistrationCloses    time.Time
	NeedsApproval         bool
	Accessibility         string
	Cost, Contact         string
	State                 string
	Texts                 map[string]Text
	Dates                 []Date
	Version               int
	Taken, Waiting        int // confirmed or offered places; waiting people
	CreatedAt, UpdatedAt  time.Time
}

// Title is the event's title in lang, falling back to German.
func (e Event) Title(lang string) string { return e.text(lang).Title }

// Description is the event's description in lang, falling back to German.
func (e Event) Description(lang string) string { return e.text(lang).Description }

func (e Event) text(lang string) Text {
	if t, ok := e.Texts[lang]; ok && t.Title != "" {
		return t
	}
	return e.Texts["de"]
}

// Free is the number of places still free.
func (e Event) Free() int { return max(0, e.Capacity-e.Taken) }

// Starts is the start of the first date.
func (e Event) Starts() time.Time {
	if len(e.Dates) == 0 {
		return time.Time{}
	}
	return e.Dates[0].Start
}

// Registration is one person's registration, opened.
type Registration struct {
	ID, EventID        string
	Name, Email        string
	Organisation, Role string
	Needs, Lang, State string
	OfferExpires       *time.Time
	CreatedAt          time.Time
	ConfirmedAt        *time.Time
}
