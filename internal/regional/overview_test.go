package regional_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// activityFixture writes a year of two regions' work straight into the
// tables, with the clock at 15 June 2026, 10:00 UTC:
//
//	hannover: held in 2026 m1 (4 invited: yes, no, unknown; one more
//	  yes), m2 (1 invited, came), m7 (31 Dec 2025 23:30 UTC, which is New
//	  Year in Lower Saxony); cancelled m3; m4 held in 2025; m5 and m6 to
//	  come; tasks t1 open and overdue, t2 open due today, t3 done in May,
//	  t4 agreed and done in 2025, t5 dropped; decisions twice in 2026, once
//	  in 2025.
//	braunschweig: b1 running now (held and next).
func activityFixture(t *testing.T, fx *fixture) {
	t.Helper()
	ctx := context.Background()
	d := fx.srv.App.DB
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := d.Exec(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	created := at("2026-01-05T09:00:00Z")
	meeting := func(id, region, start, state string) {
		s := at(start)
		exec(`INSERT INTO meetings (id, region_id, title, starts_at, ends_at, place, state, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'Rathaus', ?, ?, ?, ?)`, id, region, "Treffen "+id, s, s.Add(2*time.Hour), state, fx.coord.ID, created, created)
	}
	meeting("m1", "hannover", "2026-02-10T09:00:00Z", "planned")
	meeting("m2", "hannover", "2026-03-10T09:00:00Z", "planned")
	meeting("m3", "hannover", "2026-04-10T09:00:00Z", "cancelled")
	meeting("m4", "hannover", "2025-11-10T09:00:00Z", "planned")
	meeting("m5", "hannover", "2026-07-01T09:00:00Z", "planned")
	meeting("m6", "hannover", "2026-09-01T09:00:00Z", "planned")
	meeting("m7", "hannover", "2025-12-31T23:30:00Z", "planned")
	meeting("b1", "braunschweig", "2026-06-15T09:00:00Z", "planned")
	people := []string{fx.member.ID, fx.coord.ID, fx.ministry.ID, fx.other.ID}
	invite := func(m string, who int, attended any) {
		exec(`INSERT INTO meeting_invitations (meeting_id, user_id, capacity, attended, invited_at) VALUES (?, ?, 'representative', ?, ?)`,
			m, people[who], attended, created)
	}
	invite("m1", 0, true)
	invite("m1", 1, false)
	invite("m1", 2, nil)
	invite("m1", 3, true)
	invite("m2", 0, true)
	invite("m3", 0, nil)
	invite("m4", 0, true)
	invite("m5", 0, nil)
	exec(`INSERT INTO minutes (id, meeting_id, version, state, created_by, created_at, updated_at) VALUES ('mi1', 'm1', 1, 'approved', ?, ?, ?)`,
		fx.coord.ID, created, created)
	day := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	decision := func(id, on string) {
		exec(`INSERT INTO decisions (id, region_id, meeting_id, minutes_id, text, decided_on, created_by, created_at)
			VALUES (?, 'hannover', 'm1', 'mi1', 'Beschluss', ?, ?, ?)`, id, day(on), fx.coord.ID, created)
	}
	decision("d1", "2026-02-10")
	decision("d2", "2026-03-10")
	decision("d3", "2025-11-10")
	task := func(id, state, due, createdAt string, doneAt any) {
		exec(`INSERT INTO region_tasks (id, region_id, meeting_id, minutes_id, title, responsible_user_id, due_on, state,
			created_by, created_at, updated_at, done_at) VALUES (?, 'hannover', 'm1', 'mi1', 'Aufgabe', ?, ?, ?, ?, ?, ?, ?)`,
			id, fx.member.ID, day(due), state, fx.coord.ID, at(createdAt), at(createdAt), doneAt)
	}
	task("t1", "open", "2026-06-01", "2026-02-10T12:00:00Z", nil)
	task("t2", "open", "2026-06-15", "2026-02-10T12:00:00Z", nil)
	task("t3", "done", "2026-06-01", "2026-02-10T12:00:00Z", at("2026-05-01T08:00:00Z"))
	task("t4", "done", "2025-12-31", "2025-12-01T12:00:00Z", at("2025-12-20T08:00:00Z"))
	task("t5", "dropped", "2026-06-01", "2026-02-10T12:00:00Z", nil)
	fx.srv.Clock.Set(at("2026-06-15T10:00:00Z"))
}

// TestActivity counts a year's work per region: held meetings only
// (not cancelled, not to come, by Lower Saxony's calendar), invitations
// to them and attendance, tasks agreed and done, decisions.
func TestActivity(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		activityFixture(t, fx)
		ctx := context.Background()
		all, err := fx.s.Activity(ctx, fx.x(t, fx.ministry), 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]regional.RegionActivity{}
		for _, a := range all {
			got[a.RegionID] = a
		}
		if len(all) < 10 || got["hannover"].Region == "" {
			t.Fatalf("the ministry's activity lists %d regions: %+v", len(all), all)
		}
		want := regional.RegionActivity{RegionID: "hannover", Region: got["hannover"].Region, MeetingsHeld: 3, Invited: 5, Attended: 3,
			TasksCreated: 4, TasksDone: 1, Decisions: 2}
		if got["hannover"] != want {
			t.Errorf("hannover 2026\n%+v, want\n%+v", got["hannover"], want)
		}
		if r := got["hannover"].AttendanceRate(); r != 0.6 {
			t.Errorf("attendance rate %v, want 0.6", r)
		}
		if b := got["braunschweig"]; b.MeetingsHeld != 1 || b.Invited != 0 || b.AttendanceRate() != 0 || b.Decisions != 0 {
			t.Errorf("braunschweig 2026: %+v", b)
		}
		last, err := fx.s.Activity(ctx, fx.x(t, fx.ministry), 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range last {
			if a.RegionID == "hannover" && (a.MeetingsHeld != 1 || a.Invited != 1 || a.Attended != 1 || a.TasksCreated != 1 ||
				a.TasksDone != 1 || a.Decisions != 1) {
				t.Errorf("hannover 2025: %+v", a)
			}
		}
		mine, err := fx.s.Activity(ctx, fx.x(t, fx.coord), 2026)
		if err != nil || len(mine) != 1 || mine[0] != want {
			t.Errorf("the coordinator's own region: %+v, %v", mine, err)
		}
		if _, err := fx.s.Activity(ctx, fx.x(t, fx.member), 2026); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("a member: %v, want not found", err)
		}
	})
}

