package network_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// appointmentTexts is the appointment text in every translatable language.
var appointmentTexts = map[string]string{
	"en": "Please call us to make an appointment.",
	"ar": "يرجى الاتصال بنا لتحديد موعد.",
	"fa": "لطفاً برای گرفتن وقت با ما تماس بگیرید.",
	"uk": "Будь ласка, зателефонуйте нам, щоб домовитися про зустріч.",
	"ru": "Пожалуйста, позвоните нам, чтобы договориться о встрече.",
	"tr": "Randevu almak için lütfen bizi arayın.",
}

func withTexts(in network.OfficeInput, langs ...string) network.OfficeInput {
	in.AppointmentInfo = "Bitte rufen Sie uns für einen Termin an."
	in.Translations = map[string]network.OfficeText{}
	for _, l := range langs {
		in.Translations[l] = network.OfficeText{AppointmentInfo: appointmentTexts[l]}
	}
	return in
}

func TestTextLanguagesArePublicWithoutGerman(t *testing.T) {
	want := slices.DeleteFunc(slices.Clone(i18n.Public), func(l string) bool { return l == "de" })
	if !slices.Equal(network.TextLanguages, want) || len(appointmentTexts) != len(want) {
		t.Fatalf("TextLanguages = %v, want %v (and a test text in each)", network.TextLanguages, want)
	}
}

// TestOfficeTextsRoundTrip: translations in every language are stored
// with the office, read back by Office, ListOffices and EachOffice, changed
// and removed with the office's version and audited with it.
func TestOfficeTextsRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		created, err := f.store.CreateOffice(ctx, ministry, withTexts(officeInput(f.org.ID), network.TextLanguages...), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range network.TextLanguages {
			if got := created.Translations[l].AppointmentInfo; got != appointmentTexts[l] {
				t.Errorf("%s: stored %q, want %q", l, got, appointmentTexts[l])
			}
		}
		list, _, err := f.store.ListOffices(ctx, network.OfficeFilter{}, network.Page{})
		if err != nil || len(list) != 1 || list[0].Translations["ar"].AppointmentInfo != appointmentTexts["ar"] {
			t.Fatalf("list: %+v %v", list, err)
		}

		lead := f.editorAs(t, perm.OfficeLead, perm.Office, created.ID)
		in := withTexts(officeInput(f.org.ID), "ar", "uk")
		in.Translations["ar"] = network.OfficeText{AppointmentInfo: "  يرجى الكتابة إلينا.  "}
		in.Translations["tr"] = network.OfficeText{AppointmentInfo: "   "} // blank: no translation
		updated, err := f.store.UpdateOffice(ctx, lead, created.ID, created.UpdatedAt, in, f.geo)
		if err != nil {
			t.Fatal(err)
		}
		if got := updated.TranslatedLanguages(); !slices.Equal(got, []string{"ar", "uk"}) {
			t.Fatalf("translated languages after the update: %v", got)
		}
		if got := updated.Translations["ar"].AppointmentInfo; got != "يرجى الكتابة إلينا." {
			t.Errorf("Arabic not trimmed or not changed: %q", got)
		}
		recs, err := audit.New(d).List(ctx, audit.Filter{ActionPrefix: "office.update"})
		if err != nil || len(recs) != 1 {
			t.Fatalf("audit: %+v %v", recs, err)
		}
		det := recs[0].Detail
		_, ukChanged := det["appointment_info.uk.after"]
		if det["appointment_info.ar.after"] != "يرجى الكتابة إلينا." || det["appointment_info.en.before"] != appointmentTexts["en"] ||
			det["appointment_info.en.after"] != "" || ukChanged {
			t.Errorf("audit detail of the texts: %v", det)
		}

		// A stale version changes no translation.
		in.Translations["uk"] = network.OfficeText{AppointmentInfo: "Інший текст."}
		if _, err := f.store.UpdateOffice(ctx, lead, created.ID, created.UpdatedAt, in, f.geo); !errors.Is(err, network.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		again, err := f.store.Office(ctx, created.ID)
		if err != nil || again.Translations["uk"].AppointmentInfo != appointmentTexts["uk"] {
			t.Fatalf("a stale save changed a translation: %+v %v", again.Translations, err)
		}
	})
}

func TestOfficeAppointmentFallsBackToGerman(t *testing.T) {
	o := network.Office{AppointmentInfo: "Termine nach Vereinbarung.",
		Translations: map[string]network.OfficeText{"ar": {AppointmentInfo: "المواعيد بالاتفاق."}}}
	tests := []struct{ lang, text, in string }{
		{"ar", "المواعيد بالاتفاق.", "ar"},
		{"fa", "Termine nach Vereinbarung.", "de"},
		{"de", "Termine nach Vereinbarung.", "de"},
	}
	for _, tt := range tests {
		if got := o.AppointmentIn(tt.lang); got.Text != tt.text || got.Lang != tt.in {
			t.Errorf("AppointmentIn(%s) = %+v, want %q in %s", tt.lang, got, tt.text, tt.in)
		}
	}
	if got := (&network.Office{}).AppointmentIn("ar"); got != (network.Localized{}) {
		t.Errorf("no text at all: %+v", got)
	}
}

func TestOfficeTextsBadInputWritesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		o, err := f.store.CreateOffice(ctx, ministry, withTexts(officeInput(f.org.ID), "en"), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, field, key string
			edit             func(*network.OfficeInput)
		}{
			{"too long", "appointment_info.ar", "validation.too_long", func(in *network.OfficeInput) {
				in.Translations["ar"] = network.OfficeText{AppointmentInfo: strings.Repeat("ع", 2001)}
			}},
			{"German too long", "appointment_info", "validation.too_long", func(in *network.OfficeInput) {
				in.AppointmentInfo = strings.Repeat("a", 2001)
			}},
			{"without German", "appointment_info.uk", "network.text_needs_german", func(in *network.OfficeInput) {
				in.AppointmentInfo = ""
			}},
			{"a copy of German", "appointment_info.fa", "network.text_same_as_german", func(in *network.OfficeInput) {
				in.Translations["fa"] = network.OfficeText{AppointmentInfo: " " + in.AppointmentInfo}
			}},
			{"not a text language", "appointment_info", "network.text_language", func(in *network.OfficeInput) {
				in.Translations["de"] = network.OfficeText{AppointmentInfo: "Noch ein deutscher Text."}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, d)
				in := withTexts(officeInput(f.org.ID), "uk", "ar")
				tt.edit(&in)
				_, err := f.store.UpdateOffice(ctx, ministry, o.ID, o.UpdatedAt, in, f.geo)
				var problems valid.Errors
				if !errors.As(err, &problems) || !problems.Has(tt.field) {
					t.Fatalf("want a problem on %s, got %v", tt.field, err)
				}
				if p, _ := problems.For(tt.field); p.Key != tt.key {
					t.Errorf("problem %s, want %s", p.Key, tt.key)
				}
				after, err := f.store.Office(ctx, o.ID)
				if err != nil || countRows(t, d) != before || !after.UpdatedAt.Equal(o.UpdatedAt) ||
					!slices.Equal(after.TranslatedLanguages(), []string{"en"}) {
					t.Fatalf("a refused save changed something: %v %v", after.TranslatedLanguages(), err)
				}
			})
		}
	})
}

// TestOfficeTextsImportExport: the export has a column per translation;
// re-importing it changes nothing, an edited translation is one update of
// that column, a left-out column keeps the translation, and a bad one is
// refused by its column.
func TestOfficeTextsImportExport(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		o, err := f.store.CreateOffice(ctx, ministry, withExternal(withTexts(officeInput(f.org.ID), "ar", "uk"), "TXT-1"), f.geo)
		if err != nil {
			t.Fatal(err)
		}
		exported := exportCSV(t, f.store)
		for _, want := range []string{"appointment_info_ar", "appointment_info_tr", appointmentTexts["ar"], appointmentTexts["uk"]} {
			if !strings.Contains(exported, want) {
				t.Fatalf("export lacks %q:\n%s", want, exported)
			}
		}
		if rep := importText(t, f, exported, false); counts(rep) != "rows=1 created=0 updated=0 unchanged=1 errors=0 committed=true" {
			t.Fatalf("re-import: %s %+v", counts(rep), rep.Errors)
		}
		edited := editCSV(t, exported, "TXT-1", "appointment_info_fa", appointmentTexts["fa"])
		rep := importText(t, f, edited, false)
		if counts(rep) != "rows=1 created=0 updated=1 unchanged=0 errors=0 committed=true" ||
			!slices.Equal(rep.Preview[0].Changed, []string{"appointment_info_fa"}) {
			t.Fatalf("edited translation: %s %+v", counts(rep), rep.Preview)
		}
		short := "external_id,name,organisation,postcode,appointment_info_en\nTXT-1,MBE Hannover-Mitte,Caritas Hannover,30169," +
			appointmentTexts["en"] + "\n"
		if rep := importText(t, f, short, false); counts(rep) != "rows=1 created=0 updated=1 unchanged=0 errors=0 committed=true" {
			t.Fatalf("file with one translation column: %s %+v", counts(rep), rep.Errors)
		}
		got, err := f.store.Office(ctx, o.ID)
		if err != nil || !slices.Equal(got.TranslatedLanguages(), []string{"en", "ar", "fa", "uk"}) {
			t.Fatalf("translations after the imports: %v %v", got.TranslatedLanguages(), err)
		}
		bad := editCSV(t, exported, "TXT-1", "appointment_info_tr", "Bitte rufen Sie uns für einen Termin an.")
		rep = importText(t, f, bad, false)
		if rep.Committed || len(rep.Errors) != 1 || rep.Errors[0].Field != "appointment_info_tr" || rep.Errors[0].Key != "network.text_same_as_german" {
			t.Fatalf("a copy of the German text: %s %+v", counts(rep), rep.Errors)
		}
	})
}
