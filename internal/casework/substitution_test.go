package casework_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// teamFixture: offices A and B both "own"; a1 and a2 counsel in both
// (a1 and a2 by account scope in A, by membership in B).
type teamFixture struct {
	*fixture
	a1, a2 casework.Viewer
	// a2's files in A and B, and the lead's file in A.
	inA, inB, leads *casework.File
}

func setupTeam(t *testing.T, d *db.DB) *teamFixture {
	t.Helper()
	f := setup(t, d)
	for _, u := range []string{"u-a1", "u-a2"} {
		if _, err := d.Exec(f.ctx, `INSERT INTO memberships (user_id, role, scope_kind, scope_key, office_id, created_at)
			VALUES (?, 'counselor', 'office', ?, ?, ?)`, u, f.officeB, f.officeB, clock.System().Now()); err != nil {
			t.Fatal(err)
		}
	}
	tf := &teamFixture{fixture: f, a1: f.as(t, "u-a1"), a2: f.as(t, "u-a2")}
	tf.inA = f.create(t, tf.a2, f.adult())
	inB := f.adult()
	inB.OfficeID = f.officeB
	tf.inB = f.create(t, tf.a2, inB)
	tf.leads = f.create(t, f.lead, f.adult())
	// Both offices "own" (office B has no lead account in the fixture).
	if _, err := d.Exec(f.ctx, `INSERT INTO case_office_settings (office_id, visibility, updated_at)
		VALUES (?, 'own', ?), (?, 'own', ?)`, f.officeA, f.clock.t, f.officeB, f.clock.t); err != nil {
		t.Fatal(err)
	}
	return tf
}

// sees reports which of the files the account id can open, as a request
// on the clock's day would (its principal built anew).
func (tf *teamFixture) sees(t *testing.T, id string) (inA, inB, leads bool) {
	t.Helper()
	v := tf.as(t, id)
	open := func(id string) bool {
		_, err := tf.store.Get(tf.ctx, v, id)
		if err != nil && !errors.Is(err, casework.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}
	return open(tf.inA.ID), open(tf.inB.ID), open(tf.leads.ID)
}

func TestSubstitutionGrantsAccessWithinPeriod(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		tf := setupTeam(t, d)
		// Today is 2026-03-10; a2 is away 12–20 March, a1 stands in at office A.
		sub, err := tf.store.AddSubstitution(tf.ctx, tf.a2, casework.SubstitutionInput{OfficeID: tf.officeA, AbsentID: "u-a2",
			SubstituteID: "u-a1", StartsOn: date(2026, 3, 12), EndsOn: date(2026, 3, 20)})
		if err != nil || sub.AbsentName == "" || !sub.StartsOn.Equal(date(2026, 3, 12)) {
			t.Fatalf("add: %+v %v", sub, err)
		}
		steps := []struct {
			day       int
			wantInA   bool
			wantInB   bool
			wantLeads bool
		}{
			{11, false, false, false}, // before the period
			{12, true, false, false},  // first day: a2's file of office A only
			{20, true, false, false},  // last day
			{21, false, false, false}, // after
		}
		for _, st := range steps {
			tf.clock.set(2026, time.March, st.day)
			inA, inB, leads := tf.sees(t, "u-a1")
			if inA != st.wantInA || inB != st.wantInB || leads != st.wantLeads {
				t.Errorf("on %d March a1 sees A=%v B=%v lead's=%v", st.day, inA, inB, leads)
			}
		}
		// A viewer built before the period does not gain the substitution
		// later: grants are resolved when the principal is built.
		tf.clock.set(2026, time.March, 15)
		if _, err := tf.store.Get(tf.ctx, tf.a1, tf.inA.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("substitution applied to a viewer built before it: %v", err)
		}
		// The substitute's list grows too; the absent one keeps their own files.
		list, err := tf.store.List(tf.ctx, tf.as(t, "u-a1"))
		if err != nil || len(list) != 1 || list[0].ID != tf.inA.ID {
			t.Fatalf("substitute's list: %+v %v", list, err)
		}
		if inA, inB, _ := tf.sees(t, "u-a2"); !inA || !inB {
			t.Fatal("absent counselor lost their files")
		}
		// b1 (office B only) never sees office A's file.
		if inA, _, _ := tf.sees(t, "u-b1"); inA {
			t.Fatal("other office sees the file")
		}

		if err := tf.store.EndSubstitution(tf.ctx, tf.b1, sub.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office ended it: %v", err)
		}
		if err := tf.store.EndSubstitution(tf.ctx, tf.a1, sub.ID); err != nil {
			t.Fatalf("end: %v", err)
		}
		if inA, _, _ := tf.sees(t, "u-a1"); inA {
			t.Fatal("ended substitution still grants access")
		}
		wantProblem(t, tf.store.EndSubstitution(tf.ctx, tf.a1, sub.ID), "substitution", "caseteam.already_over")
		for _, action := range []string{"case.substitution.add", "case.substitution.end"} {
			recs, err := tf.audit.List(tf.ctx, auditFilter(action, sub.ID))
			if err != nil || len(recs) != 1 || recs[0].Detail["absent"] != "u-a2" || recs[0].Detail["substitute"] != "u-a1" {
				t.Fatalf("%s audit: %+v %v", action, recs, err)
			}
		}
		if list, _ := tf.store.Substitutions(tf.ctx, tf.a1); len(list) != 0 {
			t.Fatalf("ended substitution listed: %+v", list)
		}
	})
}

