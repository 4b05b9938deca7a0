package referral

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Length limits of the free texts.
const (
	maxName     = 200
	maxQuestion = 2000
	maxMessage  = 4000
)

// Input is a referral as the sender fills it in.
type Input struct {
	FileID string
	// To names the recipient and the data categories to share.
	To casework.ReferralScope
	// ExternalName names a recipient not on the platform (To.Kind external).
	ExternalName      string
	Topic, Urgency    string
	Question, Message string
	RespondBy         time.Time
	// Consent is an existing consent for exactly this recipient and these
	// categories, or the one given now.
	Consent casework.ReferralConsent
	// Handover hands a JMD client over to an MBE office (at 27): the
	// recipient's acceptance into a new file closes this one.
	Handover bool
}

// Send sends a referral from the file of in.FileID (in p's case scope:
// otherwise casework.ErrNotFound) and tells the recipient's staff. It
// records the consent when given now, in the same transaction: a refused
// referral leaves no consent behind. Audited as "referral.send".
func (s *Store) Send(ctx context.Context, p auth.Principal, in Input) (*Referral, error) {
	id := uuid.Must(uuid.NewV7()).String()
	var out *Referral
	err := s.prepared(ctx, &in, func(tx *db.Tx, to Recipient) error {
		consent := in.Consent
		consent.Input.Recipient, in.To.Name = to.Name, to.Name
		src, err := s.cases.PrepareReferral(ctx, tx, casework.ViewerOf(p), in.FileID, in.To, consent)
		if err != nil {
			return err
		}
		if err := checkRoute(in, to, src); err != nil {
			return err
		}
		out = &Referral{ID: id, FileID: src.FileID, FileCode: src.FileCode, ProgramID: src.ProgramID,
			SenderOfficeID: src.OfficeID, SenderID: p.UserID(), To: to, ConsentID: src.ConsentID, Topic: in.Topic,
			Urgency: in.Urgency, Categories: in.To.Categories, Question: in.Question, Message: in.Message,
			Shared: &src.Shared, RespondBy: in.RespondBy, State: Sent, SentAt: s.clock.Now(), Version: 1, Side: SenderSide,
			Handover: in.Handover}
		if err := s.insert(ctx, tx, out); err != nil {
			return err
		}
		detail := map[string]string{"file": src.FileID, "recipient_kind": to.Kind, "recipient": to.ID,
			"categories": strings.Join(in.To.Categories, ","), "consent": src.ConsentID, "topic": in.Topic}
		if err := s.audit.Append(ctx, tx, entry(p, "referral.send", id, detail)); err != nil {
			return err
		}
		return s.tellRecipients(ctx, tx, p, out, notify.ReferralReceived)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// prepared runs fn in a transaction after the checks a referral and a
// draft share: the input, the recipient (known, open) and the topic.
func (s *Store) prepared(ctx context.Context, in *Input, fn func(tx *db.Tx, to Recipient) error) error {
	in.normalize()
	if err := in.validate(s.clock.Today()); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		to, err := s.recipient(ctx, tx, *in)
		if err != nil {
			return err
		}
		if err := knownTopic(ctx, tx, in.Topic); err != nil {
			return err
		}
		return fn(tx, to)
	})
}

func (in *Input) normalize() {
	in.To.Kind, in.To.ID = strings.TrimSpace(in.To.Kind), strings.TrimSpace(in.To.ID)
	in.ExternalName, in.Topic = strings.TrimSpace(in.ExternalName), strings.TrimSpace(in.Topic)
	in.Urgency, in.Question, in.Message = strings.TrimSpace(in.Urgency), strings.TrimSpace(in.Question), strings.TrimSpace(in.Message)
	if in.Urgency == "" {
		in.Urgency = "normal"
	}
	var cats []string
	for _, c := range casework.ShareCategories { // known ones, in their order, once
		if slices.Contains(in.To.Categories, c) {
			cats = append(cats, c)
		}
	}
	if len(cats) != len(slices.Compact(slices.Sorted(slices.Values(in.To.Categories)))) {
		cats = append(cats, "unknown") // refused by validate
	}
	in.To.Categories = cats
	if in.To.Kind == ToExternal {
		in.To.ID = ""
	}
}

func (in Input) validate(today time.Time) error {
	var e valid.Errors
	switch {
	case in.To.Kind == ToExternal && in.ExternalName == "":
		e.Add("recipient", "referral.external_name_required")
	case in.To.Kind == ToExternal && utf8.RuneCountInString(in.ExternalName) > maxName:
		e.Add("recipient", "referral.too_long", "Max", maxName)
	case in.To.Kind != ToExternal && (in.To.Kind != ToOffice && in.To.Kind != ToOrganisation || in.To.ID == ""):
		e.Add("recipient", "referral.recipient_required")
	}
	switch {
	case len(in.To.Categories) == 0:
		e.Add("categories", "referral.categories_required")
	case slices.Contains(in.To.Categories, "unknown"):
		e.Add("categories", "referral.categories_invalid")
	}
	if in.Topic == "" {
		e.Add("topic", "referral.topic_required")
	}
	if !slices.Contains(Urgencies, in.Urgency) {
		e.Add("urgency", "referral.urgency_invalid")
	}
	switch {
	case in.Question == "":
		e.Add("question", "referral.question_required")
	case utf8.RuneCountInString(in.Question) > maxQuestion:
		e.Add("question", "referral.too_long", "Max", maxQuestion)
	}
	if utf8.RuneCountInString(in.Message) > maxMessage {
		e.Add("message", "referral.too_long", "Max", maxMessage)
	}
	if !in.RespondBy.IsZero() && in.RespondBy.Before(today) {
		e.Add("respond_by", "referral.respond_by_past")
	}
	return e.Err()
}

// recipient reads the registry row addressed (or names the external one).
func (s *Store) recipient(ctx context.Context, q db.Querier, in Input) (Recipient, error) {
	if in.To.Kind == ToExternal {
		return Recipient{Kind: ToExternal, Name: in.ExternalName}, nil
	}
	r, err := network.ReferralRecipient(ctx, q, in.To.Kind, in.To.ID)
	var e valid.Errors
	switch {
	case errors.Is(err, db.ErrNotFound):
		e.Add("recipient", "referral.recipient_unknown")
		return Recipient{}, e
	case err != nil:
		return Recipient{}, err
	case !r.Open:
		e.Add("recipient", "referral.recipient_closed")
		return Recipient{}, e
	}
	return Recipient{Kind: r.Kind, ID: r.ID, Name: r.Name}, nil
}

func knownTopic(ctx context.Context, q db.Querier, topic string) error {
	known, err := network.KnownTopics(ctx, q, []string{topic})
	if err != nil {
		return err
	}
	if !known[topic] {
		var e valid.Errors
		e.Add("topic", "referral.topic_required")
		return e
	}
	return nil
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, r *Referral) error {
	req, err := s.seal(request{Question: r.Question, Message: r.Message}, "request", r.ID)
	if err != nil {
		return err
	}
	shared := ""
	if r.Shared != nil {
		if shared, err = s.seal(r.Shared, "shared", r.ID); err != nil {
			return err
		}
	}
	var respondBy any
	if !r.RespondBy.IsZero() {
		respondBy = r.RespondBy
	}
	_, err = tx.Exec(ctx, `INSERT INTO referrals (id, file_id, file_code, program_id, sender_office_id, sender_id,
		recipient_kind, recipient_id, recipient_name, consent_id, topic, urgency, categories, request_enc, shared_enc,
		respond_by, state, sent_at, handover) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.FileID, r.FileCode, r.ProgramID, r.SenderOfficeID, r.SenderID, r.To.Kind, r.To.ID, r.To.Name,
		nullable(r.ConsentID), r.Topic, r.Urgency, strings.Join(r.Categories, ","), req, shared, respondBy, string(r.State), r.SentAt, r.Handover)
	if err != nil {
		return fmt.Errorf("referral: insert: %w", err)
	}
	return nil
}

// tellRecipients notifies the recipient's staff (not the person acting).
func (s *Store) tellRecipients(ctx context.Context, tx *db.Tx, p auth.Principal, r *Referral, kind notify.Kind) error {
	if s.notes == nil || r.To.Kind == ToExternal {
		return nil
	}
	var staff []auth.StaffMember
	var err error
	if r.To.Kind == ToOffice {
		staff, err = auth.OfficeStaff(ctx, tx, r.To.ID)
	} else {
		staff, err = auth.OrganisationMembers(ctx, tx, r.To.ID)
	}
	if err != nil {
		return err
	}
	told := map[string]bool{p.UserID(): true}
	for _, m := range staff {
		if told[m.UserID] {
			continue
		}
		told[m.UserID] = true
		if err := s.notes.Add(ctx, tx, notify.Note{UserID: m.UserID, Kind: kind, Link: "/referrals/" + r.ID}); err != nil {
			return err
		}
	}
	return nil
}

// tellSender notifies the person who sent the referral.
func (s *Store) tellSender(ctx context.Context, tx *db.Tx, p auth.Principal, r *Referral, kind notify.Kind) error {
	if s.notes == nil || r.SenderID == p.UserID() {
		return nil
	}
	return s.notes.Add(ctx, tx, notify.Note{UserID: r.SenderID, Kind: kind, Link: "/referrals/" + r.ID})
}

// nullable stores "" as NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
