package casework_test

import (
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// TestDeadlinesAgreeEverywhere generates client files with plans, closed
// files among them, and checks for a counselor, a lead and a counselor of
// another office that the deadline page's counts (the dashboard shows the
// same numbers), the dashboard's summary, its lists and the caseload's due filters name the same
// files, and that no closed file is ever overdue.
func TestDeadlinesAgreeEverywhere(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		st, err := demo.GenerateClients(f.ctx, f.store, demo.ClientOptions{Clients: 300, ContactsPerClient: 2, Today: f.clock.t, Seed: 7})
		if err != nil || st.Files != 300 {
			t.Fatalf("generate: %+v %v", st, err)
		}
		for name, v := range map[string]casework.Viewer{"counselor": f.as(t, "u-a1"), "lead": f.as(t, "u-lead"), "other office": f.as(t, "u-b1")} {
			t.Run(name, func(t *testing.T) {
				dl, err := f.store.Deadlines(f.ctx, v)
				if err != nil {
					t.Fatal(err)
				}
				if dl.Truncated {
					t.Fatal("lists truncated: use fewer files")
				}
				c := dl.Counts
				if c.Overdue != len(dl.Overdue) || c.Today != len(dl.Today) || c.ThisWeek != len(dl.ThisWeek) || c.Upcoming != len(dl.Upcoming) {
					t.Fatalf("counts %+v disagree with the lists (%d, %d, %d, %d)", c, len(dl.Overdue), len(dl.Today), len(dl.ThisWeek), len(dl.Upcoming))
				}
				if c.Overdue == 0 || c.Today+c.ThisWeek+c.Upcoming == 0 {
					t.Fatalf("generated data has no deadlines in some section: %+v", c)
				}
				// The dashboard's summary: the same counts, and its first
				// items are the page's first items in date order.
				sum, err := f.store.DeadlineSummary(f.ctx, v, 5)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Counts != c {
					t.Errorf("dashboard counts %+v, deadline page %+v", sum.Counts, c)
				}
				page := slices.Concat(dl.Overdue, dl.Today, dl.ThisWeek, dl.Upcoming)
				if len(sum.Next) != min(5, len(page)) {
					t.Fatalf("dashboard lists %d items of %d", len(sum.Next), len(page))
				}
				for i, it := range sum.Next {
					if it.Due != page[i].Due || it.Kind != page[i].Kind {
						t.Errorf("dashboard item %d: %s %s, page: %s %s", i, it.Kind, it.Due, page[i].Kind, page[i].Due)
					}
				}
				for _, due := range []struct {
					filter string
					items  []casework.Deadline
				}{{casework.DueOverdue, dl.Overdue}, {casework.DueToday, dl.Today}} {
					page, err := f.store.Caseload(f.ctx, v, casework.CaseQuery{Due: due.filter, Mine: true})
					if err != nil {
						t.Fatal(err)
					}
					want := filesOf(due.items)
					var got []string
					for _, r := range page.Rows {
						got = append(got, r.ID)
						if r.Status != casework.Open {
							t.Errorf("closed file %s in the %s filter", r.Code, due.filter)
						}
					}
					slices.Sort(got)
					if page.Total != len(want) || !slices.Equal(got, want) {
						t.Errorf("?due=%s lists %d files, the deadline page %d", due.filter, page.Total, len(want))
					}
				}
				// A file's next deadline is overdue exactly when the page
				// lists an overdue item of it.
				all, err := f.store.Caseload(f.ctx, v, casework.CaseQuery{Mine: true})
				if err != nil {
					t.Fatal(err)
				}
				overdue := filesOf(dl.Overdue)
				for _, r := range all.Rows {
					late := !r.NextDue.IsZero() && r.NextDue.Before(f.clock.today())
					if late != slices.Contains(overdue, r.ID) {
						t.Errorf("file %s: next deadline %s overdue=%v, on the overdue list=%v", r.Code, r.NextDue, late, !late)
					}
					if r.Status == casework.Closed && !r.NextDue.IsZero() {
						t.Errorf("closed file %s has a next deadline", r.Code)
					}
				}
			})
		}
	})
}

// filesOf lists the distinct files of items, sorted.
func filesOf(items []casework.Deadline) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it.FileID) {
			out = append(out, it.FileID)
		}
	}
	slices.Sort(out)
	return out
}
