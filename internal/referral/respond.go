package referral

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// maxNote bounds the recipient's note to the sender.
const maxNote = 2000

// step is one transition of the workflow.
type step struct {
	action string  // audit action
	side   Side    // who may take it
	from   []State // the states it leaves
	to     State
	// set are further "column = ?" assignments with their arguments.
	set  []string
	args []any
	// tell notifies the other side.
	tell func(ctx context.Context, tx *db.Tx, p auth.Principal, r *Referral) error
	// allow, when set, replaces the side check (the sender records the
	// outcome of an external referral).
	allow func(r *Referral) bool
	// fromFor, when set, replaces from per referral.
	fromFor func(r *Referral) []State
	// also does more in the same transaction (open a file).
	also func(ctx context.Context, tx *db.Tx, r *Referral) error
}

// move takes step on referral id as p: ErrNotFound outside p's scope or
// side, ErrChanged when the referral is no longer in a state the step
// leaves (someone else was first). One UPDATE conditioned on the state
// read decides the race.
func (s *Store) move(ctx context.Context, p auth.Principal, id string, st step, detail map[string]string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := load(ctx, tx, PartyOf(p), id)
		if err != nil {
			return err
		}
		if (st.allow == nil && r.Side != st.side) || (st.allow != nil && !st.allow(r)) {
			return ErrNotFound
		}
		from := st.from
		if st.fromFor != nil {
			from = st.fromFor(r)
		}
		if !slices.Contains(from, r.State) {
			return ErrChanged
		}
		now := s.clock.Now()
		set := append([]string{"state = ?", "version = version + 1"}, st.set...)
		args := append(append([]any{string(st.to)}, st.args...), id, string(r.State))
		res, err := tx.Exec(ctx, "UPDATE referrals SET "+strings.Join(set, ", ")+" WHERE id = ? AND state = ?", args...)
		if err != nil {
			return fmt.Errorf("referral: %s: %w", st.action, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrChanged
		}
		if detail == nil {
			detail = map[string]string{}
		}
		detail["from"], detail["to"] = string(r.State), string(st.to)
		if err := s.audit.Append(ctx, tx, entry(p, st.action, id, detail)); err != nil {
			return err
		}
		if st.also != nil {
			if err := st.also(ctx, tx, r); err != nil {
				return err
			}
		}
		r.State, r.AnsweredAt = st.to, now
		return st.tell(ctx, tx, p, r)
	})
}

// Accept takes on a sent referral (the recipient's staff).
func (s *Store) Accept(ctx context.Context, p auth.Principal, id string) error {
	return s.move(ctx, p, id, step{action: "referral.accept", side: RecipientSide, from: []State{Sent}, to: Accepted,
		set: []string{"answered_by = ?", "answered_at = ?"}, args: []any{p.UserID(), s.clock.Now()},
		tell: s.answered}, nil)
}

// AcceptIntoFile accepts a referral to p's office and opens a file there
// for the client, in program, with exactly the shared data (statistics,
// open goals). A handover also closes the sending file. It returns the new
// file's id. The referral must be addressed to an office where p works.
func (s *Store) AcceptIntoFile(ctx context.Context, p auth.Principal, id, program string) (string, error) {
	var opened string
	also := func(ctx context.Context, tx *db.Tx, r *Referral) error {
		if r.To.Kind != ToOffice {
			return ErrNotFound
		}
		if err := s.openSealed(ctx, tx, r); err != nil {
			return err
		}
		sh := casework.Shared{}
		if r.Shared != nil {
			sh = *r.Shared
		}
		f, err := s.cases.OpenFromReferral(ctx, tx, casework.ViewerOf(p), r.To.ID, program, r.ID, sh)
		if err != nil {
			return err
		}
		opened = f.ID
		if _, err := tx.Exec(ctx, "UPDATE referrals SET opened_file_id = ? WHERE id = ?", f.ID, r.ID); err != nil {
			return fmt.Errorf("referral: link opened file: %w", err)
		}
		if r.Handover {
			return s.cases.CloseHandedOverTx(ctx, tx, r.FileID, r.ID)
		}
		return nil
	}
	err := s.move(ctx, p, id, step{action: "referral.accept", side: RecipientSide, from: []State{Sent}, to: Accepted,
		set: []string{"answered_by = ?", "answered_at = ?"}, args: []any{p.UserID(), s.clock.Now()},
		tell: s.answered, also: also}, map[string]string{"program": program, "opens_file": "true"})
	return opened, err
}

// Decline refuses a sent referral with one of DeclineReasons.
func (s *Store) Decline(ctx context.Context, p auth.Principal, id, reason string) error {
	if !slices.Contains(DeclineReasons, reason) {
		var e valid.Errors
		e.Add("reason", "referral.reason_required")
		return e
	}
	return s.move(ctx, p, id, step{action: "referral.decline", side: RecipientSide, from: []State{Sent}, to: Declined,
		set:  []string{"answered_by = ?", "answered_at = ?", "decline_reason = ?", "ended_at = ?"},
		args: []any{p.UserID(), s.clock.Now(), reason, s.clock.Now()}, tell: s.answered},
		map[string]string{"reason": reason})
}

