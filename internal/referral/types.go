package referral

import (
	"errors"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// State is where a referral stands.
type State string

// The states.
const (
	Draft     State = "draft" // saved by the sender, not yet sent
	Sent      State = "sent"
	Accepted  State = "accepted"
	Declined  State = "declined"
	Completed State = "completed"
	Withdrawn State = "withdrawn" // by the sender
	Revoked   State = "revoked"   // the consent was withdrawn
)

// States in the order lists filter them.
var States = []State{Draft, Sent, Accepted, Declined, Completed, Withdrawn, Revoked}

// Open reports whether the referral still waits for or is in work.
func (s State) Open() bool { return s == Sent || s == Accepted }

// Recipient kinds.
const (
	ToOffice       = "office"
	ToOrganisation = "organisation"
	ToExternal     = "external"
)

// Urgencies.
var Urgencies = []string{"normal", "urgent"}

// DeclineReasons a recipient gives when declining.
var DeclineReasons = []string{"no_capacity", "not_responsible", "not_eligible", "other"}

// Outcomes of a completed referral.
const (
	Successful   = "successful"
	Unsuccessful = "unsuccessful"
)

// OutcomeReasons say why a referral was not successful.
var OutcomeReasons = []string{"did_not_come", "no_capacity", "no_longer_needed", "not_reachable", "other"}

// Errors of the workflow.
var (
	// ErrNotFound: no such referral for this person (or none at all).
	ErrNotFound = errors.New("referral: not found")
	// ErrChanged: someone else answered or withdrew it first.
	ErrChanged = errors.New("referral: changed meanwhile")
)

// Referral is a referral as one of its sides sees it.
type Referral struct {
	ID, FileID, FileCode, ProgramID string
	SenderOfficeID, SenderID        string
	// SenderOffice and SenderName name the sending side.
	SenderOffice, SenderName string
	To                       Recipient
	ConsentID                string
	Topic, Urgency           string
	Categories               []string
	Question, Message        string
	// Shared is the snapshot of the consented categories (nil once the
	// consent was withdrawn).
	Shared    *casework.Shared
	RespondBy time.Time // zero: no date wished
	State     State
	// DeclineReason, Outcome, OutcomeReason and OutcomeNote are the
	// recipient's answers.
	DeclineReason, Outcome, OutcomeReason, OutcomeNote string
	SentAt, AnsweredAt, CompletedAt, EndedAt           time.Time
	// ConsentWithdrawn: the client withdrew the consent; the shared data
	// are gone (and the referral revoked unless it was over).
	ConsentWithdrawn bool
	// Handover: a JMD file handed over to the MBE at 27; accepting it
	// into a new file closes the sending file.
	Handover bool
	// OpenedFileID is the recipient's file opened on acceptance ("" when
	// none; only the recipient's office may open it).
	OpenedFileID string
	Version      int
	// Side is how the reader relates to it: sender or recipient.
	Side Side
}

// Overdue reports whether the wished response date has passed without an
// answer.
func (r Referral) Overdue(today time.Time) bool {
	return r.State == Sent && !r.RespondBy.IsZero() && r.RespondBy.Before(today)
}

// Recipient is whom a referral is addressed to.
type Recipient struct {
	Kind, ID, Name string
}

// Side is the reader's side of a referral.
type Side string

// The sides.
const (
	SenderSide    Side = "sender"
	RecipientSide Side = "recipient"
)

// Party is who acts on referrals, derived from a principal by PartyOf only
// (unexported fields: no caller can widen it): the offices where they
// counsel or lead (sending and receiving), the offices they lead (seeing
// their office's outgoing referrals), and the organisations they belong to
// (receiving, e.g. partner accounts of an authority).
type Party struct {
	p       auth.Principal
	offices []string
	leads   []string
	orgs    []string
}

// PartyOf derives the referral party of p.
func PartyOf(p auth.Principal) Party {
	pt := Party{p: p}
	if !p.Staff() {
		return pt
	}
	pt.offices = p.Offices(perm.Counselor, perm.OfficeLead)
	pt.leads = p.Offices(perm.OfficeLead)
	for _, g := range p.Grants() {
		if g.Kind == perm.Organisation && g.ScopeID != "" && g.OnBehalfOf == "" && !slices.Contains(pt.orgs, g.ScopeID) {
			pt.orgs = append(pt.orgs, g.ScopeID)
		}
	}
	return pt
}

// Receives reports whether the party receives referrals at all.
func (pt Party) Receives() bool { return len(pt.offices)+len(pt.orgs) > 0 }

// Sends reports whether the party may send referrals (works in an office).
func (pt Party) Sends() bool { return len(pt.offices) > 0 }
