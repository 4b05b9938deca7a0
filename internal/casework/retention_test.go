package casework_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestCloseReopenAndPurge(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		due := f.create(t, f.a1, f.adult())
		later := f.create(t, f.a1, f.adult())
		open := f.create(t, f.a1, f.adult())
		state := f.adult()
		state.ProgramID = "integrationsarbeit"
		longer := f.create(t, f.a1, state)
		f.consent(t, due.ID, "contact_data")
		if err := f.store.SetContactData(f.ctx, f.a1, due.ID, casework.ContactData{Name: "X"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.AddContact(f.ctx, f.a1, due.ID, casework.ContactInput{On: date(2026, 3, 3), Minutes: 30, Channel: "outreach", Topics: []string{"work"}}); err != nil {
			t.Fatal(err)
		}
		_, err := f.store.Close(f.ctx, f.a1, due.ID, due.Version, casework.CloseInput{On: date(2026, 3, 11), Reason: "moved"})
		wantProblem(t, err, "on", "case.close_future")
		_, err = f.store.Close(f.ctx, f.a1, due.ID, due.Version, casework.CloseInput{Reason: "bored"})
		wantProblem(t, err, "reason", "case.close_reason_invalid")
		closed := f.close(t, due, date(2026, 3, 9))
		if closed.Status != casework.Closed || !closed.DeleteAfter.Equal(date(2029, 3, 9)) || closed.CloseReason != "goals_reached" {
			t.Fatalf("closed: %+v", closed)
		}
		_, err = f.store.AddContact(f.ctx, f.a1, due.ID, casework.ContactInput{On: date(2026, 3, 10), Minutes: 5, Channel: "phone"})
		wantProblem(t, err, "status", "case.file_closed")
		f.close(t, later, date(2026, 3, 10))
		if c := f.close(t, longer, date(2026, 3, 9)); !c.DeleteAfter.Equal(date(2031, 3, 9)) {
			t.Fatalf("per-program retention: %v", c.DeleteAfter)
		}
		f.purge(t, time.Date(2029, 3, 8, 22, 59, 0, 0, time.UTC), 0) // 23:59 on 8 March in Hannover
		f.purge(t, time.Date(2029, 3, 8, 23, 0, 0, 0, time.UTC), 1)  // midnight: 9 March in Hannover
		f.assertGone(t, due.ID)
		if recs := f.audited(t, "case.erase", due.ID); len(recs) != 1 || recs[0].Detail["reason"] != "retention" || recs[0].ActorID != "" {
			t.Fatalf("purge audit: %+v", recs)
		}
		f.purge(t, time.Date(2029, 3, 9, 12, 0, 0, 0, time.UTC), 0)
		f.purge(t, time.Date(2029, 3, 10, 12, 0, 0, 0, time.UTC), 1)
		for _, id := range []string{open.ID, longer.ID} {
			if n := f.count(t, "SELECT COUNT(*) FROM client_files WHERE id = ?", id); n != 1 {
				t.Fatalf("file %s purged too early", id)
			}
		}
		if n := len(f.audited(t, "case.erase", "")); n != 2 {
			t.Fatalf("want 2 erasures audited, got %d", n)
		}
	})
}

func TestReopen(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		_, err := f.store.Reopen(f.ctx, f.a1, file.ID, file.Version)
		wantProblem(t, err, "status", "case.not_closed")
		closed := f.close(t, file, date(2026, 3, 9))
		_, err = f.store.Close(f.ctx, f.a1, file.ID, closed.Version, casework.CloseInput{Reason: "moved"})
		wantProblem(t, err, "status", "case.already_closed")
		f.clock.set(2027, time.January, 5)
		reopened, err := f.store.Reopen(f.ctx, f.a2, file.ID, closed.Version)
		if err != nil || reopened.Status != casework.Open || !reopened.DeleteAfter.IsZero() || !reopened.ClosedOn.IsZero() || reopened.Version != 3 {
			t.Fatalf("reopen: %+v %v", reopened, err)
		}
		again := f.close(t, reopened, date(2027, 1, 5))
		f.clock.set(2030, time.January, 5) // past the deletion date, not yet purged
		_, err = f.store.Reopen(f.ctx, f.a1, file.ID, again.Version)
		wantProblem(t, err, "status", "case.retention_expired")
		if len(f.audited(t, "case.close", file.ID)) != 2 || len(f.audited(t, "case.reopen", file.ID)) != 1 {
			t.Fatal("close/reopen not audited")
		}
	})
}

func (f *fixture) close(t *testing.T, file *casework.File, on time.Time) *casework.File {
	t.Helper()
	closed, err := f.store.Close(f.ctx, f.a1, file.ID, file.Version, casework.CloseInput{On: on, Reason: "goals_reached"})
	if err != nil {
		t.Fatal(err)
	}
	return closed
}

func (f *fixture) purge(t *testing.T, now time.Time, want int) {
	t.Helper()
	f.clock.t = now
	if n, err := f.store.PurgeDue(f.ctx); err != nil || n != want {
		t.Fatalf("PurgeDue(%v) = %d, %v; want %d", now, n, err, want)
	}
}
