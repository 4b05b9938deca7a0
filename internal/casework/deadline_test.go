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

// planDue is a plan starting 2026-03-01 with one work goal whose measures
// are due on the given dates; a status of "" means open.
func planDue(review time.Time, measures ...casework.Measure) casework.PlanInput {
	for i := range measures {
		measures[i].Description, measures[i].Responsible = "Bewerbung", "client"
		if measures[i].Status == "" {
			measures[i].Status = "open"
		}
	}
	return casework.PlanInput{StartsOn: date(2026, 3, 1), ReviewOn: review,
		Goals: []casework.Goal{{Area: "work", Title: "Arbeit", Measures: measures}}}
}

// bucketsOf names the lists holding items of kind about file (and measure
// when not empty), e.g. "overdue,today".
func bucketsOf(d casework.Deadlines, kind, fileID, measureID string) string {
	var out []string
	for _, b := range []struct {
		name  string
		items []casework.Deadline
	}{{"overdue", d.Overdue}, {"today", d.Today}, {"week", d.ThisWeek}, {"upcoming", d.Upcoming}} {
		for _, it := range b.items {
			if it.Kind == kind && it.FileID == fileID && (measureID == "" || it.MeasureID == measureID) {
				out = append(out, b.name)
			}
		}
	}
	return strings.Join(out, ",")
}

func (f *fixture) deadlines(t *testing.T, v casework.Viewer, today time.Time) casework.Deadlines {
	t.Helper()
	if f.clock.t = today; today.Equal(date(today.Year(), today.Month(), today.Day())) {
		f.clock.set(today.Year(), today.Month(), today.Day()) // a date alone means 10:00 UTC
	}
	d, err := f.store.Deadlines(f.ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeadlinesMeasuresAndReviews(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		today := date(2026, 3, 10)
		a := f.create(t, f.a1, f.adult())
		p := f.savePlan(t, a.ID, 0, planDue(date(2026, 3, 12),
			casework.Measure{DueOn: date(2026, 3, 5)},
			casework.Measure{DueOn: today, ReviewOn: date(2026, 3, 9)},
			casework.Measure{DueOn: date(2026, 3, 17)},
			casework.Measure{DueOn: date(2026, 3, 18)},
			casework.Measure{DueOn: date(2026, 3, 4), Status: "done"},
			casework.Measure{DueOn: date(2026, 3, 3), Status: "cancelled", ReviewOn: date(2026, 3, 3)},
		))
		ms := p.Goals[0].Measures
		// Office B's file and a closed file of office A have overdue measures.
		inB := f.adult()
		inB.OfficeID = f.officeB
		b := f.create(t, f.b1, inB)
		if _, err := f.store.SavePlan(f.ctx, f.b1, b.ID, 0, planDue(date(2026, 3, 1), casework.Measure{DueOn: date(2026, 3, 2)})); err != nil {
			t.Fatal(err)
		}
		c := f.create(t, f.a1, f.adult())
		f.savePlan(t, c.ID, 0, planDue(date(2026, 3, 1), casework.Measure{DueOn: date(2026, 3, 2)}))
		if _, err := f.store.Close(f.ctx, f.a1, c.ID, c.Version, casework.CloseInput{Reason: "moved"}); err != nil {
			t.Fatal(err)
		}

		got := f.deadlines(t, f.a1, today)
		for _, tc := range []struct {
			kind, measure, want string
		}{
			{casework.KindMeasure, ms[0].ID, "overdue"},
			{casework.KindMeasure, ms[1].ID, "today"},
			{casework.KindReview, ms[1].ID, "overdue"},
			{casework.KindMeasure, ms[2].ID, "week"},
			{casework.KindMeasure, ms[3].ID, ""},
			{casework.KindMeasure, ms[4].ID, ""},
			{casework.KindMeasure, ms[5].ID, ""},
			{casework.KindReview, ms[5].ID, ""},
		} {
			if b := bucketsOf(got, tc.kind, a.ID, tc.measure); b != tc.want {
				t.Errorf("%s %s: got %q, want %q", tc.kind, tc.measure, b, tc.want)
			}
		}
		// The plan review (no measure ID) on 2026-03-12.
		var planReview []casework.Deadline
		for _, it := range got.ThisWeek {
			if it.Kind == casework.KindReview && it.MeasureID == "" {
				planReview = append(planReview, it)
			}
		}
		if len(planReview) != 1 || planReview[0].FileID != a.ID || planReview[0].FileCode != a.Code || !planReview[0].Due.Equal(date(2026, 3, 12)) {
			t.Fatalf("plan review: %+v", planReview)
		}
		if it := got.Overdue[0]; it.Kind != casework.KindMeasure || it.GoalArea != "work" || it.FileCode != a.Code || !it.Due.Equal(date(2026, 3, 5)) {
			t.Fatalf("first overdue item: %+v", it)
		}
		n := len(got.Overdue) + len(got.Today) + len(got.ThisWeek) + len(got.Upcoming)
		if n != 5 || got.Truncated {
			t.Fatalf("a1 sees %d items: %+v", n, got)
		}
		// Office B's file only for office B; the closed file for no one.
		if lead := f.deadlines(t, f.lead, today); len(lead.Overdue)+len(lead.Today)+len(lead.ThisWeek) != 5 {
			t.Fatalf("lead: %+v", lead)
		}
		// A colleague in the same office (visibility "office") sees a1's
		// files but not their deadlines: the list is per counselor.
		if colleague := f.deadlines(t, f.a2, today); len(colleague.Overdue)+len(colleague.Today)+len(colleague.ThisWeek)+len(colleague.Upcoming) != 0 {
			t.Fatalf("a2 sees a1's deadlines: %+v", colleague)
		}
		other := f.deadlines(t, f.b1, today)
		if len(other.Overdue) != 2 || other.Overdue[0].FileID != b.ID || other.Overdue[1].FileID != b.ID || len(other.Today)+len(other.ThisWeek) != 0 {
			t.Fatalf("b1: %+v", other)
		}
		if none := f.deadlines(t, casework.Viewer{}, today); len(none.Overdue) != 0 {
			t.Fatalf("viewer without offices: %+v", none)
		}
		// A time of day counts as its date in Lower Saxony.
		if late := f.deadlines(t, f.a1, time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC)); bucketsOf(late, casework.KindMeasure, a.ID, ms[1].ID) != "today" {
			t.Fatalf("23:30 UTC is the next day in Berlin: %+v", late)
		}
		recs := f.audited(t, "deadlines.read", "")
		if len(recs) != 5 {
			t.Fatalf("audit: %+v", recs)
		}
	})
}

