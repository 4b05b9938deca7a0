package mso

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Limits of a request's texts.
const (
	maxSubject = 200
	maxNote    = 5000
)

// RequestInput is a new support request as entered: what kind, a short
// subject and an optional first note. It never names a client.
type RequestInput struct {
	Kind, Subject, Note string
}

// Check lists the problems of a new request.
func (in RequestInput) Check() valid.Errors {
	var e valid.Errors
	if !slices.Contains(Kinds, in.Kind) {
		e.Add("kind", "msostaff.kind_required")
	}
	if strings.TrimSpace(in.Subject) == "" {
		e.Add("subject", "msostaff.subject_required")
	} else if utf8.RuneCountInString(in.Subject) > maxSubject {
		e.Add("subject", "msostaff.too_long", "Max", maxSubject)
	}
	if utf8.RuneCountInString(in.Note) > maxNote {
		e.Add("note", "msostaff.too_long", "Max", maxNote)
	}
	return e
}

// OpenRequest records a support request of an MSO p reaches; the region
// the organisation belongs to now handles it.
func (s *Store) OpenRequest(ctx context.Context, p auth.Principal, orgID string, in RequestInput) (string, error) {
	in.Subject, in.Note = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Note)
	id, now := newID(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := viewOf(ctx, tx, p)
		if err != nil {
			return err
		}
		org, err := s.reached(ctx, tx, x, orgID)
		if err != nil {
			return err
		}
		if problems := in.Check(); len(problems) > 0 {
			return problems
		}
		region := sql.NullString{String: org.RegionID, Valid: org.RegionID != ""}
		if _, err := tx.Exec(ctx, `INSERT INTO mso_requests (id, organisation_id, region_id, kind, subject_enc, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`, id, orgID, region, in.Kind, s.seal(in.Subject, "mso_requests", "subject", id), p.UserID(), now, now); err != nil {
			return fmt.Errorf("mso: open request: %w", err)
		}
		if err := s.addNote(ctx, tx, p, id, Open, in.Note); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Entry("mso.request_open", audit.ResultSuccess, "mso_request", id,
			map[string]string{"organisation": orgID, "kind": in.Kind}))
	})
	return id, err
}

// UpdateRequest changes a request's status and/or adds a note (at least
// one of them), if the request is still at version. ErrStale when it
// changed meanwhile.
func (s *Store) UpdateRequest(ctx context.Context, p auth.Principal, id string, version int, status, note string) error {
	note = strings.TrimSpace(note)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.request(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if problems := checkUpdate(r.Status, status, note); len(problems) > 0 {
			return problems
		}
		res, err := tx.Exec(ctx, "UPDATE mso_requests SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			status, s.now(), id, version)
		if err := oneRow(res, err, "update request"); err != nil {
			return err
		}
		changed := ""
		if status != r.Status {
			changed = status
		}
		if err := s.addNote(ctx, tx, p, id, changed, note); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Entry("mso.request_update", audit.ResultSuccess, "mso_request", id,
			map[string]string{"status": status, "note": fmt.Sprint(note != "")}))
	})
}

// checkUpdate: a known status, a note within bounds, and something to record.
func checkUpdate(old, status, note string) valid.Errors {
	var e valid.Errors
	if !slices.Contains(Statuses, status) {
		e.Add("status", "msostaff.status_invalid")
	}
	if utf8.RuneCountInString(note) > maxNote {
		e.Add("note", "msostaff.too_long", "Max", maxNote)
	}
	if len(e) == 0 && status == old && note == "" {
		e.Add("note", "msostaff.update_empty")
	}
	return e
}

// addNote appends a timeline entry (nothing when there is neither a
// status change nor a text).
func (s *Store) addNote(ctx context.Context, tx *db.Tx, p auth.Principal, requestID, status, body string) error {
	if status == "" && body == "" {
		return nil
	}
	id := newID()
	_, err := tx.Exec(ctx, "INSERT INTO mso_request_notes (id, request_id, author_id, status, body_enc, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		id, requestID, p.UserID(), status, s.seal(body, "mso_request_notes", "body", id), s.now())
	if err != nil {
		return fmt.Errorf("mso: note: %w", err)
	}
	return nil
}

// Request returns one request p reaches with its timeline; ErrNotFound
// otherwise.
func (s *Store) Request(ctx context.Context, p auth.Principal, id string) (*Request, error) {
	r, err := s.request(ctx, s.db, p, id)
	if err != nil {
		return nil, err
	}
	if r.Timeline, err = s.timeline(ctx, s.db, id); err != nil {
		return nil, err
	}
	return r, s.name(ctx, s.db, []*Request{r})
}

// request reads one request within p's reach.
func (s *Store) request(ctx context.Context, q db.Querier, p auth.Principal, id string) (*Request, error) {
	x, err := viewOf(ctx, q, p)
	if err != nil {
		return nil, err
	}
	cond, args := x.requestScope()
	list, err := s.requests(ctx, q, "r.id = ? AND "+cond, append([]any{id}, args...)...)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// Requests lists the requests of an MSO p reaches, newest first.
func (s *Store) Requests(ctx context.Context, p auth.Principal, orgID string) ([]Request, error) {
	x, err := viewOf(ctx, s.db, p)
	if err != nil {
		return nil, err
	}
	if _, err := s.reached(ctx, s.db, x, orgID); err != nil {
		return nil, err
	}
	cond, args := x.requestScope()
	list, err := s.requests(ctx, s.db, "r.organisation_id = ? AND "+cond, append([]any{orgID}, args...)...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Request, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, s.name(ctx, s.db, ptrs)
}

func (s *Store) requests(ctx context.Context, q db.Querier, cond string, args ...any) ([]Request, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.organisation_id, COALESCE(r.region_id, ''), r.kind, r.subject_enc, r.status, r.created_by,
		r.created_at, r.updated_at, r.version FROM mso_requests r WHERE `+cond+` ORDER BY r.created_at DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("mso: requests: %w", err)
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		var r Request
		if err := rows.Scan(&r.ID, &r.OrganisationID, &r.RegionID, &r.Kind, &r.Subject, &r.Status, &r.CreatedBy,
			&r.CreatedAt, &r.UpdatedAt, &r.Version); err != nil {
			return nil, fmt.Errorf("mso: requests: %w", err)
		}
		r.Subject = s.open(r.Subject, "mso_requests", "subject", r.ID)
		out = append(out, r)
	}
	return out, rows.Err()
}
