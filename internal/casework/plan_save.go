package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Plausible plan dates: anything outside is a typing error.
const (
	minPlanYear = 2000
	maxPlanYear = 2100
)

// SavePlan replaces the support plan of an open file with in, in one
// transaction. expectedVersion is the Plan.Version the viewer loaded (0 for
// a file without a plan); another one gives ErrStale and changes nothing.
// Bad input is a valid.Errors (fields "starts_on", "review_on",
// "goals", "goals[i].title", "goals[i].measures[j].due_on", ...) and changes
// nothing. Each save writes a plan_versions row with the change list and an
// encrypted snapshot, and is audited as "plan.save" (counts only).
func (s *Store) SavePlan(ctx context.Context, v Viewer, fileID string, expectedVersion int, in PlanInput) (*Plan, error) {
	in.normalize()
	var p *Plan
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = s.savePlanTx(ctx, tx, v, fileID, expectedVersion, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// savePlanTx is SavePlan in the caller's transaction (in normalized).
func (s *Store) savePlanTx(ctx context.Context, tx *db.Tx, v Viewer, fileID string, expectedVersion int, in PlanInput) (*Plan, error) {
	var p *Plan
	err := func() error {
		f, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(f); err != nil {
			return err
		}
		if err := in.validate().Err(); err != nil {
			return err
		}
		old, err := s.loadPlan(ctx, tx, fileID)
		if err != nil {
			return err
		}
		if old.Version != expectedVersion {
			return ErrStale
		}
		next := in.plan(old)
		next.FileID, next.Version, next.UpdatedAt, next.UpdatedBy = fileID, old.Version+1, s.now(), v.UserID()
		if err := s.writePlanRow(ctx, tx, next, expectedVersion); err != nil {
			return err
		}
		if err := s.writeGoals(ctx, tx, next); err != nil {
			return err
		}
		if err := refreshDeadlines(ctx, tx, []string{fileID}); err != nil {
			return err
		}
		changes := diffPlans(old, next)
		if err := s.writeVersion(ctx, tx, next, changes); err != nil {
			return err
		}
		detail := map[string]string{"version": fmt.Sprint(next.Version), "goals": fmt.Sprint(len(next.Goals)),
			"measures": fmt.Sprint(countMeasures(next)), "changes": fmt.Sprint(len(changes))}
		if err := s.audit.Append(ctx, tx, v.entry("plan.save", fileID, detail)); err != nil {
			return err
		}
		p, err = s.loadPlan(ctx, tx, fileID)
		return err
	}()
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (in *PlanInput) normalize() {
	in.StartsOn, in.ReviewOn = day(in.StartsOn), day(in.ReviewOn)
	for i := range in.Goals {
		g := &in.Goals[i]
		g.ID, g.Area, g.Outcome = strings.TrimSpace(g.ID), strings.TrimSpace(g.Area), strings.TrimSpace(g.Outcome)
		g.Title = strings.TrimSpace(g.Title)
		for j := range g.Measures {
			m := &g.Measures[j]
			m.ID, m.Responsible, m.Status = strings.TrimSpace(m.ID), strings.TrimSpace(m.Responsible), strings.TrimSpace(m.Status)
			m.Description = strings.TrimSpace(m.Description)
			m.DueOn, m.ReviewOn = day(m.DueOn), day(m.ReviewOn)
		}
	}
}

// validate checks in without the database.
func (in PlanInput) validate() valid.Errors {
	var e valid.Errors
	checkPlanDate(&e, "starts_on", in.StartsOn, time.Time{}, true)
	checkPlanDate(&e, "review_on", in.ReviewOn, in.StartsOn, true)
	if len(in.Goals) > MaxGoals {
		e.Add("goals", "plan.too_many_goals", "max", MaxGoals)
		return e
	}
	for i, g := range in.Goals {
		field := fmt.Sprintf("goals[%d].", i)
		if !slices.Contains(PlanAreas, g.Area) {
			e.Add(field+"area", "plan.area_invalid")
		}
		switch {
		case g.Title == "":
			e.Add(field+"title", "plan.title_required")
		case tooLong(g.Title, MaxGoalTitle):
			e.Add(field+"title", "case.too_long", "max", MaxGoalTitle)
		}
		if g.Outcome != "" && !slices.Contains(Outcomes, g.Outcome) {
			e.Add(field+"outcome", "plan.outcome_invalid")
		}
		if len(g.Measures) > MaxMeasures {
			e.Add(field+"measures", "plan.too_many_measures", "max", MaxMeasures)
			continue
		}
		for j, m := range g.Measures {
			in.validateMeasure(&e, fmt.Sprintf("%smeasures[%d].", field, j), m)
		}
	}
	return e
}

func (in PlanInput) validateMeasure(e *valid.Errors, field string, m Measure) {
	switch {
	case m.Description == "":
		e.Add(field+"description", "plan.description_required")
	case tooLong(m.Description, MaxDescription):
		e.Add(field+"description", "case.too_long", "max", MaxDescription)
	}
	if !slices.Contains(Responsibles, m.Responsible) {
		e.Add(field+"responsible", "plan.responsible_invalid")
	}
	if !slices.Contains(MeasureStatuses, m.Status) {
		e.Add(field+"status", "plan.status_invalid")
	}
	checkPlanDate(e, field+"due_on", m.DueOn, in.StartsOn, true)
	checkPlanDate(e, field+"review_on", m.ReviewOn, in.StartsOn, false)
}

// checkPlanDate requires d (when required), a plausible year, and d not
// before start (when start is set).
func checkPlanDate(e *valid.Errors, field string, d, start time.Time, required bool) {
	switch {
	case d.IsZero():
		if required {
			e.Add(field, "case.date_required")
		}
	case d.Year() < minPlanYear || d.Year() > maxPlanYear:
		e.Add(field, "plan.date_implausible")
	case !start.IsZero() && d.Before(start):
		if strings.HasSuffix(field, "due_on") {
			e.Add(field, "plan.due_before_start")
		} else {
			e.Add(field, "plan.review_before_start")
		}
	}
}

// plan turns in into the next version of old, keeping the IDs of goals and
// measures that old has and giving new ones to everything else.
func (in PlanInput) plan(old *Plan) *Plan {
	goalIDs, measureIDs := map[string]bool{}, map[string]bool{}
	for _, g := range old.Goals {
		goalIDs[g.ID] = true
		for _, m := range g.Measures {
			measureIDs[m.ID] = true
		}
	}
	keep := func(id string, known map[string]bool) string {
		if known[id] {
			delete(known, id) // a second use of the same ID gets a new one
			return id
		}
		return uuid.Must(uuid.NewV7()).String()
	}
	p := &Plan{StartsOn: in.StartsOn, ReviewOn: in.ReviewOn, Goals: make([]Goal, len(in.Goals))}
	for i, g := range in.Goals {
		g.ID = keep(g.ID, goalIDs)
		ms := make([]Measure, len(g.Measures))
		for j, m := range g.Measures {
			m.ID = keep(m.ID, measureIDs)
			ms[j] = m
		}
		g.Measures = ms
		p.Goals[i] = g
	}
	return p
}

// writePlanRow inserts or updates the support_plans row, refusing a stale
// version: the UPDATE matches only the expected version, and a concurrent
// first save collides on the primary key.
func (s *Store) writePlanRow(ctx context.Context, tx *db.Tx, p *Plan, expected int) error {
	if expected == 0 {
		_, err := tx.Exec(ctx, `INSERT INTO support_plans (file_id, starts_on, review_on, version, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?)`, p.FileID, p.StartsOn, p.ReviewOn, p.Version, p.UpdatedAt, p.UpdatedBy)
		if db.IsUniqueViolation(err) {
			return ErrStale
		}
		if err != nil {
			return fmt.Errorf("casework: insert plan: %w", err)
		}
		return nil
	}
	res, err := tx.Exec(ctx, `UPDATE support_plans SET starts_on = ?, review_on = ?, version = ?, updated_at = ?,
		updated_by = ? WHERE file_id = ? AND version = ?`, p.StartsOn, p.ReviewOn, p.Version, p.UpdatedAt,
		p.UpdatedBy, p.FileID, expected)
	return checkOne(res, err, "update plan")
}

// writeGoals replaces the goals and measures of the plan.
func (s *Store) writeGoals(ctx context.Context, tx *db.Tx, p *Plan) error {
	if _, err := tx.Exec(ctx, "DELETE FROM plan_goals WHERE file_id = ?", p.FileID); err != nil {
		return fmt.Errorf("casework: clear goals: %w", err)
	}
	for i, g := range p.Goals {
		var outcome any
		if g.Outcome != "" {
			outcome = g.Outcome
		}
		if _, err := tx.Exec(ctx, `INSERT INTO plan_goals (id, file_id, area, title_enc, position, outcome)
			VALUES (?, ?, ?, ?, ?, ?)`, g.ID, p.FileID, g.Area, s.seal(g.Title, goalTable, "title", g.ID), i,
			outcome); err != nil {
			return fmt.Errorf("casework: insert goal: %w", err)
		}
		for j, m := range g.Measures {
			var review any
			if !m.ReviewOn.IsZero() {
				review = m.ReviewOn
			}
			if _, err := tx.Exec(ctx, `INSERT INTO plan_measures (id, goal_id, file_id, description_enc, responsible,
				due_on, status, review_on, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, g.ID, p.FileID,
				s.seal(m.Description, measureTable, "description", m.ID), m.Responsible, m.DueOn, m.Status,
				review, j); err != nil {
				return fmt.Errorf("casework: insert measure: %w", err)
			}
		}
	}
	return nil
}

// writeVersion records the save in plan_versions.
func (s *Store) writeVersion(ctx context.Context, tx *db.Tx, p *Plan, changes []PlanChange) error {
	snap, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("casework: plan snapshot: %w", err)
	}
	list, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("casework: plan changes: %w", err)
	}
	id := uuid.Must(uuid.NewV7()).String()
	if _, err := tx.Exec(ctx, `INSERT INTO plan_versions (id, file_id, version, saved_at, saved_by, changes, snapshot_enc)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p.FileID, p.Version, p.UpdatedAt, p.UpdatedBy, string(list),
		s.seal(string(snap), versionTable, "snapshot", id)); err != nil {
		if db.IsUniqueViolation(err) {
			return ErrStale
		}
		return fmt.Errorf("casework: insert plan version: %w", err)
	}
	return nil
}

// diffPlans lists what changed from old to next by ID and field name, never
// by value. The first save lists every goal and measure as added.
func diffPlans(old, next *Plan) []PlanChange {
	out := []PlanChange{}
	if old.Version == 0 {
		out = append(out, PlanChange{Change: "added"})
	} else {
		if !old.StartsOn.Equal(next.StartsOn) {
			out = append(out, PlanChange{Field: "starts_on", Change: "changed"})
		}
		if !old.ReviewOn.Equal(next.ReviewOn) {
			out = append(out, PlanChange{Field: "review_on", Change: "changed"})
		}
	}
	oldGoals := map[string]Goal{}
	for _, g := range old.Goals {
		oldGoals[g.ID] = g
	}
	for i, g := range next.Goals {
		o, ok := oldGoals[g.ID]
		if !ok {
			out = append(out, PlanChange{Goal: g.ID, Change: "added"})
			for _, m := range g.Measures {
				out = append(out, PlanChange{Goal: g.ID, Measure: m.ID, Change: "added"})
			}
			continue
		}
		delete(oldGoals, g.ID)
		out = append(out, diffGoal(o, g, i != indexOfGoal(old, g.ID))...)
	}
	for _, g := range old.Goals {
		if _, gone := oldGoals[g.ID]; gone {
			out = append(out, PlanChange{Goal: g.ID, Change: "removed"})
		}
	}
	return out
}

func diffGoal(o, g Goal, moved bool) []PlanChange {
	var out []PlanChange
	field := func(name string, differs bool) {
		if differs {
			out = append(out, PlanChange{Goal: g.ID, Field: name, Change: "changed"})
		}
	}
	field("area", o.Area != g.Area)
	field("title", o.Title != g.Title)
	field("outcome", o.Outcome != g.Outcome)
	field("position", moved)
	old := map[string]Measure{}
	for _, m := range o.Measures {
		old[m.ID] = m
	}
	for _, m := range g.Measures {
		x, ok := old[m.ID]
		if !ok {
			out = append(out, PlanChange{Goal: g.ID, Measure: m.ID, Change: "added"})
			continue
		}
		delete(old, m.ID)
		mf := func(name string, differs bool) {
			if differs {
				out = append(out, PlanChange{Goal: g.ID, Measure: m.ID, Field: name, Change: "changed"})
			}
		}
		mf("description", x.Description != m.Description)
		mf("responsible", x.Responsible != m.Responsible)
		mf("due_on", !x.DueOn.Equal(m.DueOn))
		mf("status", x.Status != m.Status)
		mf("review_on", !x.ReviewOn.Equal(m.ReviewOn))
	}
	for _, m := range o.Measures {
		if _, gone := old[m.ID]; gone {
			out = append(out, PlanChange{Goal: g.ID, Measure: m.ID, Change: "removed"})
		}
	}
	return out
}

func indexOfGoal(p *Plan, id string) int {
	return slices.IndexFunc(p.Goals, func(g Goal) bool { return g.ID == id })
}

func countMeasures(p *Plan) int {
	n := 0
	for _, g := range p.Goals {
		n += len(g.Measures)
	}
	return n
}
