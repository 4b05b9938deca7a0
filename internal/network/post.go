package network

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// PostFilter selects funded posts.
type PostFilter struct {
	ProgramID, RegionID, OrganisationID string
	// ActiveOn keeps posts whose funding period contains the date (zero: all).
	ActiveOn time.Time
}

// PostSummary sums FTE by program and region.
type PostSummary struct {
	ProgramID, RegionID, RegionName string
	Posts                           int
	FTEHundredths                   int
}

const postColumns = `p.id, p.organisation_id, g.name, COALESCE(p.office_id, ''), COALESCE(o.name, ''), p.program_id,
	COALESCE(g.region_id, ''), COALESCE(r.name, ''), p.fte_hundredths, p.funder, p.starts_on, p.ends_on`

const postJoins = ` FROM funded_posts p JOIN organisations g ON g.id = p.organisation_id
	LEFT JOIN offices o ON o.id = p.office_id LEFT JOIN regions r ON r.id = g.region_id`

func (f PostFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.ProgramID != "" {
		conds, args = append(conds, "p.program_id = ?"), append(args, f.ProgramID)
	}
	if f.RegionID != "" {
		conds, args = append(conds, "g.region_id = ?"), append(args, f.RegionID)
	}
	if f.OrganisationID != "" {
		conds, args = append(conds, "p.organisation_id = ?"), append(args, f.OrganisationID)
	}
	if !f.ActiveOn.IsZero() {
		conds, args = append(conds, "p.starts_on <= ? AND p.ends_on >= ?"), append(args, f.ActiveOn, f.ActiveOn)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListPosts returns a page of funded posts and the total count and FTE.
func (s *Store) ListPosts(ctx context.Context, f PostFilter, p Page) ([]FundedPost, int, int, error) {
	where, args := f.where()
	var total, fte int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(p.fte_hundredths), 0)"+postJoins+where, args...).Scan(&total, &fte); err != nil {
		return nil, 0, 0, fmt.Errorf("network: count posts: %w", err)
	}
	p = p.Clamp(500)
	rows, err := s.db.Query(ctx, "SELECT "+postColumns+postJoins+where+" ORDER BY g.name, p.starts_on, p.id LIMIT ? OFFSET ?",
		append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("network: list posts: %w", err)
	}
	defer rows.Close()
	var out []FundedPost
	for rows.Next() {
		var fp FundedPost
		if err := rows.Scan(&fp.ID, &fp.OrganisationID, &fp.OrganisationName, &fp.OfficeID, &fp.OfficeName, &fp.ProgramID,
			&fp.RegionID, &fp.RegionName, &fp.FTEHundredths, &fp.Funder, &fp.StartsOn, &fp.EndsOn); err != nil {
			return nil, 0, 0, fmt.Errorf("network: scan post: %w", err)
		}
		out = append(out, fp)
	}
	return out, total, fte, rows.Err()
}

