package referral

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

const columns = `r.id, r.file_id, r.file_code, r.program_id, r.sender_office_id, r.sender_id, r.recipient_kind,
	r.recipient_id, r.recipient_name, COALESCE(r.consent_id, ''), r.topic, r.urgency, r.categories, r.respond_by, r.state,
	r.decline_reason, r.outcome, r.outcome_reason, r.sent_at, r.answered_at, r.completed_at, r.ended_at, r.version, r.consent_withdrawn,
	r.handover, COALESCE(r.opened_file_id, '')`

func scan(row interface{ Scan(...any) error }) (*Referral, error) {
	var r Referral
	var cats, state string
	var respondBy, answered, completed, ended sql.NullTime
	if err := row.Scan(&r.ID, &r.FileID, &r.FileCode, &r.ProgramID, &r.SenderOfficeID, &r.SenderID, &r.To.Kind,
		&r.To.ID, &r.To.Name, &r.ConsentID, &r.Topic, &r.Urgency, &cats, &respondBy, &state, &r.DeclineReason,
		&r.Outcome, &r.OutcomeReason, &r.SentAt, &answered, &completed, &ended, &r.Version, &r.ConsentWithdrawn, &r.Handover, &r.OpenedFileID); err != nil {
		return nil, err
	}
	r.State, r.Categories = State(state), strings.Split(cats, ",")
	r.RespondBy, r.AnsweredAt, r.CompletedAt, r.EndedAt = clock.Day(respondBy.Time), answered.Time, completed.Time, ended.Time
	return &r, nil
}

// load reads referral id within pt's scope and says from which side.
func load(ctx context.Context, q db.Querier, pt Party, id string) (*Referral, error) {
	cond, args, ok := pt.scope()
	if !ok {
		return nil, ErrNotFound
	}
	r, err := scan(q.QueryRow(ctx, "SELECT "+columns+" FROM referrals r WHERE r.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("referral: load: %w", err)
	}
	r.Side, _ = pt.sideOf(r)
	return r, nil
}

// Get reads one referral with what it carries, as p's side sees it (the
// recipient: the shared snapshot and the request; never the file).
// Audited as "referral.read".
func (s *Store) Get(ctx context.Context, p auth.Principal, id string) (*Referral, error) {
	var r *Referral
	err := s.audit.AuditedRead(ctx, func(q db.Querier) (audit.Entry, error) {
		var err error
		if r, err = load(ctx, q, PartyOf(p), id); err != nil {
			return audit.Entry{}, err
		}
		if err := s.openSealed(ctx, q, r); err != nil {
			return audit.Entry{}, err
		}
		return entry(p, "referral.read", id, map[string]string{"side": string(r.Side)}), nil
	})
	return r, err
}

// openSealed reads and opens the request, the snapshot and the note.
func (s *Store) openSealed(ctx context.Context, q db.Querier, r *Referral) error {
	var req, shared, note string
	if err := q.QueryRow(ctx, "SELECT request_enc, shared_enc, outcome_note_enc FROM referrals WHERE id = ?", r.ID).
		Scan(&req, &shared, &note); err != nil {
		return fmt.Errorf("referral: sealed parts: %w", err)
	}
	var rq request
	if err := s.open(req, "request", r.ID, &rq); err != nil {
		return err
	}
	r.Question, r.Message = rq.Question, rq.Message
	if shared != "" {
		r.Shared = &casework.Shared{}
		if err := s.open(shared, "shared", r.ID, r.Shared); err != nil {
			return err
		}
	}
	return s.open(note, "outcome_note", r.ID, &r.OutcomeNote)
}

// Filter narrows a list of referrals.
type Filter struct {
	// State is one state, or "" for all; "open" for sent and accepted.
	State string
	// Page counts from 1.
	Page int
}

// PageSize is the number of referrals per page.
const PageSize = 50

// List is one page of referrals.
type List struct {
	Items []Referral
	Total int
}

// Incoming lists the referrals addressed to p's offices and
// organisations, newest first.
func (s *Store) Incoming(ctx context.Context, p auth.Principal, f Filter) (List, error) {
	pt := PartyOf(p)
	cond, args, ok := pt.recipientScope()
	if !ok {
		return List{}, nil
	}
	return s.list(ctx, pt, cond, args, f)
}

// Outgoing lists the referrals p sent (and, for leads, their offices').
func (s *Store) Outgoing(ctx context.Context, p auth.Principal, f Filter) (List, error) {
	pt := PartyOf(p)
	cond, args, ok := pt.senderScope()
	if !ok {
		return List{}, nil
	}
	return s.list(ctx, pt, cond, args, f)
}

// ForFile lists the referrals of a file in p's case scope that p may open
// (the sender, the sending office's leads): the file page.
func (s *Store) ForFile(ctx context.Context, p auth.Principal, fileID string) ([]Referral, error) {
	if err := casework.FileVisible(ctx, s.db, casework.ViewerOf(p), fileID); err != nil {
		return nil, err
	}
	cond, args, ok := PartyOf(p).senderScope()
	if !ok {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+columns+" FROM referrals r WHERE r.file_id = ? AND "+cond+" ORDER BY r.sent_at DESC, r.id",
		append([]any{fileID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("referral: for file: %w", err)
	}
	defer rows.Close()
	var out []Referral
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("referral: for file: %w", err)
		}
		r.Side = SenderSide
		out = append(out, *r)
	}
	return out, rows.Err()
}

func (s *Store) list(ctx context.Context, pt Party, cond string, args []any, f Filter) (List, error) {
	switch {
	case f.State == "open":
		cond += " AND r.state IN ('sent', 'accepted')"
	case f.State != "":
		cond += " AND r.state = ?"
		args = append(args, f.State)
	}
	var out List
	err := s.db.InRead(ctx, func(q db.Querier) error {
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM referrals r WHERE "+cond, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("referral: count: %w", err)
		}
		rows, err := q.Query(ctx, "SELECT "+columns+" FROM referrals r WHERE "+cond+" ORDER BY r.sent_at DESC, r.id LIMIT ? OFFSET ?",
			append(args, PageSize, (max(f.Page, 1)-1)*PageSize)...)
		if err != nil {
			return fmt.Errorf("referral: list: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scan(rows)
			if err != nil {
				return fmt.Errorf("referral: list: %w", err)
			}
			r.Side, _ = pt.sideOf(r)
			out.Items = append(out.Items, *r)
		}
		return rows.Err()
	})
	return out, err
}

// OverdueLimit bounds the overdue responses listed on the deadline page.
const OverdueLimit = 200

// OverdueResponses lists the referrals on either of p's sides that still
// wait for an answer after their wished response date, the oldest first
// (the deadline page of both sides).
func (s *Store) OverdueResponses(ctx context.Context, p auth.Principal) ([]Referral, error) {
	pt := PartyOf(p)
	cond, args, ok := pt.scope()
	if !ok {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, "SELECT "+columns+" FROM referrals r WHERE "+cond+
		" AND r.state = 'sent' AND r.respond_by < ? ORDER BY r.respond_by, r.id LIMIT ?",
		append(args, s.clock.Today(), OverdueLimit)...)
	if err != nil {
		return nil, fmt.Errorf("referral: overdue: %w", err)
	}
	defer rows.Close()
	var out []Referral
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("referral: overdue: %w", err)
		}
		r.Side, _ = pt.sideOf(r)
		out = append(out, *r)
	}
	return out, rows.Err()
}
