package referral

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SaveDraft keeps a referral as a draft of its sender: checked like a
// referral, but without consent and without any data of the file yet
// (both are taken when it is sent, SendDraft). The recipient does not see
// it. Audited as "referral.draft".
func (s *Store) SaveDraft(ctx context.Context, p auth.Principal, in Input) (*Referral, error) {
	id := uuid.Must(uuid.NewV7()).String()
	var out *Referral
	err := s.prepared(ctx, &in, func(tx *db.Tx, to Recipient) error {
		src, err := casework.ReferralSourceOf(ctx, tx, casework.ViewerOf(p), in.FileID)
		if err != nil {
			return err
		}
		if err := checkRoute(in, to, src); err != nil {
			return err
		}
		out = &Referral{ID: id, FileID: src.FileID, FileCode: src.FileCode, ProgramID: src.ProgramID,
			SenderOfficeID: src.OfficeID, SenderID: p.UserID(), To: to, Topic: in.Topic, Urgency: in.Urgency,
			Categories: in.To.Categories, Question: in.Question, Message: in.Message, RespondBy: in.RespondBy,
			State: Draft, SentAt: s.clock.Now(), Version: 1, Side: SenderSide, Handover: in.Handover}
		if err := s.insert(ctx, tx, out); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, entry(p, "referral.draft", id, map[string]string{"file": src.FileID,
			"recipient_kind": to.Kind, "recipient": to.ID, "categories": strings.Join(in.To.Categories, ",")}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkRoute refuses a referral to the sending office itself and a
// handover that is not one from a JMD file to an office.
func checkRoute(in Input, to Recipient, src casework.ReferralSource) error {
	var e valid.Errors
	if to.Kind == ToOffice && to.ID == src.OfficeID {
		e.Add("recipient", "referral.own_office")
		return e
	}
	if in.Handover && (src.ProgramID != "jmd" || to.Kind != ToOffice) {
		e.Add("recipient", "referral.handover_invalid")
		return e
	}
	return nil
}

// SendDraft sends a draft of p's with the consent given now or an earlier
// one that covers it: the consent and the snapshot of the data are taken
// now, in one transaction with the state change, and the recipient's
// staff are told. ErrChanged when it is no longer a draft. Audited as
// "referral.send".
func (s *Store) SendDraft(ctx context.Context, p auth.Principal, id string, consent casework.ReferralConsent) (*Referral, error) {
	var out *Referral
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := load(ctx, tx, PartyOf(p), id)
		if err != nil {
			return err
		}
		if r.Side != SenderSide {
			return ErrNotFound
		}
		if r.State != Draft {
			return ErrChanged
		}
		if err := s.openSealed(ctx, tx, r); err != nil {
			return err
		}
		if !r.RespondBy.IsZero() && r.RespondBy.Before(s.clock.Today()) {
			var e valid.Errors
			e.Add("respond_by", "referral.respond_by_past")
			return e
		}
		in := Input{FileID: r.FileID, To: casework.ReferralScope{Kind: r.To.Kind, ID: r.To.ID, Categories: r.Categories}, ExternalName: r.To.Name}
		to, err := s.recipient(ctx, tx, in)
		if err != nil {
			return err
		}
		consent.Input.Recipient, in.To.Name = to.Name, to.Name
		src, err := s.cases.PrepareReferral(ctx, tx, casework.ViewerOf(p), r.FileID, in.To, consent)
		if err != nil {
			return err
		}
		shared, err := s.seal(&src.Shared, "shared", r.ID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		res, err := tx.Exec(ctx, `UPDATE referrals SET state = 'sent', consent_id = ?, shared_enc = ?, sent_at = ?,
			version = version + 1 WHERE id = ? AND state = 'draft'`, src.ConsentID, shared, now, r.ID)
		if err != nil {
			return fmt.Errorf("referral: send draft: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrChanged
		}
		r.State, r.ConsentID, r.Shared, r.SentAt = Sent, src.ConsentID, &src.Shared, now
		detail := map[string]string{"file": r.FileID, "recipient_kind": r.To.Kind, "recipient": r.To.ID,
			"categories": strings.Join(r.Categories, ","), "consent": src.ConsentID, "topic": r.Topic, "from": "draft"}
		if err := s.audit.Append(ctx, tx, entry(p, "referral.send", r.ID, detail)); err != nil {
			return err
		}
		out = r
		return s.tellRecipients(ctx, tx, p, r, notify.ReferralReceived)
	})
	return out, err
}

// Discard deletes a draft of p's. ErrChanged when it was sent meanwhile.
// Audited as "referral.discard".
func (s *Store) Discard(ctx context.Context, p auth.Principal, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := load(ctx, tx, PartyOf(p), id)
		if err != nil {
			return err
		}
		if r.Side != SenderSide {
			return ErrNotFound
		}
		res, err := tx.Exec(ctx, "DELETE FROM referrals WHERE id = ? AND state = 'draft'", id)
		if err != nil {
			return fmt.Errorf("referral: discard: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrChanged
		}
		return s.audit.Append(ctx, tx, entry(p, "referral.discard", id, map[string]string{"file": r.FileID}))
	})
}