// TestOverview: per region the next meeting (a running one counts), open
// and overdue tasks, this year's decisions; for the ministry only.
func TestOverview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		activityFixture(t, fx)
		ctx := context.Background()
		rows, err := fx.s.Overview(ctx, fx.x(t, fx.ministry))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]regional.RegionOverview{}
		for i, r := range rows {
			got[r.RegionID] = r
			if i > 0 && rows[i-1].Region > r.Region {
				t.Errorf("not by name: %q before %q", rows[i-1].Region, r.Region)
			}
		}
		h := got["hannover"]
		if h.Next == nil || h.Next.ID != "m5" || h.Next.Region != h.Region || h.OpenTasks != 2 || h.OverdueTasks != 1 || h.Decisions != 2 {
			t.Errorf("hannover: %+v next %+v", h, h.Next)
		}
		if b := got["braunschweig"]; b.Next == nil || b.Next.ID != "b1" || b.OpenTasks != 0 {
			t.Errorf("braunschweig: %+v", b)
		}
		for id, r := range got {
			if id != "hannover" && id != "braunschweig" && (r.Next != nil || r.OpenTasks+r.Decisions != 0) {
				t.Errorf("%s has work: %+v", id, r)
			}
		}
		if _, err := fx.s.Overview(ctx, fx.x(t, fx.coord)); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("a coordinator: %v, want not found", err)
		}
		if _, err := fx.s.Overview(ctx, fx.x(t, fx.member)); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("a member: %v, want not found", err)
		}
	})
}
