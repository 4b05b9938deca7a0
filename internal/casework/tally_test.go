package casework_test

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// year2025 is the period of the tally tests.
var year2025 = casework.TallyQuery{From: date(2025, 1, 1), To: date(2025, 12, 31)}

// seedTallies writes eight files around year2025. Active in it are f1, f2,
// f3, f5, f6 and f8; new f2, f3, f6 and f8; closed f3 and f6. Ages at the
// end of 2025 and years since arrival sit on the groups' edges.
func (f *fixture) seedTallies(t *testing.T) {
	t.Helper()
	file := func(office, program, counselor string, intake string, birth int, gender, country, lang, residence string, arrival int) casework.SeedFile {
		return casework.SeedFile{CounselorID: counselor, FileInput: casework.FileInput{OfficeID: office, ProgramID: program,
			IntakeOn: isoDate(t, intake), BirthYear: birth, Gender: gender, Country: country, FirstLanguage: lang,
			ResidenceStatus: residence, ArrivalYear: arrival}}
	}
	closed := func(s casework.SeedFile, on, reason string) casework.SeedFile {
		s.Closed = &casework.CloseInput{On: isoDate(t, on), Reason: reason}
		return s
	}
	contact := func(on, channel, lang string, interpreter bool, topics ...string) casework.ContactInput {
		return casework.ContactInput{On: isoDate(t, on), Minutes: 30, Channel: channel, Language: lang, Interpreter: interpreter, Topics: topics}
	}
	plan := func(goals ...casework.Goal) *casework.PlanInput {
		return &casework.PlanInput{StartsOn: date(2024, 1, 1), ReviewOn: date(2026, 6, 1), Goals: goals}
	}
	goal := func(area, outcome string) casework.Goal {
		return casework.Goal{Area: area, Title: "Ziel", Outcome: outcome}
	}

	A, B := f.officeA, f.officeB
	f1 := file(A, "mbe", "u-a1", "2024-06-01", 1960, "female", "sy", "ar", "humanitarian", 2022) // 65, 3 years
	f1.Contacts = []casework.ContactInput{
		contact("2024-12-31", "phone", "ar", true, "work"), // the day before the period
		contact("2025-01-01", "in_person", "ar", false, "work", "health"),
	}
	f1.Plan = plan(goal("work", "reached"), goal("language", ""))
	f2 := file(A, "mbe", "u-a2", "2025-12-31", 2008, "male", "", "", "asylum_pending", 2025) // 17, 0 years
	f2.Contacts = []casework.ContactInput{contact("2025-12-31", "video", "", true, "work")}
	f3 := closed(file(A, "jmd", "u-a1", "2025-01-01", 1999, "diverse", "af", "fa", "tolerated", 0), "2025-01-01", "moved") // 26
	f3.Contacts = []casework.ContactInput{contact("2025-01-01", "in_person", "fa", true)}
	f4 := closed(file(A, "mbe", "u-a1", "2023-01-01", 1980, "not_stated", "ua", "uk", "temporary", 2022), "2024-12-31", "goals_reached")
	f4.Plan = plan(goal("housing", "reached"))
	f5 := closed(file(A, "mbe", "u-a1", "2024-01-01", 1970, "female", "tr", "tr", "permanent", 2014), "2026-01-01", "referred") // 55, 11 years
	f5.Plan = plan(goal("family", "not_reached"))
	f6 := closed(file(B, "mbe", "u-b1", "2025-03-01", 1971, "male", "sy", "ar", "humanitarian", 2024), "2025-12-31", "no_contact") // 54, 1 year
	f6.Contacts = []casework.ContactInput{contact("2025-05-05", "phone", "de", false, "housing")}
	f6.Plan = plan(goal("work", "partly"))
	f7 := file(A, "mbe", "u-a1", "2026-01-01", 1985, "female", "sy", "ar", "humanitarian", 2016) // the day after the period
	f7.Contacts = []casework.ContactInput{contact("2026-01-02", "phone", "ar", false, "work")}
	f7.Plan = plan(goal("health", ""))
	f8 := file(A, "mbe", "u-a2", "2025-06-01", 1998, "female", "sy", "ar", "humanitarian", 2015) // 27, 10 years
	if _, err := f.store.Seed(f.ctx, []casework.SeedFile{f1, f2, f3, f4, f5, f6, f7, f8}); err != nil {
		t.Fatal(err)
	}
}

func isoDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func tally(office, program, key string, n int) casework.Tally {
	return casework.Tally{OfficeID: office, ProgramID: program, Key: key, N: n}
}

// wantTallies fails unless got holds exactly want, ordered by office,
// program and key.
func wantTallies(t *testing.T, got []casework.Tally, err error, want ...casework.Tally) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(want, func(a, b casework.Tally) int {
		return cmp.Or(strings.Compare(a.OfficeID, b.OfficeID), strings.Compare(a.ProgramID, b.ProgramID), strings.Compare(a.Key, b.Key))
	})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tallies\n got %v\nwant %v", got, want)
	}
}

func TestClientTallies(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.seedTallies(t)
		A, B := f.officeA, f.officeB
		mine, inB := year2025, year2025
		mine.Counselor, inB.Office = "u-a1", B
		a2InA := year2025
		a2InA.Counselor, a2InA.Office = "u-a2", A
		for _, c := range []struct {
			name    string
			q       casework.TallyQuery
			measure casework.ClientMeasure
			field   casework.ClientField
			want    []casework.Tally
		}{
			{"active by program", year2025, casework.Active, casework.ByProgram,
				[]casework.Tally{tally(A, "jmd", "jmd", 1), tally(A, "mbe", "mbe", 4), tally(B, "mbe", "mbe", 1)}},
			{"active by age", year2025, casework.Active, casework.ByAge, []casework.Tally{tally(A, "jmd", "18-26", 1),
				tally(A, "mbe", "0-17", 1), tally(A, "mbe", "27-39", 1), tally(A, "mbe", "55-64", 1), tally(A, "mbe", "65+", 1),
				tally(B, "mbe", "40-54", 1)}},
			{"active by gender", year2025, casework.Active, casework.ByGender, []casework.Tally{tally(A, "jmd", "diverse", 1),
				tally(A, "mbe", "female", 3), tally(A, "mbe", "male", 1), tally(B, "mbe", "male", 1)}},
			{"active by country", year2025, casework.Active, casework.ByCountry, []casework.Tally{tally(A, "jmd", "af", 1),
				tally(A, "mbe", "sy", 2), tally(A, "mbe", "tr", 1), tally(A, "mbe", "unknown", 1), tally(B, "mbe", "sy", 1)}},
			{"active by language", year2025, casework.Active, casework.ByLanguage, []casework.Tally{tally(A, "jmd", "fa", 1),
				tally(A, "mbe", "ar", 2), tally(A, "mbe", "tr", 1), tally(A, "mbe", "unknown", 1), tally(B, "mbe", "ar", 1)}},
			{"active by residence", year2025, casework.Active, casework.ByResidence, []casework.Tally{tally(A, "jmd", "tolerated", 1),
				tally(A, "mbe", "asylum_pending", 1), tally(A, "mbe", "humanitarian", 2), tally(A, "mbe", "permanent", 1),
				tally(B, "mbe", "humanitarian", 1)}},
			{"active by arrival", year2025, casework.Active, casework.ByArrival, []casework.Tally{tally(A, "jmd", "unknown", 1),
				tally(A, "mbe", "0", 1), tally(A, "mbe", "3-5", 1), tally(A, "mbe", "6-10", 1), tally(A, "mbe", "11+", 1),
				tally(B, "mbe", "1-2", 1)}},
			// f5 closed after the period: open in it.
			{"active by close reason", year2025, casework.Active, casework.ByCloseReason, []casework.Tally{tally(A, "jmd", "moved", 1),
				tally(A, "mbe", "open", 4), tally(B, "mbe", "no_contact", 1)}},
			{"new by program", year2025, casework.New, casework.ByProgram,
				[]casework.Tally{tally(A, "jmd", "jmd", 1), tally(A, "mbe", "mbe", 2), tally(B, "mbe", "mbe", 1)}},
			{"closed by close reason", year2025, casework.Ended, casework.ByCloseReason,
				[]casework.Tally{tally(A, "jmd", "moved", 1), tally(B, "mbe", "no_contact", 1)}},
			{"closed in 2024", casework.TallyQuery{From: date(2024, 1, 1), To: date(2024, 12, 31)}, casework.Ended, casework.ByCloseReason,
				[]casework.Tally{tally(A, "mbe", "goals_reached", 1)}},
			{"own files", mine, casework.Active, casework.ByProgram, []casework.Tally{tally(A, "jmd", "jmd", 1), tally(A, "mbe", "mbe", 2)}},
			{"one office", inB, casework.Active, casework.ByProgram, []casework.Tally{tally(B, "mbe", "mbe", 1)}},
			{"own files of one office", a2InA, casework.New, casework.ByGender,
				[]casework.Tally{tally(A, "mbe", "female", 1), tally(A, "mbe", "male", 1)}},
			{"nothing", casework.TallyQuery{From: date(2020, 1, 1), To: date(2020, 12, 31)}, casework.Active, casework.ByAge, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := f.store.ClientTallies(f.ctx, c.q, c.measure, c.field)
				wantTallies(t, got, err, c.want...)
			})
		}
	})
}