func TestSubstitutionRules(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		tf := setupTeam(t, d)
		ok := casework.SubstitutionInput{OfficeID: tf.officeA, AbsentID: "u-a2", SubstituteID: "u-a1",
			StartsOn: date(2026, 3, 10), EndsOn: date(2026, 6, 7)} // 90 days
		with := func(change func(*casework.SubstitutionInput)) casework.SubstitutionInput {
			in := ok
			change(&in)
			return in
		}
		bad := []struct {
			name, field, key string
			in               casework.SubstitutionInput
		}{
			{"start in the past", "starts_on", "caseteam.start_past", with(func(in *casework.SubstitutionInput) { in.StartsOn = date(2026, 3, 9) })},
			{"no start", "starts_on", "caseteam.date_required", with(func(in *casework.SubstitutionInput) { in.StartsOn = time.Time{} })},
			{"end before start", "ends_on", "caseteam.end_before_start", with(func(in *casework.SubstitutionInput) { in.EndsOn = date(2026, 3, 9) })},
			{"91 days", "ends_on", "caseteam.period_too_long", with(func(in *casework.SubstitutionInput) { in.EndsOn = date(2026, 6, 8) })},
			{"oneself", "substitute_id", "caseteam.substitute_self", with(func(in *casework.SubstitutionInput) { in.SubstituteID = "u-a2" })},
			{"substitute of another office", "substitute_id", "caseteam.not_in_office", with(func(in *casework.SubstitutionInput) { in.SubstituteID = "u-b1" })},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, err := tf.store.AddSubstitution(tf.ctx, tf.a2, tt.in)
				wantProblem(t, err, tt.field, tt.key)
			})
		}
		if n := tf.count(t, "SELECT COUNT(*) FROM case_substitutions"); n != 0 {
			t.Fatalf("refused substitutions stored: %d", n)
		}
		// Only the absent counselor or a lead names a substitute.
		if _, err := tf.store.AddSubstitution(tf.ctx, tf.a1, ok); !errors.Is(err, casework.ErrNotAllowed) {
			t.Fatalf("colleague named a substitute for someone else: %v", err)
		}
		if _, err := tf.store.AddSubstitution(tf.ctx, tf.b1, ok); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office: %v", err)
		}
		first, err := tf.store.AddSubstitution(tf.ctx, tf.lead, ok)
		if err != nil || first.CreatedBy != "u-lead" {
			t.Fatalf("lead adds: %+v %v", first, err)
		}
		_, err = tf.store.AddSubstitution(tf.ctx, tf.a2, with(func(in *casework.SubstitutionInput) { in.StartsOn = date(2026, 6, 7) }))
		wantProblem(t, err, "starts_on", "caseteam.overlap")
		if _, err := tf.store.AddSubstitution(tf.ctx, tf.a1, casework.SubstitutionInput{OfficeID: tf.officeB, AbsentID: "u-a1",
			SubstituteID: "u-a2", StartsOn: date(2026, 4, 1), EndsOn: date(2026, 4, 3)}); err != nil {
			t.Fatalf("a1 names a substitute in office B: %v", err)
		}

		// Lists: the people named see theirs, the lead all of office A, b1 none.
		lists := []struct {
			name string
			v    casework.Viewer
			want int
		}{
			{"absent", tf.a2, 2}, {"substitute", tf.a1, 2}, {"lead", tf.lead, 1}, {"other office", tf.b1, 0},
		}
		for _, tt := range lists {
			t.Run("list "+tt.name, func(t *testing.T) {
				got, err := tf.store.Substitutions(tf.ctx, tt.v)
				if err != nil || len(got) != tt.want {
					t.Fatalf("got %+v %v, want %d", got, err, tt.want)
				}
			})
		}
		if _, err := tf.store.Substitution(tf.ctx, tf.b1, first.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office reads a substitution: %v", err)
		}
		got, err := tf.store.Substitution(tf.ctx, tf.lead, first.ID)
		if err != nil || !got.InForce(date(2026, 3, 10)) || got.InForce(date(2026, 6, 8)) {
			t.Fatalf("lead reads: %+v %v", got, err)
		}
	})
}

// auditFilter selects the audit rows of exactly action about object id.
func auditFilter(action, id string) audit.Filter {
	return audit.Filter{ActionPrefix: action, ObjectID: id}
}

// TestMineWithCoverInOneOffice: a counselor of one office who covers a
// colleague of that office finds, under "mine", their own files and the
// colleague's (one index range per counselor, see Viewer.ownWithCovers),
// and not a third counselor's; counted and paged alike.
func TestMineWithCoverInOneOffice(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		a1, a2 := f.as(t, "u-a1"), f.as(t, "u-a2")
		own, covered, other := f.create(t, a1, f.adult()), f.create(t, a2, f.adult()), f.create(t, f.lead, f.adult())
		if _, err := f.store.AddSubstitution(f.ctx, a2, casework.SubstitutionInput{OfficeID: f.officeA, AbsentID: "u-a2",
			SubstituteID: "u-a1", StartsOn: f.clock.t, EndsOn: f.clock.t.AddDate(0, 0, 7)}); err != nil {
			t.Fatal(err)
		}
		page, err := f.store.Caseload(f.ctx, f.as(t, "u-a1"), casework.CaseQuery{Mine: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, it := range page.Rows {
			got[it.ID] = true
		}
		if !got[own.ID] || !got[covered.ID] || got[other.ID] || page.Total != 2 {
			t.Fatalf("mine: %v (total %d); want own %s and covered %s, not %s", got, page.Total, own.ID, covered.ID, other.ID)
		}
	})
}
