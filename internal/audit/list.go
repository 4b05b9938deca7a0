package audit

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	// DefaultLimit is the page size List uses when Filter.Limit is 0.
	DefaultLimit = 50
	// MaxLimit caps Filter.Limit.
	MaxLimit = 1000
)

// Filter selects audit rows; empty fields match everything.
type Filter struct {
	// ActorID, ObjectType and ObjectID match exactly; ActionPrefix matches
	// the start of Action ("auth." finds "auth.login", "auth.logout").
	ActorID, ActionPrefix, ObjectType, ObjectID string
	// Result matches exactly when set.
	Result Result
	// BeforeSeq pages backwards: only rows with seq < BeforeSeq (keyset
	// pagination; pass the last Seq of the previous page). 0 = newest.
	BeforeSeq int64
	// Limit is the page size: DefaultLimit when 0, at most MaxLimit.
	Limit int
}

// where builds the WHERE clause from fixed fragments; values only ever go
// in as arguments. ActionPrefix matches a plain prefix ("auth." matches
// "auth.login"), case-sensitively on both engines.
func (f Filter) where(paging bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) {
		conds = append(conds, cond)
		args = append(args, vals...)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.ActionPrefix != "" {
		add("substr(action, 1, ?) = ?", utf8.RuneCountInString(f.ActionPrefix), f.ActionPrefix)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.Result != "" {
		add("result = ?", string(f.Result))
	}
	if paging && f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// limit is the effective page size.
func (f Filter) limit() int {
	switch {
	case f.Limit <= 0:
		return DefaultLimit
	case f.Limit > MaxLimit:
		return MaxLimit
	}
	return f.Limit
}

// List returns one page of matching rows, newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]Record, error) {
	where, args := f.where(true)
	rows, err := l.db.Query(ctx, "SELECT "+columns+" FROM audit_log"+where+" ORDER BY seq DESC LIMIT ?",
		append(args, f.limit())...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		rec, err := r.record()
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return out, nil
}

// Count returns how many rows match f, ignoring its paging fields
// (BeforeSeq and Limit), e.g. for "n entries" above a paged list.
func (l *Log) Count(ctx context.Context, f Filter) (int64, error) {
	where, args := f.where(false)
	var n int64
	if err := l.db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log"+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("audit: count: %w", err)
	}
	return n, nil
}