func TestContactTallies(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.seedTallies(t)
		A, B := f.officeA, f.officeB
		mine := year2025
		mine.Counselor = "u-a1"
		for _, c := range []struct {
			name  string
			q     casework.TallyQuery
			field casework.ContactField
			want  []casework.Tally
		}{
			{"by channel", year2025, casework.ContactChannel, []casework.Tally{tally(A, "jmd", "in_person", 1),
				tally(A, "mbe", "in_person", 1), tally(A, "mbe", "video", 1), tally(B, "mbe", "phone", 1)}},
			// f1's contact of 1 January has two topics: one mention each.
			{"by topic", year2025, casework.ContactTopic,
				[]casework.Tally{tally(A, "mbe", "health", 1), tally(A, "mbe", "work", 2), tally(B, "mbe", "housing", 1)}},
			{"by language", year2025, casework.ContactLanguage, []casework.Tally{tally(A, "jmd", "fa", 1),
				tally(A, "mbe", "ar", 1), tally(A, "mbe", "unknown", 1), tally(B, "mbe", "de", 1)}},
			{"by interpreter", year2025, casework.ContactInterpreter, []casework.Tally{tally(A, "jmd", "yes", 1),
				tally(A, "mbe", "no", 1), tally(A, "mbe", "yes", 1), tally(B, "mbe", "no", 1)}},
			{"own files", mine, casework.ContactChannel, []casework.Tally{tally(A, "jmd", "in_person", 1), tally(A, "mbe", "in_person", 1)}},
			{"after the period", casework.TallyQuery{From: date(2026, 1, 1), To: date(2026, 3, 10)}, casework.ContactTopic,
				[]casework.Tally{tally(A, "mbe", "work", 1)}},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := f.store.ContactTallies(f.ctx, c.q, c.field)
				wantTallies(t, got, err, c.want...)
			})
		}
	})
}

func TestGoalTallies(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.seedTallies(t)
		A, B := f.officeA, f.officeB
		inA := year2025
		inA.Office = A
		for _, c := range []struct {
			name  string
			q     casework.TallyQuery
			field casework.GoalField
			want  []casework.Tally
		}{
			// f4 (closed before the period) and f7 (opened after it) do not count.
			{"by area", year2025, casework.GoalArea, []casework.Tally{tally(A, "mbe", "family", 1),
				tally(A, "mbe", "language", 1), tally(A, "mbe", "work", 1), tally(B, "mbe", "work", 1)}},
			{"by outcome", year2025, casework.GoalOutcome, []casework.Tally{tally(A, "mbe", "not_reached", 1),
				tally(A, "mbe", "open", 1), tally(A, "mbe", "reached", 1), tally(B, "mbe", "partly", 1)}},
			{"one office", inA, casework.GoalArea, []casework.Tally{tally(A, "mbe", "family", 1),
				tally(A, "mbe", "language", 1), tally(A, "mbe", "work", 1)}},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := f.store.GoalTallies(f.ctx, c.q, c.field)
				wantTallies(t, got, err, c.want...)
			})
		}
	})
}

