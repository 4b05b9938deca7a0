package mso

import (
	"errors"
	"time"
)

// Errors callers turn into answers.
var (
	// ErrNotFound: no such MSO or request, or outside the caller's view
	// (404, never 403, so ids outside the scope say nothing).
	ErrNotFound = errors.New("mso: not found")
	// ErrForbidden: the caller sees the MSO but may not change its profile (403).
	ErrForbidden = errors.New("mso: not allowed")
	// ErrStale: someone else changed the profile or request since it was read (409).
	ErrStale = errors.New("mso: stale version")
)

// Kinds of support requests, in form order.
var Kinds = []string{"funding_advice", "founding", "premises", "training", "other"}

// Request states.
const (
	Open       = "open"
	InProgress = "in_progress"
	Done       = "done"
	Declined   = "declined"
)

// Statuses lists the request states in form order.
var Statuses = []string{Open, InProgress, Done, Declined}

// Profile is what an MSO says about itself. A zero UpdatedAt means no
// profile has been saved yet.
type Profile struct {
	OrganisationID           string
	Description, Communities string
	Activities               string
	Languages                []string // ISO 639 codes, sorted
	Email, Phone, Website    string
	Public                   bool
	ConsentBy, ConsentByName string
	ConsentAt                *time.Time
	Version                  int
	UpdatedAt                time.Time
}

// MSO is a registry organisation of kind MSO with its profile.
type MSO struct {
	ID, Name             string
	RegionID, RegionName string
	// Registry contact (the profile's contact overrides it where set).
	Email, Phone, Website string
	Profile               Profile
	// CanEdit: the reader may change the profile and the consent.
	CanEdit bool
	// OpenRequests counts the requests not done or declined.
	OpenRequests int
}

// Request is a support request, its subject opened.
type Request struct {
	ID, OrganisationID, Organisation string
	RegionID, Kind, Subject, Status  string
	CreatedBy, CreatedByName         string
	CreatedAt, UpdatedAt             time.Time
	Version                          int
	// Timeline is oldest first (only on one request's page).
	Timeline []Note
}

// Note is one entry of a request's timeline: a note, a status change or both.
type Note struct {
	ID, AuthorID, Author string
	Status, Body         string
	At                   time.Time
}
