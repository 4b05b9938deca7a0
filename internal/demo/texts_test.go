package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// TestOfficeTexts: a realistic share of the demo offices has translated
// appointment texts, mostly into languages their staff speak; the demo
// accounts' office has Arabic, Farsi, Ukrainian and English and falls back
// to German in Russian and Turkish.
func TestOfficeTexts(t *testing.T) {
	ctx := context.Background()
	dp := deps(t, dbtest.SQLite(t))
	if _, err := demo.Generate(ctx, dp, demo.Options{Scale: 1}); err != nil {
		t.Fatal(err)
	}
	var withText, translated, spoken, total int
	err := dp.Network.EachOffice(ctx, network.OfficeFilter{}, func(o network.Office) error {
		if o.AppointmentInfo != "" {
			withText++
		}
		if len(o.Translations) > 0 {
			translated++
		}
		for l, tx := range o.Translations {
			total++
			if slices.Contains(o.Languages, l) {
				spoken++
			}
			if tx.AppointmentInfo == "" || tx.AppointmentInfo == o.AppointmentInfo {
				t.Errorf("%s: %s version %q", o.ExternalID, l, tx.AppointmentInfo)
			}
		}
		if o.ExternalID == demo.HannoverOfficeID && !slices.Equal(o.TranslatedLanguages(), []string{"en", "ar", "fa", "uk"}) {
			t.Errorf("the demo accounts' office is translated into %v", o.TranslatedLanguages())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d offices with an appointment text, %d translated (%d versions, %d in a language spoken there)", withText, translated, total, spoken)
	between(t, "translated offices (% of those with a text)", 100*translated/withText, 35, 75)
	between(t, "versions in a language the office speaks (%)", 100*spoken/total, 60, 100)
}
