package online

import (
	"errors"
	"time"
)

// Errors callers turn into answers.
var (
	// ErrNotFound: no such row, or not one the caller may see (404).
	ErrNotFound = errors.New("online: not found")
	// ErrNicknameTaken: another client chose the nickname first (422).
	ErrNicknameTaken = errors.New("online: nickname taken")
	// ErrBadLogin: nickname and secret do not match (the same answer for
	// an unknown nickname, so logins do not reveal accounts).
	ErrBadLogin = errors.New("online: bad login")
	// ErrSequence: a message's number is not the next one (409: someone
	// else wrote first; the browser reads again and re-encrypts).
	ErrSequence = errors.New("online: out of sequence")
	// ErrChanged: the conversation is no longer in a state the step
	// leaves (someone else took it, or it was closed) (409).
	ErrChanged = errors.New("online: changed meanwhile")
	// ErrRecipients: the wrapped keys do not cover exactly the recipients
	// the route has now (409: the browser asks for the route again).
	ErrRecipients = errors.New("online: recipients changed")
	// ErrNoKey: the counselor has not set up online counseling keys yet.
	ErrNoKey = errors.New("online: no key set up")
)

// Age groups of an enquiry: they choose the program (JMD up to 26, MBE
// from 27).
const (
	AgeYoung = "under27"
	AgeAdult = "27plus"
)

// Programs that offer online counseling, by age group.
var programOf = map[string]string{AgeYoung: "jmd", AgeAdult: "mbe"}

// Pools an enquiry goes to: one office near the client, else the offices of
// the client's region, else every office of the state.
const (
	PoolOffice = "office"
	PoolRegion = "region"
	PoolState  = "state"
)

// Conversation states.
const (
	StateNew    = "new"    // waits for a counselor to take it
	StateOpen   = "open"   // a counselor answers
	StateClosed = "closed" // closed by the counselor, deleted after the retention
)

// Client is an anonymous online-counseling account.
type Client struct {
	ID, Nickname, Lang string
	PublicKey          string
	// PrivateByPassword is the private key sealed under the password's
	// wrap key (docs/E2E.md), handed to the browser after login.
	PrivateByPassword string
	Salt              string
	CreatedAt         time.Time
	ActiveAt          time.Time
	HasNoticeEmail    bool
}

// StaffKey is a counselor's identity key.
type StaffKey struct {
	UserID, PublicKey, Salt, PrivateByPassword string
}

// Recipient is somebody a conversation key is wrapped for.
type Recipient struct {
	ID        string `json:"id"`
	PublicKey string `json:"public_key"`
	// Client marks the client (the others are staff).
	Client bool `json:"client,omitempty"`
}

// Key is a conversation key wrapped for one recipient in one epoch.
type Key struct {
	Epoch       int    `json:"epoch"`
	RecipientID string `json:"recipient_id"`
	Wrapped     string `json:"wrapped"`
}

// Message is one encrypted message.
type Message struct {
	Seq        int       `json:"seq"`
	Epoch      int       `json:"epoch"`
	SenderID   string    `json:"sender_id"`
	FromClient bool      `json:"from_client"`
	Body       string    `json:"body"`
	At         time.Time `json:"at"`
	// File says the message has an attachment (read with Attachment).
	File bool `json:"file,omitempty"`
	// Attachment is the sealed file sent with the message (Post only).
	Attachment string `json:"-"`
}

// Conversation is one enquiry and what follows it (metadata only).
type Conversation struct {
	ID, ClientID, Nickname  string
	Pool, OfficeID          string
	OfficeName, RegionID    string
	Program, Topic, Lang    string
	CounselorID             string
	CounselorName           string
	State                   string
	Epoch, LastSeq          int
	ClientSeen, StaffSeen   int
	CreatedAt, UpdatedAt    time.Time
	ClosedAt, DeleteAfter   *time.Time
	ClientKey, CounselorKey string // identity public keys (for the safety number)
	// FileConsentAt is when the client agreed that a client file may be
	// opened; FileID the file opened (pseudonym only).
	FileConsentAt *time.Time
	FileID        string
}

// Enquiry is what the first message names besides its text.
type Enquiry struct {
	Topic    string
	Postcode string
	AgeGroup string
	Lang     string
}

// Route is where an enquiry goes and whom its key is wrapped for.
type Route struct {
	Pool       string
	OfficeID   string
	OfficeName string
	RegionID   string
	Program    string
	// Staff are the counselors who receive the enquiry (with keys).
	Staff []Recipient
}

// OfficeSettings say whether and how an office takes online enquiries.
type OfficeSettings struct {
	OfficeID   string
	Programs   []string // empty: the office takes none
	TeamAccess bool
	Welcome    string
	Absence    string
}