// PostSums sums posts and FTE by program and region.
func (s *Store) PostSums(ctx context.Context, f PostFilter) ([]PostSummary, error) {
	where, args := f.where()
	rows, err := s.db.Query(ctx, `SELECT p.program_id, COALESCE(g.region_id, ''), COALESCE(r.name, ''), COUNT(*), SUM(p.fte_hundredths)`+
		postJoins+where+` GROUP BY p.program_id, g.region_id, r.name ORDER BY p.program_id, r.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("network: post sums: %w", err)
	}
	defer rows.Close()
	var out []PostSummary
	for rows.Next() {
		var ps PostSummary
		if err := rows.Scan(&ps.ProgramID, &ps.RegionID, &ps.RegionName, &ps.Posts, &ps.FTEHundredths); err != nil {
			return nil, fmt.Errorf("network: post sums: %w", err)
		}
		out = append(out, ps)
	}
	return out, rows.Err()
}

// PostInput creates a funded post.
type PostInput struct {
	OrganisationID, OfficeID, ProgramID, Funder string
	FTEHundredths                               int
	StartsOn, EndsOn                            time.Time
}

func (in PostInput) validate(ctx context.Context, q db.Querier) error {
	var e valid.Errors
	if in.FTEHundredths <= 0 || in.FTEHundredths > 10000 {
		e.Add("fte", "network.fte")
	}
	if in.StartsOn.IsZero() {
		e.Add("starts_on", "validation.date")
	}
	if in.EndsOn.IsZero() {
		e.Add("ends_on", "validation.date")
	} else if !in.StartsOn.IsZero() && in.EndsOn.Before(in.StartsOn) {
		e.Add("ends_on", "network.period_inverted")
	}
	optional(&e, "funder", in.Funder, 200)
	checks := []struct{ field, query, val string }{
		{"organisation_id", "SELECT COUNT(*) FROM organisations WHERE id = ?", in.OrganisationID},
		{"program_id", "SELECT COUNT(*) FROM programs WHERE id = ?", in.ProgramID},
		{"office_id", "SELECT COUNT(*) FROM offices WHERE id = ? AND organisation_id = ?", in.OfficeID},
	}
	for _, c := range checks {
		if c.val == "" && c.field == "office_id" {
			continue
		}
		args := []any{c.val}
		if c.field == "office_id" {
			args = append(args, in.OrganisationID)
		}
		var n int
		if err := q.QueryRow(ctx, c.query, args...).Scan(&n); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		if n == 0 {
			e.Add(c.field, "validation.choice")
		}
	}
	return e.Err()
}

// CreatePost adds a funded post (ministry).
func (s *Store) CreatePost(ctx context.Context, ed Editor, in PostInput) (string, error) {
	id := uuid.Must(uuid.NewV7()).String()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := in.validate(ctx, tx); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO funded_posts (id, organisation_id, office_id, program_id, fte_hundredths, funder,
			starts_on, ends_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.OrganisationID,
			nullIfEmpty(in.OfficeID), in.ProgramID, in.FTEHundredths, in.Funder, in.StartsOn, in.EndsOn, now, now); err != nil {
			return fmt.Errorf("network: insert post: %w", err)
		}
		return s.record(ctx, tx, ed, "post.create", "funded_post", id, postDetail(in))
	})
	return id, err
}

func postDetail(in PostInput) map[string]string {
	return map[string]string{"organisation_id.after": in.OrganisationID, "office_id.after": in.OfficeID, "program_id.after": in.ProgramID,
		"fte.after": FTE(in.FTEHundredths), "funder.after": in.Funder,
		"starts_on.after": in.StartsOn.Format(time.DateOnly), "ends_on.after": in.EndsOn.Format(time.DateOnly)}
}

// DeletePost removes a funded post (ministry).
func (s *Store) DeletePost(ctx context.Context, ed Editor, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var org, program string
		var fte int
		err := tx.QueryRow(ctx, "SELECT organisation_id, program_id, fte_hundredths FROM funded_posts WHERE id = ?", id).Scan(&org, &program, &fte)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("network: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM funded_posts WHERE id = ?", id); err != nil {
			return fmt.Errorf("network: delete post: %w", err)
		}
		return s.record(ctx, tx, ed, "post.delete", "funded_post", id,
			map[string]string{"organisation_id.before": org, "program_id.before": program, "fte.before": FTE(fte)})
	})
}

// FTE formats hundredths as a decimal with two places ("0.75").
func FTE(hundredths int) string { return fmt.Sprintf("%d.%02d", hundredths/100, hundredths%100) }

var fteRe = regexp.MustCompile(`^([0-9]{1,3})(?:[.,]([0-9]{1,2}))?$`)

// ParseFTE reads "0.75", "0,75" or "1" into hundredths.
func ParseFTE(s string) (int, bool) {
	m := fteRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	whole, _ := strconv.Atoi(m[1])
	frac := 0
	if m[2] != "" {
		frac, _ = strconv.Atoi((m[2] + "0")[:2])
	}
	return whole*100 + frac, true
}
