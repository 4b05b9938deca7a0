package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// TestTodayIsTheDateInLowerSaxony moves the platform's one clock to the
// late evening of a day in winter, when Berlin is an hour ahead of UTC: a
// measure due that day is "today" on the deadlines page, the dashboard and
// the caseload's filter until midnight in Berlin, and overdue everywhere
// half an hour after it, while UTC still has the old date.
func TestTodayIsTheDateInLowerSaxony(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	due := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
	at := func(hour, minute int) time.Time { return time.Date(2026, 12, 10, hour, minute, 0, 0, clock.Berlin()) }
	srv.Clock.Set(at(9, 0))
	fx := newNetworkFixture(t, srv)
	acc := srv.CreateAccount(t, "abends@cases.example", perm.Counselor, perm.Office, fx.officeID)
	c := srv.NewClient(t)
	c.Login(t, acc)
	id := createCase(t, c, fx.officeID)
	v := casework.ViewerOf(srv.Principal(t, acc))
	if _, err := srv.App.Cases.SavePlan(context.Background(), v, id, 0, casework.PlanInput{StartsOn: due.AddDate(0, 0, -7),
		ReviewOn: due.AddDate(0, 3, 0), Goals: []casework.Goal{{Area: "work", Title: "Arbeit", Measures: []casework.Measure{
			{Description: "Bewerbung", Responsible: "client", DueOn: due, Status: "open"}}}}}); err != nil {
		t.Fatal(err)
	}
	f, err := srv.App.Cases.Get(context.Background(), v, id)
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name       string
		at         time.Time
		bucket     string // deadlines page section holding the measure
		dashboard  string
		filterHits string // caseload filter that lists the file
		filterMiss string // caseload filter that must not
	}{
		{"23:30 in Berlin (22:30 UTC)", at(23, 30), "today", "1 heute fällig", "today", "overdue"},
		{"00:30 in Berlin (23:30 UTC, still the 10th there)", at(24, 30), "overdue", "1 überfällig", "overdue", "today"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			srv.Clock.Set(st.at)
			c := srv.NewClient(t) // a fresh login at that hour
			c.Login(t, acc)
			body := caseGet(t, c, "/deadlines")
			if !strings.Contains(deadlineSection(t, body, st.bucket), f.Code) {
				t.Errorf("deadlines: the measure is not in %q", st.bucket)
			}
			if body := caseGet(t, c, "/dashboard"); !strings.Contains(apptest.Text(body), st.dashboard) {
				t.Errorf("dashboard lacks %q", st.dashboard)
			}
			if body := caseGet(t, c, "/cases?due="+st.filterHits); !strings.Contains(body, f.Code) {
				t.Errorf("caseload ?due=%s does not list the file", st.filterHits)
			}
			if body := caseGet(t, c, "/cases?due="+st.filterMiss); strings.Contains(body, f.Code) {
				t.Errorf("caseload ?due=%s lists the file", st.filterMiss)
			}
		})
	}
}