// Unknown measures and fields are a programming error, not an empty table.
func TestTalliesRefuseUnknownFields(t *testing.T) {
	f := setup(t, dbtest.SQLite(t))
	for name, call := range map[string]func() error{
		"measure": func() error {
			_, err := f.store.ClientTallies(f.ctx, year2025, "open", casework.ByAge)
			return err
		},
		"client field": func() error {
			_, err := f.store.ClientTallies(f.ctx, year2025, casework.Active, "birth_year")
			return err
		},
		"contact field": func() error {
			_, err := f.store.ContactTallies(f.ctx, year2025, "minutes")
			return err
		},
		"goal field": func() error {
			_, err := f.store.GoalTallies(f.ctx, year2025, "title")
			return err
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The clock stands still here, so a fingerprint of counts and latest
// timestamps alone would miss the edits in place.
func TestStatsVersion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		version := f.statsVersion(t)
		if again := f.statsVersion(t); again != version {
			t.Fatalf("changed without a write: %s, then %s", version, again)
		}
		var plan *casework.Plan
		for _, step := range []struct {
			name  string
			write func() error
		}{
			{"contact", func() error {
				_, err := f.store.AddContact(f.ctx, f.a1, file.ID, casework.ContactInput{On: date(2026, 3, 5), Minutes: 30, Channel: "phone"})
				return err
			}},
			{"update", func() (err error) {
				in := file.FileInput
				in.Gender = "male"
				file, err = f.store.Update(f.ctx, f.a1, file.ID, file.Version, in)
				return err
			}},
			{"plan", func() (err error) {
				plan, err = f.store.SavePlan(f.ctx, f.a1, file.ID, 0, planDue(date(2026, 4, 1), casework.Measure{DueOn: date(2026, 3, 20)}))
				return err
			}},
			{"goal outcome", func() error {
				in := casework.PlanInput{StartsOn: plan.StartsOn, ReviewOn: plan.ReviewOn, Goals: plan.Goals}
				in.Goals[0].Outcome = "reached"
				_, err := f.store.SavePlan(f.ctx, f.a1, file.ID, plan.Version, in)
				return err
			}},
			{"close", func() (err error) {
				file, err = f.store.Close(f.ctx, f.a1, file.ID, file.Version, casework.CloseInput{On: date(2026, 3, 10), Reason: "moved"})
				return err
			}},
			{"reopen", func() (err error) {
				file, err = f.store.Reopen(f.ctx, f.a1, file.ID, file.Version)
				return err
			}},
			{"transfer", func() (err error) {
				file, err = f.store.Transfer(f.ctx, f.a1, file.ID, file.Version, "u-a2")
				return err
			}},
			{"erase", func() error { return f.store.Erase(f.ctx, f.a2, file.ID) }},
		} {
			if err := step.write(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			next := f.statsVersion(t)
			if next == version {
				t.Fatalf("%s: fingerprint unchanged", step.name)
			}
			version = next
		}
	})
}

func (f *fixture) statsVersion(t *testing.T) string {
	t.Helper()
	v, err := f.store.StatsVersion(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTalliesByOnePass: counting several fields in one pass gives each
// field's tallies exactly as counting it alone.
func TestTalliesByOnePass(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.seedTallies(t)
		clientFields := []casework.ClientField{casework.ByProgram, casework.ByAge, casework.ByGender, casework.ByCountry,
			casework.ByLanguage, casework.ByResidence, casework.ByArrival, casework.ByCloseReason}
		for _, m := range []casework.ClientMeasure{casework.Active, casework.New, casework.Ended} {
			all, err := f.store.ClientTalliesBy(f.ctx, year2025, m, clientFields)
			if err != nil {
				t.Fatal(err)
			}
			for i, field := range clientFields {
				one, err := f.store.ClientTallies(f.ctx, year2025, m, field)
				wantTallies(t, all[i], err, one...)
			}
		}
		contactFields := []casework.ContactField{casework.ContactChannel, casework.ContactTopic, casework.ContactLanguage,
			casework.ContactInterpreter}
		all, err := f.store.ContactTalliesBy(f.ctx, year2025, contactFields)
		if err != nil {
			t.Fatal(err)
		}
		for i, field := range contactFields {
			one, err := f.store.ContactTallies(f.ctx, year2025, field)
			wantTallies(t, all[i], err, one...)
		}
		goals, err := f.store.GoalTalliesBy(f.ctx, year2025, []casework.GoalField{casework.GoalArea, casework.GoalOutcome})
		if err != nil {
			t.Fatal(err)
		}
		for i, field := range []casework.GoalField{casework.GoalArea, casework.GoalOutcome} {
			one, err := f.store.GoalTallies(f.ctx, year2025, field)
			wantTallies(t, goals[i], err, one...)
		}
	})
}
