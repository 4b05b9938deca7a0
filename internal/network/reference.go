package network

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

//go:embed data/regions.json
var regionsJSON []byte

//go:embed data/programs.json
var programsJSON []byte

// DistrictSeed is a district as the embedded geodata describes it.
type DistrictSeed struct {
	AGS, Name, Kind string
	Population      int
}

type regionSeed struct {
	ID, Name, Seat string
	Districts      []string
}

type programSeed struct {
	ID           string                 `json:"id"`
	FundingLevel FundingLevel           `json:"funding_level"`
	Funder       string                 `json:"funder"`
	MinAge       *int                   `json:"min_age"`
	MaxAge       *int                   `json:"max_age"`
	Texts        map[string]ProgramText `json:"texts"`
}

// SeedReference inserts the districts, default regions, programs and topics
// that do not exist yet. Existing rows are left as edited, so running it at
// every start is safe.
func (s *Store) SeedReference(ctx context.Context, districts []DistrictSeed) error {
	var regions struct{ Regions []regionSeed }
	var programs struct {
		Programs []programSeed
		Topics   []string
	}
	if err := json.Unmarshal(regionsJSON, &regions); err != nil {
		return fmt.Errorf("network: regions.json: %w", err)
	}
	if err := json.Unmarshal(programsJSON, &programs); err != nil {
		return fmt.Errorf("network: programs.json: %w", err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := seedRegions(ctx, tx, regions.Regions, districts, s.now()); err != nil {
			return err
		}
		if err := seedPrograms(ctx, tx, programs.Programs, s); err != nil {
			return err
		}
		return seedTopics(ctx, tx, programs.Topics)
	})
}

func seedRegions(ctx context.Context, tx *db.Tx, regions []regionSeed, districts []DistrictSeed, now any) error {
	regionOf := map[string]string{}
	for _, r := range regions {
		if _, err := tx.Exec(ctx, `INSERT INTO regions (id, name, seat, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, r.ID, r.Name, r.Seat, now, now); err != nil {
			return fmt.Errorf("network: seed region %s: %w", r.ID, err)
		}
		for _, ags := range r.Districts {
			regionOf[ags] = r.ID
		}
	}
	for _, d := range districts {
		var region any
		if id, ok := regionOf[d.AGS]; ok {
			region = id
		}
		if _, err := tx.Exec(ctx, `INSERT INTO districts (ags, name, kind, population, region_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ags) DO NOTHING`, d.AGS, d.Name, d.Kind, d.Population, region); err != nil {
			return fmt.Errorf("network: seed district %s: %w", d.AGS, err)
		}
	}
	return nil
}

func seedPrograms(ctx context.Context, tx *db.Tx, programs []programSeed, s *Store) error {
	now := s.now()
	for i, p := range programs {
		res, err := tx.Exec(ctx, `INSERT INTO programs (id, funding_level, funder, min_age, max_age, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, p.ID, p.FundingLevel, p.Funder, p.MinAge, p.MaxAge, i, now, now)
		if err != nil {
			return fmt.Errorf("network: seed program %s: %w", p.ID, err)
		}
		_ = res
		// Texts in languages a program lacks are added (new translations
		// shipped later); existing texts, perhaps edited, stay.
		for lang, t := range p.Texts {
			if _, err := tx.Exec(ctx, `INSERT INTO program_texts (program_id, lang, name, description) VALUES (?, ?, ?, ?)
				ON CONFLICT (program_id, lang) DO NOTHING`, p.ID, lang, t.Name, t.Description); err != nil {
				return fmt.Errorf("network: seed program text: %w", err)
			}
		}
	}
	return nil
}

func seedTopics(ctx context.Context, tx *db.Tx, topics []string) error {
	for i, t := range topics {
		if _, err := tx.Exec(ctx, "INSERT INTO topics (id, position) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", t, i); err != nil {
			return fmt.Errorf("network: seed topic %s: %w", t, err)
		}
	}
	return nil
}