func TestDeadlinesResidenceAndJMD(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		a := f.create(t, f.a1, f.adult())
		expires := date(2026, 6, 8)
		a, err := f.store.SetResidenceExpiry(f.ctx, f.a1, a.ID, a.Version, &expires)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.SetResidenceExpiry(f.ctx, f.a1, a.ID, a.Version-1, nil); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("stale expiry: %v", err)
		}
		if fields, err := f.store.DeadlineFieldsOf(f.ctx, f.a2, a.ID); err != nil || !fields.ResidenceExpiresOn.Equal(expires) || fields.BirthMonth != 0 {
			t.Fatalf("fields: %+v %v", fields, err)
		}
		for _, tc := range []struct {
			before int // days before expiry
			kind   string
			bucket string
		}{
			{91, casework.KindResidence90, ""},
			{90, casework.KindResidence90, "upcoming"},
			{31, casework.KindResidence90, "upcoming"},
			{30, casework.KindResidence30, "upcoming"},
			{7, casework.KindResidence30, "week"},
			{0, casework.KindResidence30, "today"},
			{-1, casework.KindResidenceExpired, "overdue"},
		} {
			got := f.deadlines(t, f.a1, expires.AddDate(0, 0, -tc.before))
			n := len(got.Overdue) + len(got.Today) + len(got.ThisWeek) + len(got.Upcoming)
			wantN := 0
			if tc.bucket != "" {
				wantN = 1
			}
			if b := bucketsOf(got, tc.kind, a.ID, ""); b != tc.bucket || n != wantN {
				t.Errorf("%d days before expiry: %s in %q, want %q (%d items)", tc.before, tc.kind, b, tc.bucket, n)
			}
		}
		// Clearing the date ends the reminders.
		if a, err = f.store.SetResidenceExpiry(f.ctx, f.a1, a.ID, a.Version, nil); err != nil {
			t.Fatal(err)
		}
		if got := f.deadlines(t, f.a1, expires); len(got.Today) != 0 {
			t.Fatalf("cleared expiry: %+v", got)
		}

		// A JMD client born 1999 turns 27 in 2026; the birthday is taken as
		// the first of the birth month. Today is 2026-03-10: the window
		// ends on 2026-06-08.
		jin := f.adult()
		jin.ProgramID, jin.BirthYear, jin.ArrivalYear = "jmd", 1999, 2015
		j := f.create(t, f.a1, jin)
		jb := f.create(t, f.b1, func() casework.FileInput { in := jin; in.OfficeID = f.officeB; return in }())
		if _, err := f.store.SetBirthMonth(f.ctx, f.b1, jb.ID, jb.Version, 4); err != nil {
			t.Fatal(err)
		}
		mbe := f.create(t, f.a1, func() casework.FileInput { in := f.adult(); in.BirthYear = 1999; return in }())
		if _, err := f.store.SetBirthMonth(f.ctx, f.a1, mbe.ID, mbe.Version, 4); err != nil {
			t.Fatal(err)
		}
		today := date(2026, 3, 10)
		if got := f.deadlines(t, f.a1, today); len(got.Upcoming) != 0 {
			t.Fatalf("no birth month, no reminder: %+v", got)
		}
		for _, tc := range []struct {
			month  int
			today  time.Time
			bucket string
		}{
			{3, today, "overdue"}, // 2026-03-01 has passed and the JMD file is still open
			{4, today, "upcoming"},
			{6, today, "upcoming"}, // 2026-06-01 ≤ 2026-06-08
			{7, today, ""},
			{7, date(2026, 4, 2), "upcoming"}, // window ends 2026-07-01
			{4, date(2026, 4, 1), "today"},
			{4, date(2026, 3, 26), "week"},
			{4, date(2026, 4, 2), "overdue"},
			{0, today, ""},
		} {
			if j, err = f.store.SetBirthMonth(f.ctx, f.a1, j.ID, j.Version, tc.month); err != nil {
				t.Fatal(err)
			}
			got := f.deadlines(t, f.a1, tc.today)
			n := len(got.Overdue) + len(got.Today) + len(got.ThisWeek) + len(got.Upcoming)
			if b := bucketsOf(got, casework.KindJMD27, j.ID, ""); b != tc.bucket || (tc.bucket == "") != (n == 0) {
				t.Errorf("month %d on %s: %q, want %q (%d items)", tc.month, tc.today.Format(time.DateOnly), b, tc.bucket, n)
			}
			if tc.bucket != "" && n == 1 {
				it := append(append(append(got.Overdue, got.Today...), got.ThisWeek...), got.Upcoming...)[0]
				if want := date(2026, time.Month(tc.month), 1); !it.Due.Equal(want) || it.FileCode != j.Code {
					t.Errorf("month %d: %+v", tc.month, it)
				}
			}
		}
		_, err = f.store.SetBirthMonth(f.ctx, f.a1, j.ID, j.Version, 13)
		wantProblem(t, err, "birth_month", "plan.birth_month_invalid")
		far := date(20260, 1, 1)
		_, err = f.store.SetResidenceExpiry(f.ctx, f.a1, j.ID, j.Version, &far)
		wantProblem(t, err, "residence_expires_on", "plan.date_implausible")
		if _, err := f.store.SetBirthMonth(f.ctx, f.b1, j.ID, j.Version, 4); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office: %v", err)
		}
		for _, action := range []string{"case.residence_expiry", "case.birth_month"} {
			for _, r := range f.audited(t, action, "") {
				if len(r.Detail) != 1 || (r.Detail["set"] != "true" && r.Detail["set"] != "false") {
					t.Errorf("%s detail: %+v", action, r.Detail)
				}
			}
		}
	})
}
