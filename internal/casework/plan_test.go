package casework_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

const planMarker = "PLANMARKER-x7Kq2"

// twoGoals is a plan starting 2026-03-01 with a language goal (two
// measures) and a housing goal (one measure).
func twoGoals() casework.PlanInput {
	return casework.PlanInput{StartsOn: date(2026, 3, 1), ReviewOn: date(2026, 6, 1), Goals: []casework.Goal{
		{Area: "language", Title: "B1 " + planMarker, Measures: []casework.Measure{
			{Description: "Kurs anmelden " + planMarker, Responsible: "counselor", DueOn: date(2026, 3, 20), Status: "open"},
			{Description: "Kurs besuchen", Responsible: "client", DueOn: date(2026, 5, 1), Status: "open", ReviewOn: date(2026, 4, 1)},
		}},
		{Area: "housing", Title: "  Wohnung finden  ", Measures: []casework.Measure{
			{Description: "WBS beantragen", Responsible: "partner", DueOn: date(2026, 4, 15), Status: "open"},
		}},
	}}
}

func (f *fixture) savePlan(t *testing.T, fileID string, version int, in casework.PlanInput) *casework.Plan {
	t.Helper()
	p, err := f.store.SavePlan(f.ctx, f.a1, fileID, version, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanSaveAndRead(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		empty, err := f.store.Plan(f.ctx, f.a1, file.ID)
		if err != nil || empty.Version != 0 || len(empty.Goals) != 0 {
			t.Fatalf("empty plan: %+v %v", empty, err)
		}
		saved := f.savePlan(t, file.ID, 0, twoGoals())
		got, err := f.store.Plan(f.ctx, f.a2, file.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.UpdatedBy != "u-a1" || !got.StartsOn.Equal(date(2026, 3, 1)) || !got.ReviewOn.Equal(date(2026, 6, 1)) || len(got.Goals) != 2 {
			t.Fatalf("plan: %+v", got)
		}
		g0, g1 := got.Goals[0], got.Goals[1]
		if g0.ID == "" || g0.ID != saved.Goals[0].ID || g0.Area != "language" || g0.Title != "B1 "+planMarker || len(g0.Measures) != 2 {
			t.Fatalf("goal 0: %+v", g0)
		}
		m := g0.Measures[1]
		if m.Description != "Kurs besuchen" || m.Responsible != "client" || !m.DueOn.Equal(date(2026, 5, 1)) || m.Status != "open" || !m.ReviewOn.Equal(date(2026, 4, 1)) {
			t.Fatalf("measure: %+v", m)
		}
		if g1.Title != "Wohnung finden" || g1.Outcome != "" || len(g1.Measures) != 1 || !g1.Measures[0].ReviewOn.IsZero() {
			t.Fatalf("goal 1: %+v", g1)
		}
		// Free text is sealed at rest, in the tables and the snapshot.
		for _, q := range []string{"SELECT title_enc FROM plan_goals", "SELECT description_enc FROM plan_measures",
			"SELECT snapshot_enc FROM plan_versions", "SELECT changes FROM plan_versions", "SELECT detail FROM audit_log"} {
			rows, err := d.Query(f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(s, planMarker) || strings.Contains(s, "Kurs") {
					t.Errorf("%s holds plaintext: %q", q, s)
				}
			}
			rows.Close()
		}
		// Outside the scope, the file does not exist.
		if _, err := f.store.Plan(f.ctx, f.b1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office read: %v", err)
		}
		if _, err := f.store.SavePlan(f.ctx, f.b1, file.ID, 1, twoGoals()); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office save: %v", err)
		}
		if len(f.audited(t, "plan.save", file.ID)) != 1 || len(f.audited(t, "plan.read", file.ID)) != 2 {
			t.Fatalf("audit: save %d read %d", len(f.audited(t, "plan.save", file.ID)), len(f.audited(t, "plan.read", file.ID)))
		}
		// Erasing the file takes the plan with it.
		if err := f.store.Erase(f.ctx, f.a1, file.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"support_plans", "plan_goals", "plan_measures", "plan_versions"} {
			if n := f.count(t, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%s survived erasure: %d rows", table, n)
			}
		}
	})
}

