package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// The tables and sealed columns of support plans. Goal titles, measure
// descriptions and version snapshots are sealed under
// "<table>.<field>:"+rowID like contact notes.
const (
	goalTable    = "plan_goals"    // title_enc
	measureTable = "plan_measures" // description_enc
	versionTable = "plan_versions" // snapshot_enc
)

// Plan limits.
const (
	MaxGoals       = 30   // goals per plan
	MaxMeasures    = 30   // measures per goal
	MaxGoalTitle   = 500  // characters
	MaxDescription = 1000 // characters of a measure description
)

// PlanAreas, Responsibles, MeasureStatuses and Outcomes list the allowed
// values in form order (the CHECK constraints of migration 00006).
var (
	PlanAreas       = []string{"language", "work", "education", "housing", "health", "family", "residence", "benefits", "participation"}
	Responsibles    = []string{"client", "counselor", "partner"}
	MeasureStatuses = []string{MeasureOpen, "done", "cancelled"}
	Outcomes        = []string{"reached", "partly", "not_reached"}
)

// MeasureOpen is the status of a measure still to be done.
const MeasureOpen = "open"

// Plan is a file's support plan (Förderplan) with its free text decrypted.
// Version 0 means no plan has been saved yet.
type Plan struct {
	FileID    string    `json:"file_id"`
	StartsOn  time.Time `json:"starts_on"`
	ReviewOn  time.Time `json:"review_on"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	Goals     []Goal    `json:"goals"`
}

// Goal is one goal of a plan. Outcome is "" until assessed.
type Goal struct {
	ID       string    `json:"id"`
	Area     string    `json:"area"`
	Title    string    `json:"title"`
	Outcome  string    `json:"outcome,omitempty"`
	Measures []Measure `json:"measures"`
}

// Measure is one step towards a goal. ReviewOn is zero when not set.
type Measure struct {
	ID          string    `json:"id"`
	Description string    `json:"description"`
	Responsible string    `json:"responsible"`
	DueOn       time.Time `json:"due_on"`
	Status      string    `json:"status"`
	ReviewOn    time.Time `json:"review_on,omitzero"`
}

// PlanInput is a whole plan as entered. Goal and measure IDs of the current
// plan are kept (so history can name them); empty or unknown IDs get new
// ones.
type PlanInput struct {
	StartsOn, ReviewOn time.Time
	Goals              []Goal
}

// PlanChange names one change of a save without any value: Goal and
// Measure are IDs, Field a column name, Change "added", "removed" or
// "changed".
type PlanChange struct {
	Goal    string `json:"goal,omitempty"`
	Measure string `json:"measure,omitempty"`
	Field   string `json:"field,omitempty"`
	Change  string `json:"change"`
}

// PlanVersion is one saved version of a plan: who saved it, when, and what
// changed (no personal data; the content is read with PlanAtVersion).
type PlanVersion struct {
	Version int
	SavedAt time.Time
	SavedBy string
	Changes []PlanChange
}

// Plan reads the file's support plan, audited as "plan.read". A file without
// a plan gives an empty plan with Version 0.
func (s *Store) Plan(ctx context.Context, v Viewer, fileID string) (*Plan, error) {
	var p *Plan
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		var err error
		if p, err = s.loadPlan(ctx, q, fileID); err != nil {
			return audit.Entry{}, err
		}
		return v.entry("plan.read", fileID, map[string]string{"version": fmt.Sprint(p.Version)}), nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PlanHistory lists the saved versions of the file's plan, newest first,
// audited as "plan.history".
func (s *Store) PlanHistory(ctx context.Context, v Viewer, fileID string) ([]PlanVersion, error) {
	var out []PlanVersion
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		var err error
		if out, err = loadVersions(ctx, q, fileID); err != nil {
			return audit.Entry{}, err
		}
		return v.entry("plan.history", fileID, map[string]string{"count": fmt.Sprint(len(out))}), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PlanAtVersion reads the plan as it was saved in version, audited as
// "plan.read_version". An unknown version is ErrNotFound.
func (s *Store) PlanAtVersion(ctx context.Context, v Viewer, fileID string, version int) (*Plan, error) {
	var p Plan
	err := s.readAudited(ctx, func(q db.Querier) (audit.Entry, error) {
		if _, err := loadFile(ctx, q, v, fileID); err != nil {
			return audit.Entry{}, err
		}
		var id, snap string
		err := q.QueryRow(ctx, "SELECT id, snapshot_enc FROM plan_versions WHERE file_id = ? AND version = ?",
			fileID, version).Scan(&id, &snap)
		if errors.Is(err, sql.ErrNoRows) {
			return audit.Entry{}, ErrNotFound
		}
		if err != nil {
			return audit.Entry{}, fmt.Errorf("casework: plan version: %w", err)
		}
		plain, err := s.open(snap, versionTable, "snapshot", id)
		if err != nil {
			return audit.Entry{}, err
		}
		if err := json.Unmarshal([]byte(plain), &p); err != nil {
			return audit.Entry{}, fmt.Errorf("casework: plan version: %w", err)
		}
		return v.entry("plan.read_version", fileID, map[string]string{"version": fmt.Sprint(version)}), nil
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// loadPlan reads the plan of a file already checked with loadFile.
func (s *Store) loadPlan(ctx context.Context, q db.Querier, fileID string) (*Plan, error) {
	p := &Plan{FileID: fileID, Goals: []Goal{}}
	err := q.QueryRow(ctx, "SELECT starts_on, review_on, version, updated_at, updated_by FROM support_plans WHERE file_id = ?",
		fileID).Scan(&p.StartsOn, &p.ReviewOn, &p.Version, &p.UpdatedAt, &p.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("casework: load plan: %w", err)
	}
	p.StartsOn, p.ReviewOn = day(p.StartsOn), day(p.ReviewOn)
	if p.Goals, err = s.loadGoals(ctx, q, fileID); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Store) loadGoals(ctx context.Context, q db.Querier, fileID string) ([]Goal, error) {
	rows, err := q.Query(ctx, "SELECT id, area, title_enc, outcome FROM plan_goals WHERE file_id = ? ORDER BY position", fileID)
	if err != nil {
		return nil, fmt.Errorf("casework: load goals: %w", err)
	}
	goals := []Goal{}
	index := map[string]int{}
	for rows.Next() {
		var g Goal
		var title string
		var outcome sql.NullString
		if err := rows.Scan(&g.ID, &g.Area, &title, &outcome); err != nil {
			rows.Close()
			return nil, fmt.Errorf("casework: load goals: %w", err)
		}
		if g.Title, err = s.open(title, goalTable, "title", g.ID); err != nil {
			rows.Close()
			return nil, err
		}
		g.Outcome, g.Measures = outcome.String, []Measure{}
		index[g.ID] = len(goals)
		goals = append(goals, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: load goals: %w", err)
	}
	return goals, s.loadMeasures(ctx, q, fileID, goals, index)
}

func (s *Store) loadMeasures(ctx context.Context, q db.Querier, fileID string, goals []Goal, index map[string]int) error {
	rows, err := q.Query(ctx, `SELECT id, goal_id, description_enc, responsible, due_on, status, review_on
		FROM plan_measures WHERE file_id = ? ORDER BY position`, fileID)
	if err != nil {
		return fmt.Errorf("casework: load measures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Measure
		var goalID, desc string
		var review sql.NullTime
		if err := rows.Scan(&m.ID, &goalID, &desc, &m.Responsible, &m.DueOn, &m.Status, &review); err != nil {
			return fmt.Errorf("casework: load measures: %w", err)
		}
		if m.Description, err = s.open(desc, measureTable, "description", m.ID); err != nil {
			return err
		}
		m.DueOn, m.ReviewOn = day(m.DueOn), day(review.Time)
		i, ok := index[goalID]
		if !ok {
			return fmt.Errorf("casework: measure %s without goal", m.ID)
		}
		goals[i].Measures = append(goals[i].Measures, m)
	}
	return rows.Err()
}

func loadVersions(ctx context.Context, q db.Querier, fileID string) ([]PlanVersion, error) {
	rows, err := q.Query(ctx, `SELECT version, saved_at, saved_by, changes FROM plan_versions
		WHERE file_id = ? ORDER BY version DESC`, fileID)
	if err != nil {
		return nil, fmt.Errorf("casework: plan history: %w", err)
	}
	defer rows.Close()
	out := []PlanVersion{}
	for rows.Next() {
		var pv PlanVersion
		var changes string
		if err := rows.Scan(&pv.Version, &pv.SavedAt, &pv.SavedBy, &changes); err != nil {
			return nil, fmt.Errorf("casework: plan history: %w", err)
		}
		if err := json.Unmarshal([]byte(changes), &pv.Changes); err != nil {
			return nil, fmt.Errorf("casework: plan history: %w", err)
		}
		pv.SavedAt = pv.SavedAt.UTC()
		out = append(out, pv)
	}
	return out, rows.Err()
}
