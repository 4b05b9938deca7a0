package casework_test

import (
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestTransfer(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		if _, err := f.store.AddContact(f.ctx, f.a1, file.ID, casework.ContactInput{On: f.clock.today(), Minutes: 30,
			Channel: "phone", Topics: []string{"housing"}}); err != nil {
			t.Fatal(err)
		}
		file, _ = f.store.Get(f.ctx, f.a1, file.ID)

		// A colleague who merely sees the file (office visibility) may not hand it on.
		if _, err := f.store.Transfer(f.ctx, f.a2, file.ID, file.Version, "u-a2"); !errors.Is(err, casework.ErrNotAllowed) {
			t.Fatalf("colleague transferred a file: %v", err)
		}
		if err := f.store.SetVisibility(f.ctx, f.lead, f.officeA, casework.VisibilityOwn); err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name, to, key string
		}{
			{"no target", "", "caseteam.transfer_to_required"},
			{"to the counselor", "u-a1", "caseteam.transfer_same"},
			{"other office", "u-b1", "caseteam.not_in_office"},
			{"unknown user", "u-nobody", "caseteam.not_in_office"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.store.Transfer(f.ctx, f.a1, file.ID, file.Version, tt.to)
				wantProblem(t, err, "to", tt.key)
			})
		}
		if _, err := f.store.Transfer(f.ctx, f.b1, file.ID, file.Version, "u-b1"); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office's counselor: %v", err)
		}

		moved, err := f.store.Transfer(f.ctx, f.a1, file.ID, file.Version, "u-a2")
		if err != nil || moved.CounselorID != "u-a2" || moved.Version != file.Version+1 {
			t.Fatalf("transfer: %+v %v", moved, err)
		}
		// In an "own" office the file moved with its counselor.
		if _, err := f.store.Get(f.ctx, f.a1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("previous counselor still sees the file: %v", err)
		}
		got, err := f.store.Get(f.ctx, f.a2, file.ID)
		if err != nil || got.CounselorID != "u-a2" || got.Version != 2 {
			t.Fatalf("new counselor: %+v %v", got, err)
		}
		// The topic filter follows the file to its new counselor.
		for who, want := range map[string]int{"u-a1": 0, "u-a2": 1} {
			page, err := f.store.Caseload(f.ctx, f.as(t, who), casework.CaseQuery{TopicID: "housing", Mine: true})
			if err != nil || page.Total != want {
				t.Errorf("%s: topic filter after the transfer lists %d files, want %d (%v)", who, page.Total, want, err)
			}
		}
		recs := f.audited(t, "case.transfer", file.ID)
		if len(recs) != 1 || recs[0].Detail["from"] != "u-a1" || recs[0].Detail["to"] != "u-a2" || recs[0].ActorID != "u-a1" {
			t.Fatalf("transfer audit: %+v", recs)
		}

		// The lead may hand it back; an old version is stale and changes nothing.
		if _, err := f.store.Transfer(f.ctx, f.lead, file.ID, file.Version, "u-a1"); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("stale transfer: %v", err)
		}
		if _, err := f.store.Transfer(f.ctx, f.lead, file.ID, got.Version, "u-lead"); err != nil {
			t.Fatalf("lead transfer to themselves: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM client_files WHERE id = ? AND counselor_id = 'u-lead' AND version = 3", file.ID); n != 1 {
			t.Fatal("lead's transfer not stored")
		}
		if n := len(f.audited(t, "case.transfer", file.ID)); n != 2 {
			t.Fatalf("want 2 audited transfers, got %d", n)
		}
	})
}

func TestColleagues(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		// A membership makes b1 a lead of office A too; a disabled account is left out.
		if _, err := d.Exec(f.ctx, `INSERT INTO memberships (user_id, role, scope_kind, scope_key, office_id, created_at)
			VALUES ('u-b1', 'office_lead', 'office', ?, ?, ?)`, f.officeA, f.officeA, clock.System().Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(f.ctx, "UPDATE users SET disabled = ? WHERE id = 'u-a2'", true); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.Colleagues(f.ctx, f.a1, f.officeA)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{"u-a1": false, "u-lead": true, "u-b1": true}
		if len(got) != len(want) {
			t.Fatalf("colleagues: %+v", got)
		}
		for _, c := range got {
			if lead, ok := want[c.UserID]; !ok || lead != c.Lead {
				t.Errorf("colleague %+v unexpected", c)
			}
		}
		if _, err := f.store.Colleagues(f.ctx, f.a1, f.officeB); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("colleagues of another office: %v", err)
		}
	})
}

func TestProgramRetentionYears(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		if n := f.count(t, "SELECT COUNT(*) FROM programs WHERE retention_years <> 3"); n != 0 {
			t.Fatalf("%d programs without the default of 3 years", n)
		}
		if _, err := d.Exec(f.ctx, "UPDATE programs SET retention_years = 7 WHERE id = 'mbe'"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(f.ctx, "UPDATE programs SET retention_years = 31 WHERE id = 'mbe'"); err == nil {
			t.Fatal("retention_years accepted 31")
		}
		jmd := f.adult()
		jmd.ProgramID, jmd.BirthYear, jmd.ArrivalYear = "jmd", 2005, 2016
		tests := []struct {
			name string
			in   casework.FileInput
			want int
		}{
			{"program setting", f.adult(), 7},
			{"default", jmd, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				file := f.create(t, f.a1, tt.in)
				closed, err := f.store.Close(f.ctx, f.a1, file.ID, file.Version, casework.CloseInput{On: date(2026, 3, 9), Reason: "moved"})
				if err != nil || !closed.DeleteAfter.Equal(date(2026+tt.want, 3, 9)) {
					t.Fatalf("closed: %v %v", closed, err)
				}
			})
		}
	})
}