func TestPlanRefusesStaleAndBadInput(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		p := f.savePlan(t, file.ID, 0, twoGoals())
		// a2 saves first; a1's edit of version 1 is then stale.
		edit := twoGoals()
		edit.Goals = edit.Goals[:1]
		if _, err := f.store.SavePlan(f.ctx, f.a2, file.ID, p.Version, edit); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.SavePlan(f.ctx, f.a1, file.ID, p.Version, twoGoals()); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := f.store.SavePlan(f.ctx, f.a1, file.ID, 0, twoGoals()); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("second first save: %v", err)
		}
		unchanged := func() {
			t.Helper()
			got, err := f.store.Plan(f.ctx, f.a1, file.ID)
			if err != nil || got.Version != 2 || got.UpdatedBy != "u-a2" || len(got.Goals) != 1 || len(got.Goals[0].Measures) != 2 {
				t.Fatalf("plan changed: %+v %v", got, err)
			}
			if n := f.count(t, "SELECT COUNT(*) FROM plan_versions"); n != 2 {
				t.Fatalf("versions: %d", n)
			}
			if n := f.count(t, "SELECT COUNT(*) FROM plan_measures"); n != 2 {
				t.Fatalf("measures: %d", n)
			}
		}
		unchanged()

		bad := twoGoals()
		bad.Goals[1].Measures[0].DueOn = date(2026, 2, 28)
		_, err := f.store.SavePlan(f.ctx, f.a1, file.ID, 2, bad)
		wantProblem(t, err, "goals[1].measures[0].due_on", "plan.due_before_start")
		for _, tc := range []struct {
			field, key string
			edit       func(*casework.PlanInput)
		}{
			{"review_on", "plan.review_before_start", func(p *casework.PlanInput) { p.ReviewOn = date(2026, 2, 1) }},
			{"starts_on", "case.date_required", func(p *casework.PlanInput) { p.StartsOn = time.Time{} }},
			{"starts_on", "plan.date_implausible", func(p *casework.PlanInput) { p.StartsOn = date(20266, 3, 1) }},
			{"goals[0].area", "plan.area_invalid", func(p *casework.PlanInput) { p.Goals[0].Area = "leisure" }},
			{"goals[0].title", "plan.title_required", func(p *casework.PlanInput) { p.Goals[0].Title = "  " }},
			{"goals[0].title", "case.too_long", func(p *casework.PlanInput) { p.Goals[0].Title = strings.Repeat("ä", 501) }},
			{"goals[0].outcome", "plan.outcome_invalid", func(p *casework.PlanInput) { p.Goals[0].Outcome = "great" }},
			{"goals[0].measures[1].responsible", "plan.responsible_invalid", func(p *casework.PlanInput) { p.Goals[0].Measures[1].Responsible = "office" }},
			{"goals[0].measures[1].status", "plan.status_invalid", func(p *casework.PlanInput) { p.Goals[0].Measures[1].Status = "late" }},
			{"goals[0].measures[1].description", "plan.description_required", func(p *casework.PlanInput) { p.Goals[0].Measures[1].Description = "" }},
			{"goals[0].measures[1].review_on", "plan.review_before_start", func(p *casework.PlanInput) { p.Goals[0].Measures[1].ReviewOn = date(2026, 1, 1) }},
			{"goals", "plan.too_many_goals", func(p *casework.PlanInput) {
				for len(p.Goals) <= casework.MaxGoals {
					p.Goals = append(p.Goals, p.Goals[1])
				}
			}},
			{"goals[1].measures", "plan.too_many_measures", func(p *casework.PlanInput) {
				for len(p.Goals[1].Measures) <= casework.MaxMeasures {
					p.Goals[1].Measures = append(p.Goals[1].Measures, p.Goals[1].Measures[0])
				}
			}},
		} {
			in := twoGoals()
			tc.edit(&in)
			_, err := f.store.SavePlan(f.ctx, f.a1, file.ID, 2, in)
			wantProblem(t, err, tc.field, tc.key)
		}
		unchanged()
		// Exactly at the limits is fine.
		in := twoGoals()
		in.Goals[0].Title = strings.Repeat("ä", casework.MaxGoalTitle)
		in.Goals[1].Measures[0].DueOn = in.StartsOn
		for len(in.Goals) < casework.MaxGoals {
			in.Goals = append(in.Goals, in.Goals[1])
		}
		if p, err := f.store.SavePlan(f.ctx, f.a1, file.ID, 2, in); err != nil || len(p.Goals) != casework.MaxGoals {
			t.Fatalf("save at limits: %v", err)
		}
		// A closed file's plan is read-only.
		closed, err := f.store.Close(f.ctx, f.a1, file.ID, file.Version, casework.CloseInput{Reason: "moved"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.SavePlan(f.ctx, f.a1, closed.ID, 3, twoGoals())
		wantProblem(t, err, "status", "case.file_closed")
	})
}

