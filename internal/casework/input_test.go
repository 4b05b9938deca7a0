package casework_test

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestBadFileInputWritesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		tests := []struct {
			name       string
			edit       func(*casework.FileInput)
			field, key string
		}{
			{"birth year in the future", func(in *casework.FileInput) { in.BirthYear = 2027 }, "birth_year", "case.birth_year_future"},
			{"absurd birth year", func(in *casework.FileInput) { in.BirthYear = 1890 }, "birth_year", "case.birth_year_implausible"},
			{"arrival before birth", func(in *casework.FileInput) { in.ArrivalYear = 1980 }, "arrival_year", "case.arrival_before_birth"},
			{"arrival in the future", func(in *casework.FileInput) { in.ArrivalYear = 2027 }, "arrival_year", "case.arrival_future"},
			{"intake in the future", func(in *casework.FileInput) { in.IntakeOn = date(2026, 3, 11) }, "intake_on", "case.intake_future"},
			{"no intake date", func(in *casework.FileInput) { in.IntakeOn = casework.FileInput{}.IntakeOn }, "intake_on", "case.intake_required"},
			{"JMD over 27", func(in *casework.FileInput) { in.ProgramID, in.BirthYear = "jmd", 1998 }, "birth_year", "case.too_old"},
			{"MBE under 27", func(in *casework.FileInput) { in.BirthYear, in.ArrivalYear = 2000, 0 }, "birth_year", "case.too_young"},
			{"program not offered", func(in *casework.FileInput) { in.ProgramID = "leitstelle" }, "program_id", "case.program_not_offered"},
			{"unknown gender", func(in *casework.FileInput) { in.Gender = "x" }, "gender", "case.gender_invalid"},
			{"unknown country", func(in *casework.FileInput) { in.Country = "XX" }, "country", "case.country_invalid"},
			{"unknown language", func(in *casework.FileInput) { in.FirstLanguage = "zz" }, "first_language", "case.language_invalid"},
			{"unknown residence status", func(in *casework.FileInput) { in.ResidenceStatus = "visa" }, "residence_status", "case.residence_status_invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.adult()
				tt.edit(&in)
				_, err := f.store.Create(f.ctx, f.a1, in)
				wantProblem(t, err, tt.field, tt.key)
			})
		}
		if n := f.count(t, "SELECT COUNT(*) FROM client_files"); n != 0 {
			t.Fatalf("refused input left %d files", n)
		}
		if n := len(f.audited(t, "case.create", "")); n != 0 {
			t.Fatalf("refused input left %d audit rows", n)
		}
		// The limits themselves are eligible: JMD at 27, MBE at 27.
		jmd := f.adult()
		jmd.ProgramID, jmd.BirthYear = "jmd", 1999
		f.create(t, f.a1, jmd)
		mbe := f.adult()
		mbe.BirthYear, mbe.ArrivalYear = 1999, 0
		f.create(t, f.a1, mbe)
	})
}

func TestBadContactInputWritesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		good := casework.ContactInput{On: date(2026, 3, 5), Minutes: 45, Channel: "phone", Language: "ar", Topics: []string{"work"}}
		tests := []struct {
			name       string
			edit       func(*casework.ContactInput)
			field, key string
		}{
			{"in the future", func(in *casework.ContactInput) { in.On = date(2026, 3, 11) }, "on", "case.contact_future"},
			{"before intake", func(in *casework.ContactInput) { in.On = date(2026, 3, 1) }, "on", "case.contact_before_intake"},
			{"no minutes", func(in *casework.ContactInput) { in.Minutes = 0 }, "minutes", "case.minutes_range"},
			{"too long", func(in *casework.ContactInput) { in.Minutes = 601 }, "minutes", "case.minutes_range"},
			{"unknown channel", func(in *casework.ContactInput) { in.Channel = "fax" }, "channel", "case.channel_invalid"},
			{"unknown topic", func(in *casework.ContactInput) { in.Topics = []string{"work", "astrology"} }, "topics", "case.topic_unknown"},
			{"unknown language", func(in *casework.ContactInput) { in.Language = "xx" }, "language", "case.language_invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := good
				tt.edit(&in)
				_, err := f.store.AddContact(f.ctx, f.a1, file.ID, in)
				wantProblem(t, err, tt.field, tt.key)
			})
		}
		_, err := f.store.RecordConsent(f.ctx, f.a1, file.ID, casework.ConsentInput{Purpose: "referral", GivenOn: date(2026, 3, 2), Form: "oral"})
		wantProblem(t, err, "recipient", "case.recipient_required")
		_, err = f.store.RecordConsent(f.ctx, f.a1, file.ID, casework.ConsentInput{Purpose: "counseling", GivenOn: date(2026, 3, 12), Form: "fax"})
		wantProblem(t, err, "form", "case.form_invalid")
		wantProblem(t, err, "given_on", "case.consent_future")
		for _, table := range []string{"counseling_contacts", "counseling_contact_topics", "consents"} {
			if n := f.count(t, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("refused input left %d rows in %s", n, table)
			}
		}
		c, err := f.store.AddContact(f.ctx, f.a1, file.ID, good)
		if err != nil || c.Topics[0] != "work" {
			t.Fatalf("good contact: %+v %v", c, err)
		}
	})
}