// Outcome is how an accepted referral ended.
type Outcome struct {
	Outcome string // Successful or Unsuccessful
	Reason  string // one of OutcomeReasons when unsuccessful
	Note    string // optional, to the sender
}

func (o *Outcome) check() error {
	o.Note = strings.TrimSpace(o.Note)
	var e valid.Errors
	switch o.Outcome {
	case Successful:
		o.Reason = ""
	case Unsuccessful:
		if !slices.Contains(OutcomeReasons, o.Reason) {
			e.Add("reason", "referral.reason_required")
		}
	default:
		e.Add("outcome", "referral.outcome_required")
	}
	if utf8.RuneCountInString(o.Note) > maxNote {
		e.Add("note", "referral.too_long", "Max", maxNote)
	}
	return e.Err()
}

// Complete records the outcome of an accepted referral (the recipient), or
// of a sent external one (the sender, who alone hears of it).
func (s *Store) Complete(ctx context.Context, p auth.Principal, id string, o Outcome) error {
	if err := o.check(); err != nil {
		return err
	}
	note := ""
	if o.Note != "" {
		var err error
		if note, err = s.seal(o.Note, "outcome_note", id); err != nil {
			return err
		}
	}
	allow := func(r *Referral) bool {
		return r.Side == RecipientSide || (r.Side == SenderSide && r.To.Kind == ToExternal)
	}
	// The recipient completes what it accepted; nobody accepts an external
	// referral on the platform, so its sender completes it once sent.
	fromFor := func(r *Referral) []State {
		if r.To.Kind == ToExternal {
			return []State{Sent}
		}
		return []State{Accepted}
	}
	return s.move(ctx, p, id, step{action: "referral.complete", to: Completed, allow: allow, fromFor: fromFor,
		set:  []string{"outcome = ?", "outcome_reason = ?", "outcome_note_enc = ?", "completed_at = ?", "ended_at = ?"},
		args: []any{o.Outcome, o.Reason, note, s.clock.Now(), s.clock.Now()}, tell: s.answered},
		map[string]string{"outcome": o.Outcome, "reason": o.Reason})
}

// Withdraw takes back a referral that is not completed (the sender); the
// recipient loses the shared data at once.
func (s *Store) Withdraw(ctx context.Context, p auth.Principal, id string) error {
	return s.move(ctx, p, id, step{action: "referral.withdraw", side: SenderSide, from: []State{Sent, Accepted}, to: Withdrawn,
		set: []string{"shared_enc = ''", "ended_at = ?"}, args: []any{s.clock.Now()},
		tell: func(ctx context.Context, tx *db.Tx, p auth.Principal, r *Referral) error {
			return s.tellRecipients(ctx, tx, p, r, notify.ReferralWithdrawn)
		}}, nil)
}

// answered tells the sender that the recipient answered.
func (s *Store) answered(ctx context.Context, tx *db.Tx, p auth.Principal, r *Referral) error {
	return s.tellSender(ctx, tx, p, r, notify.ReferralAnswered)
}

// RevokeByConsent is called in the transaction that withdraws a referral
// consent (casework.Options.ReferralConsentWithdrawn): every referral it
// carried loses its shared data at once and is marked; open ones are
// revoked and their recipients told.
func (s *Store) RevokeByConsent(ctx context.Context, tx *db.Tx, consentID string) error {
	rows, err := tx.Query(ctx, "SELECT "+columns+" FROM referrals r WHERE r.consent_id = ? AND r.state IN ('sent', 'accepted')", consentID)
	if err != nil {
		return fmt.Errorf("referral: revoke: %w", err)
	}
	var open []*Referral
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("referral: revoke: %w", err)
		}
		open = append(open, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("referral: revoke: %w", err)
	}
	now := s.clock.Now()
	if _, err := tx.Exec(ctx, `UPDATE referrals SET shared_enc = '', consent_withdrawn = ?, version = version + 1,
		state = CASE WHEN state IN ('sent', 'accepted') THEN 'revoked' ELSE state END,
		ended_at = CASE WHEN state IN ('sent', 'accepted') THEN ? ELSE ended_at END WHERE consent_id = ?`, true, now, consentID); err != nil {
		return fmt.Errorf("referral: revoke: %w", err)
	}
	for _, r := range open {
		e := audit.Entry{Actor: "system", Action: "referral.revoke", ObjectType: "referral", ObjectID: r.ID,
			Result: audit.ResultSuccess, Detail: map[string]string{"consent": consentID, "from": string(r.State), "reason": "consent withdrawn"}}
		if err := s.audit.Append(ctx, tx, e); err != nil {
			return err
		}
		if err := s.tellRecipients(ctx, tx, auth.Principal{}, r, notify.ReferralWithdrawn); err != nil {
			return err
		}
	}
	return nil
}