func TestPlanHistory(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		v1 := f.savePlan(t, file.ID, 0, twoGoals())
		f.clock.set(2026, 3, 11)
		// a2 moves a due date, marks a goal reached, drops the housing goal
		// and adds a health goal.
		in := casework.PlanInput{StartsOn: v1.StartsOn, ReviewOn: v1.ReviewOn, Goals: []casework.Goal{v1.Goals[0],
			{Area: "health", Title: "Hausarzt", Measures: []casework.Measure{{Description: "Termin", Responsible: "client", DueOn: date(2026, 3, 30), Status: "open"}}}}}
		in.Goals[0].Outcome = "partly"
		in.Goals[0].Measures = append([]casework.Measure(nil), v1.Goals[0].Measures...)
		in.Goals[0].Measures[0].DueOn = date(2026, 3, 25)
		v2, err := f.store.SavePlan(f.ctx, f.a2, file.ID, 1, in)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Goals[0].ID != v1.Goals[0].ID || v2.Goals[0].Measures[0].ID != v1.Goals[0].Measures[0].ID || v2.Goals[1].ID == v1.Goals[1].ID {
			t.Fatalf("ids not kept: %+v", v2.Goals)
		}
		hist, err := f.store.PlanHistory(f.ctx, f.lead, file.ID)
		if err != nil || len(hist) != 2 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		h2, h1 := hist[0], hist[1]
		if h2.Version != 2 || h2.SavedBy != "u-a2" || !h2.SavedAt.Equal(f.clock.t) || h1.Version != 1 || h1.SavedBy != "u-a1" {
			t.Fatalf("history: %+v", hist)
		}
		g, m, gone := v1.Goals[0].ID, v1.Goals[0].Measures[0].ID, v1.Goals[1].ID
		want := []casework.PlanChange{
			{Goal: g, Field: "outcome", Change: "changed"},
			{Goal: g, Measure: m, Field: "due_on", Change: "changed"},
			{Goal: v2.Goals[1].ID, Change: "added"},
			{Goal: v2.Goals[1].ID, Measure: v2.Goals[1].Measures[0].ID, Change: "added"},
			{Goal: gone, Change: "removed"},
		}
		if len(h2.Changes) != len(want) {
			t.Fatalf("changes: %+v", h2.Changes)
		}
		for i := range want {
			if h2.Changes[i] != want[i] {
				t.Errorf("change %d: got %+v, want %+v", i, h2.Changes[i], want[i])
			}
		}
		if len(h1.Changes) != 6 || h1.Changes[0] != (casework.PlanChange{Change: "added"}) {
			t.Fatalf("first save changes: %+v", h1.Changes)
		}
		old, err := f.store.PlanAtVersion(f.ctx, f.a1, file.ID, 1)
		if err != nil || old.Version != 1 || len(old.Goals) != 2 || old.Goals[1].Title != "Wohnung finden" ||
			!old.Goals[0].Measures[0].DueOn.Equal(date(2026, 3, 20)) || !old.Goals[0].Measures[1].ReviewOn.Equal(date(2026, 4, 1)) {
			t.Fatalf("version 1: %+v %v", old, err)
		}
		if _, err := f.store.PlanAtVersion(f.ctx, f.a1, file.ID, 3); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("unknown version: %v", err)
		}
		if _, err := f.store.PlanHistory(f.ctx, f.b1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office history: %v", err)
		}
		if len(f.audited(t, "plan.history", file.ID)) != 1 || len(f.audited(t, "plan.read_version", file.ID)) != 1 {
			t.Fatal("history reads not audited")
		}
	})
}
