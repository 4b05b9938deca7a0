package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// OfficeFilter selects offices for lists and exports. Empty fields match all.
type OfficeFilter struct {
	Search         string // name, city, postcode, organisation
	RegionID       string
	DistrictAGS    string
	OrganisationID string
	ProgramID      string
	Language       string
	TopicID        string
	Status         OfficeStatus
}

func (f OfficeFilter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) { conds = append(conds, cond); args = append(args, vals...) }
	if s := valid.SearchText(f.Search); s != "" {
		like := "%" + likeEscape(s) + "%"
		add("(LOWER(o.name) LIKE ? OR LOWER(o.city) LIKE ? OR o.postcode LIKE ? OR LOWER(org.name) LIKE ?)", like, like, like, like)
	}
	if f.RegionID != "" {
		add("d.region_id = ?", f.RegionID)
	}
	if f.DistrictAGS != "" {
		add("o.district_ags = ?", f.DistrictAGS)
	}
	if f.OrganisationID != "" {
		add("o.organisation_id = ?", f.OrganisationID)
	}
	if f.ProgramID != "" {
		add("EXISTS (SELECT 1 FROM office_programs x WHERE x.office_id = o.id AND x.program_id = ?)", f.ProgramID)
	}
	if f.Language != "" {
		add("EXISTS (SELECT 1 FROM office_languages x WHERE x.office_id = o.id AND x.lang = ?)", f.Language)
	}
	if f.TopicID != "" {
		add("EXISTS (SELECT 1 FROM office_topics x WHERE x.office_id = o.id AND x.topic_id = ?)", f.TopicID)
	}
	if f.Status != "" {
		add("o.status = ?", f.Status)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likeEscape drops LIKE wildcards from user input: a literal % or _ in a
// search is not useful here, and both engines escape differently.
func likeEscape(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

// ListOffices returns one page of offices ordered by name, and the total.
// List rows carry the office's programs (for badges) but not languages or topics.
func (s *Store) ListOffices(ctx context.Context, f OfficeFilter, p Page) ([]Office, int, error) {
	where, args := f.where()
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+officeJoins+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("network: count offices: %w", err)
	}
	p = p.Clamp(500)
	rows, err := s.db.Query(ctx, "SELECT "+officeColumns+officeJoins+where+" ORDER BY o.name, o.id LIMIT ? OFFSET ?",
		append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("network: list offices: %w", err)
	}
	defer rows.Close()
	var out []Office
	for rows.Next() {
		o, err := scanOffice(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.attachLists(ctx, out)
}

// EachOffice calls fn for every office matching f, in name order, with its
// languages, programs and topics (for exports). It reads in pages so memory
// stays flat at any scale.
func (s *Store) EachOffice(ctx context.Context, f OfficeFilter, fn func(Office) error) error {
	for offset := 0; ; offset += 500 {
		page, _, err := s.ListOffices(ctx, f, Page{Offset: offset, Limit: 500})
		if err != nil {
			return err
		}
		for _, o := range page {
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// attachLists fills languages, programs, topics and translations of a
// page of offices with four queries (not four per office).
func (s *Store) attachLists(ctx context.Context, offices []Office) error {
	if len(offices) == 0 {
		return nil
	}
	idx := make(map[string]int, len(offices))
	ph := make([]string, len(offices))
	args := make([]any, len(offices))
	for i, o := range offices {
		idx[o.ID], ph[i], args[i] = i, "?", o.ID
		offices[i].Languages, offices[i].Programs, offices[i].Topics = []string{}, []string{}, []string{}
	}
	in := "(" + strings.Join(ph, ",") + ")"
	lists := []struct {
		query string
		set   func(o *Office, v string)
	}{
		{"SELECT office_id, lang FROM office_languages WHERE office_id IN " + in + " ORDER BY lang", func(o *Office, v string) { o.Languages = append(o.Languages, v) }},
		{"SELECT office_id, program_id FROM office_programs WHERE office_id IN " + in + " ORDER BY program_id", func(o *Office, v string) { o.Programs = append(o.Programs, v) }},
		{"SELECT ot.office_id, ot.topic_id FROM office_topics ot JOIN topics t ON t.id = ot.topic_id WHERE ot.office_id IN " + in + " ORDER BY t.position", func(o *Office, v string) { o.Topics = append(o.Topics, v) }},
	}
	for _, l := range lists {
		if err := s.pairs(ctx, l.query, args, func(id, v string) { l.set(&offices[idx[id]], v) }); err != nil {
			return err
		}
	}
	return attachTexts(ctx, s.db, offices, idx, args)
}

func (s *Store) pairs(ctx context.Context, query string, args []any, fn func(a, b string)) error {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		fn(a, b)
	}
	return rows.Err()
}
