package casework_test

import (
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestCreateReadAndScope(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		if len(file.Code) != 13 || file.Code[:4] != "KMN-" || file.Status != casework.Open || file.Version != 1 ||
			file.CounselorID != "u-a1" || file.Country != "SY" || !file.IntakeOn.Equal(date(2026, 3, 2)) || file.ArrivalYear != 2016 {
			t.Fatalf("created file: %+v", file)
		}
		got, err := f.store.Get(f.ctx, f.a1, file.ID)
		if err != nil || got.Code != file.Code || got.ContactData != nil {
			t.Fatalf("get: %+v %v", got, err)
		}
		if n := len(f.audited(t, "case.read", file.ID)); n != 1 {
			t.Fatalf("want 1 audited read, got %d", n)
		}
		if len(f.audited(t, "case.create", file.ID)) != 1 {
			t.Fatal("create not audited")
		}
		nobody := casework.Viewer{}
		otherOffice := f.create(t, f.b1, casework.FileInput{OfficeID: f.officeB, ProgramID: "jmd", IntakeOn: date(2026, 3, 2),
			BirthYear: 2005, Gender: "male", ResidenceStatus: "not_stated"})
		tests := []struct {
			name string
			v    casework.Viewer
			id   string
			want error
		}{
			{"colleague, office visibility", f.a2, file.ID, nil},
			{"lead", f.lead, file.ID, nil},
			{"other office", f.b1, file.ID, casework.ErrNotFound},
			{"other office, reverse", f.a1, otherOffice.ID, casework.ErrNotFound},
			{"no offices (partner, ministry, admin)", nobody, file.ID, casework.ErrNotFound},
			{"missing", f.a1, "no-such-id", casework.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := f.store.Get(f.ctx, tt.v, tt.id); !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
			})
		}
		if _, err := f.store.Create(f.ctx, f.a1, casework.FileInput{OfficeID: f.officeB}); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("created a file in another office: %v", err)
		}
		if list, err := f.store.List(f.ctx, nobody); err != nil || len(list) != 0 {
			t.Fatalf("partner list: %v %v", list, err)
		}
	})
}

func TestOwnVisibility(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		mine := f.create(t, f.a1, f.adult())
		theirs := f.create(t, f.a2, f.adult())
		// Only a lead of the office decides; a counselor and another office may not.
		if err := f.store.SetVisibility(f.ctx, f.a1, f.officeA, casework.VisibilityOwn); !errors.Is(err, casework.ErrNotAllowed) {
			t.Fatalf("counselor set the visibility: %v", err)
		}
		if err := f.store.SetVisibility(f.ctx, f.b1, f.officeA, casework.VisibilityOwn); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office set the visibility: %v", err)
		}
		wantProblem(t, f.store.SetVisibility(f.ctx, f.lead, f.officeA, "team"), "visibility", "validation.choice")
		if err := f.store.SetVisibility(f.ctx, f.lead, f.officeA, casework.VisibilityOwn); err != nil {
			t.Fatal(err)
		}
		if vis, err := f.store.Visibility(f.ctx, f.a1, f.officeA); err != nil || vis != casework.VisibilityOwn {
			t.Fatalf("visibility read back: %q %v", vis, err)
		}
		if len(f.audited(t, "case.visibility", f.officeA)) != 1 {
			t.Fatal("visibility change not audited")
		}
		if _, err := f.store.Get(f.ctx, f.a1, theirs.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("own visibility: a colleague's file is visible: %v", err)
		}
		if _, err := f.store.Get(f.ctx, f.a1, mine.ID); err != nil {
			t.Fatalf("own file: %v", err)
		}
		list, err := f.store.List(f.ctx, f.a1)
		if err != nil || len(list) != 1 || list[0].ID != mine.ID {
			t.Fatalf("own list: %+v %v", list, err)
		}
		all, err := f.store.List(f.ctx, f.lead)
		if err != nil || len(all) != 2 {
			t.Fatalf("lead list: %+v %v", all, err)
		}
		if _, err := f.store.Get(f.ctx, f.lead, theirs.ID); err != nil {
			t.Fatalf("lead: %v", err)
		}
		if _, err := d.Exec(f.ctx, "UPDATE case_office_settings SET visibility = 'team' WHERE office_id = ?", f.officeA); err == nil {
			t.Fatal("visibility accepted an unknown value")
		}
		// Back to the whole office: the colleague's file is visible again.
		if err := f.store.SetVisibility(f.ctx, f.lead, f.officeA, casework.VisibilityOffice); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Get(f.ctx, f.a1, theirs.ID); err != nil {
			t.Fatalf("office visibility: %v", err)
		}
	})
}

func TestStaleVersion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		in := f.adult()
		in.Gender = "not_stated"
		updated, err := f.store.Update(f.ctx, f.a1, file.ID, file.Version, in)
		if err != nil || updated.Version != 2 || updated.Gender != "not_stated" {
			t.Fatalf("update: %+v %v", updated, err)
		}
		if recs := f.audited(t, "case.update", file.ID); len(recs) != 1 || recs[0].Detail["fields"] != "gender" {
			t.Fatalf("update audit: %+v", recs)
		}
		in.Gender = "diverse"
		if _, err := f.store.Update(f.ctx, f.a2, file.ID, file.Version, in); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		if _, err := f.store.Close(f.ctx, f.a2, file.ID, file.Version, casework.CloseInput{Reason: "moved"}); !errors.Is(err, casework.ErrStale) {
			t.Fatalf("stale close: %v", err)
		}
		got, _ := f.store.Get(f.ctx, f.a1, file.ID)
		if got.Gender != "not_stated" || got.Status != casework.Open || got.Version != 2 {
			t.Fatalf("a stale write changed the file: %+v", got)
		}
	})
}
