package network

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Programs lists the programs in their configured order with all texts.
func (s *Store) Programs(ctx context.Context) ([]Program, error) {
	rows, err := s.db.Query(ctx, "SELECT id, funding_level, funder, min_age, max_age, retention_years FROM programs ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("network: programs: %w", err)
	}
	defer rows.Close()
	var out []Program
	for rows.Next() {
		p := Program{Texts: map[string]ProgramText{}}
		if err := rows.Scan(&p.ID, &p.FundingLevel, &p.Funder, &p.MinAge, &p.MaxAge, &p.RetentionYears); err != nil {
			return nil, fmt.Errorf("network: programs: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.pairs3(ctx, out)
}

func (s *Store) pairs3(ctx context.Context, programs []Program) error {
	rows, err := s.db.Query(ctx, "SELECT program_id, lang, name, description FROM program_texts")
	if err != nil {
		return fmt.Errorf("network: program texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, lang string
		var t ProgramText
		if err := rows.Scan(&id, &lang, &t.Name, &t.Description); err != nil {
			return fmt.Errorf("network: program texts: %w", err)
		}
		for i := range programs {
			if programs[i].ID == id {
				programs[i].Texts[lang] = t
			}
		}
	}
	return rows.Err()
}

// Topics lists the topic ids of the taxonomy in order; names come from the
// i18n catalogs ("topic.<id>").
func (s *Store) Topics(ctx context.Context) ([]string, error) {
	return strings1(ctx, s.db, "SELECT id FROM topics ORDER BY position, id")
}

// ProgramInput creates or changes a program.
type ProgramInput struct {
	ID           string
	FundingLevel FundingLevel
	Funder       string
	MinAge       *int
	MaxAge       *int
	// RetentionYears is the deletion period of closed files (1–30 years);
	// 0 means DefaultRetentionYears.
	RetentionYears int
	Texts          map[string]ProgramText
}

// DefaultRetentionYears is a program's deletion period unless set.
const DefaultRetentionYears = 3

var programIDRe = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

func (in ProgramInput) validate() error {
	var e valid.Errors
	if !programIDRe.MatchString(in.ID) {
		e.Add("id", "network.program_id")
	}
	if !slices.Contains([]FundingLevel{Federal, State, Municipal}, in.FundingLevel) {
		e.Add("funding_level", "validation.choice")
	}
	optional(&e, "funder", in.Funder, 200)
	for _, a := range []*int{in.MinAge, in.MaxAge} {
		if a != nil && (*a < 0 || *a > 130) {
			e.Add("age", "network.age_range")
		}
	}
	if in.MinAge != nil && in.MaxAge != nil && *in.MinAge > *in.MaxAge {
		e.Add("age", "network.age_range")
	}
	if in.RetentionYears < 1 || in.RetentionYears > 30 {
		e.Add("retention_years", "network.retention_range")
	}
	if strings.TrimSpace(in.Texts["de"].Name) == "" {
		e.Add("name_de", "validation.required")
	}
	for lang, t := range in.Texts {
		optional(&e, "name_"+lang, t.Name, 200)
		optional(&e, "description_"+lang, t.Description, 2000)
	}
	return e.Err()
}

// SaveProgram creates a program or replaces its data and texts (ministry).
func (s *Store) SaveProgram(ctx context.Context, ed Editor, in ProgramInput) error {
	in.ID, in.Funder = strings.TrimSpace(in.ID), strings.TrimSpace(in.Funder)
	if in.RetentionYears == 0 {
		in.RetentionYears = DefaultRetentionYears
	}
	if err := in.validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		_, err := tx.Exec(ctx, `INSERT INTO programs (id, funding_level, funder, min_age, max_age, retention_years, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM programs), ?, ?)
			ON CONFLICT (id) DO UPDATE SET funding_level = excluded.funding_level, funder = excluded.funder,
			min_age = excluded.min_age, max_age = excluded.max_age, retention_years = excluded.retention_years,
			updated_at = excluded.updated_at`,
			in.ID, in.FundingLevel, in.Funder, in.MinAge, in.MaxAge, in.RetentionYears, now, now)
		if err != nil {
			return fmt.Errorf("network: save program: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM program_texts WHERE program_id = ?", in.ID); err != nil {
			return fmt.Errorf("network: %w", err)
		}
		detail := map[string]string{"funding_level.after": string(in.FundingLevel), "funder.after": in.Funder,
			"retention_years.after": strconv.Itoa(in.RetentionYears)}
		for lang, t := range in.Texts {
			if strings.TrimSpace(t.Name) == "" {
				continue
			}
			if _, err := tx.Exec(ctx, "INSERT INTO program_texts (program_id, lang, name, description) VALUES (?, ?, ?, ?)",
				in.ID, lang, strings.TrimSpace(t.Name), strings.TrimSpace(t.Description)); err != nil {
				return fmt.Errorf("network: %w", err)
			}
			detail["name_"+lang+".after"] = t.Name
		}
		return s.record(ctx, tx, ed, "program.save", "program", in.ID, detail)
	})
}
