package casework_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// seedCaseload writes, through Seed, 30 files in office A (u-a1) and 5 in
// office B: every third file closed, file 0 with an overdue measure, file 1
// with one due today, file 2 with a plan review in 5 days, file 3 with a
// housing contact. Today is 2026-03-10.
func seedCaseload(t *testing.T, f *fixture) casework.SeedStats {
	t.Helper()
	today := date(2026, 3, 10)
	var files []casework.SeedFile
	for i := range 35 {
		office, counselor := f.officeA, "u-a1"
		if i >= 30 {
			office, counselor = f.officeB, "u-b1"
		}
		sf := casework.SeedFile{CounselorID: counselor, FileInput: casework.FileInput{OfficeID: office, ProgramID: "mbe",
			IntakeOn: today.AddDate(0, 0, -i), BirthYear: 1980, Gender: "female", ResidenceStatus: "temporary"},
			Consents: []casework.ConsentInput{{Purpose: "counseling", GivenOn: today.AddDate(0, 0, -i), Form: "written"}},
			Contacts: []casework.ContactInput{{On: today.AddDate(0, 0, -i), Minutes: 45, Channel: "in_person", Topics: []string{"work"}, Note: "Notiz"}}}
		if i%3 == 2 && i > 2 {
			sf.Closed = &casework.CloseInput{On: today, Reason: "goals_reached"}
		}
		plan := func(due, review time.Time) *casework.PlanInput {
			return &casework.PlanInput{StartsOn: today.AddDate(0, -1, 0), ReviewOn: review, Goals: []casework.Goal{{Area: "work",
				Title: "Arbeit", Measures: []casework.Measure{{Description: "Bewerbung", Responsible: "client", DueOn: due, Status: "open"}}}}}
		}
		switch i {
		case 0:
			sf.Plan = plan(today.AddDate(0, 0, -3), today.AddDate(0, 2, 0))
		case 1:
			sf.Plan = plan(today, today.AddDate(0, 2, 0))
		case 2:
			sf.Plan = plan(today.AddDate(0, 1, 0), today.AddDate(0, 0, 5))
		case 3:
			sf.Contacts[0].Topics = []string{"housing"}
		}
		files = append(files, sf)
	}
	st, err := f.store.Seed(f.ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSeedAndCaseload(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		st := seedCaseload(t, f)
		if st.Files != 35 || st.Contacts != 35 || st.Plans != 3 || st.Measures != 3 || st.Closed != 10 {
			t.Fatalf("seed stats %+v", st)
		}
		all, err := f.store.Caseload(f.ctx, f.a1, casework.CaseQuery{})
		if err != nil || all.Total != 30 || len(all.Rows) != 30 {
			t.Fatalf("all: total %d rows %d %v", all.Total, len(all.Rows), err)
		}
		newest := all.Rows[0]
		if !newest.NextDue.Equal(date(2026, 3, 7)) || !all.Rows[3].NextDue.IsZero() {
			t.Errorf("next due: %v, %v", newest.NextDue, all.Rows[3].NextDue)
		}
		// The seeded file reads back decrypted through the normal path.
		got, err := f.store.Get(f.ctx, f.a1, newest.ID)
		if err != nil || len(got.Contacts) != 1 || got.Contacts[0].Note != "Notiz" {
			t.Fatalf("seeded file: %+v %v", got, err)
		}
		if p, err := f.store.Plan(f.ctx, f.a1, newest.ID); err != nil || p.Version != 1 || p.Goals[0].Measures[0].Description != "Bewerbung" {
			t.Fatalf("seeded plan: %+v %v", p, err)
		}
		tests := []struct {
			name  string
			v     casework.Viewer
			q     casework.CaseQuery
			total int
			first string // code of the first row, "" = don't check
		}{
			{"code without hyphens, lower case", f.a1, casework.CaseQuery{Code: "kmn" + newest.Code[4:8] + newest.Code[9:]}, 1, newest.Code},
			{"code part with hyphen", f.a1, casework.CaseQuery{Code: newest.Code[6:11]}, -1, ""},
			{"closed", f.a1, casework.CaseQuery{Status: casework.Closed}, 9, ""},
			{"open", f.a1, casework.CaseQuery{Status: casework.Open}, 21, newest.Code},
			{"program without files", f.a1, casework.CaseQuery{ProgramID: "jmd"}, 0, ""},
			{"overdue", f.a1, casework.CaseQuery{Due: casework.DueOverdue}, 1, newest.Code},
			{"today", f.a1, casework.CaseQuery{Due: casework.DueToday}, 1, all.Rows[1].Code},
			{"week: today and the review in 5 days", f.a1, casework.CaseQuery{Due: casework.DueWeek}, 2, all.Rows[1].Code},
			{"topic housing", f.a1, casework.CaseQuery{TopicID: "housing"}, 1, all.Rows[3].Code},
			{"topic work", f.a1, casework.CaseQuery{TopicID: "work"}, 29, ""},
			{"second page", f.a1, casework.CaseQuery{Offset: 25, Limit: 25}, 30, all.Rows[25].Code},
			{"other office sees its own only", f.b1, casework.CaseQuery{}, 5, ""},
			{"other office cannot find A's code", f.b1, casework.CaseQuery{Code: newest.Code}, 0, ""},
			{"nobody", casework.Viewer{}, casework.CaseQuery{}, 0, ""},
			{"search text that is no code", f.a1, casework.CaseQuery{Code: "%'_;--"}, 0, ""},
			{"SQL in the search is text", f.a1, casework.CaseQuery{Code: "' OR 1=1 --"}, 0, ""},
		}
		for _, tc := range tests {
			page, err := f.store.Caseload(f.ctx, tc.v, tc.q)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if tc.total >= 0 && page.Total != tc.total {
				t.Errorf("%s: total %d, want %d", tc.name, page.Total, tc.total)
			}
			if tc.total < 0 && (page.Total < 1 || page.Rows[0].Code == "") {
				t.Errorf("%s: nothing found", tc.name)
			}
			if tc.first != "" && (len(page.Rows) == 0 || page.Rows[0].Code != tc.first) {
				t.Errorf("%s: first row %+v, want %s", tc.name, page.Rows, tc.first)
			}
		}
		// A contact recorded through the form path counts for the topic
		// filter too.
		if _, err := f.store.AddContact(f.ctx, f.a1, all.Rows[4].ID, casework.ContactInput{On: date(2026, 3, 9), Minutes: 20,
			Channel: "phone", Topics: []string{"health"}}); err != nil {
			t.Fatal(err)
		}
		if page, err := f.store.Caseload(f.ctx, f.a1, casework.CaseQuery{TopicID: "health"}); err != nil || page.Total != 1 ||
			page.Rows[0].ID != all.Rows[4].ID {
			t.Errorf("topic of an added contact: %+v %v", page, err)
		}
		if n := len(f.audited(t, "case.seed", "")); n != 1 {
			t.Errorf("case.seed audited %d times", n)
		}
	})
}

func TestSeedContinuesCodes(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		seedCaseload(t, f)
		seedCaseload(t, f) // a second run adds 35 more files with new codes
		page, err := f.store.Caseload(f.ctx, f.a1, casework.CaseQuery{Limit: casework.MaxCaseloadPage})
		if err != nil || page.Total != 60 {
			t.Fatalf("total %d %v", page.Total, err)
		}
		seen := map[string]bool{}
		for _, r := range page.Rows {
			if seen[r.Code] || len(r.Code) != 13 {
				t.Fatalf("code %q repeated or malformed", r.Code)
			}
			seen[r.Code] = true
		}
	})
}
