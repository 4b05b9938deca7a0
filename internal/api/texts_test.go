package api

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// TestLocationTexts: a location carries the appointment text in the
// requested language or, without that version, in German with its
// language named, and every version in x_kmn.translations.
func TestLocationTexts(t *testing.T) {
	a, src := newTestAPI(t, Options{})
	snap := testSnapshot()
	snap.Offices[0].AppointmentInfo = "Termine nach Vereinbarung."
	snap.Offices[0].Translations = map[string]network.OfficeText{
		"ar": {AppointmentInfo: "المواعيد بالاتفاق."},
		"uk": {AppointmentInfo: "Зустрічі за домовленістю."},
	}
	src.snap = snap
	tests := []struct{ lang, text, in string }{
		{"ar", "المواعيد بالاتفاق.", "ar"},
		{"uk", "Зустрічі за домовленістю.", "uk"},
		{"fa", "Termine nach Vereinbarung.", "de"},
		{"de", "Termine nach Vereinbarung.", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			loc := decode[Location](t, get(t, a, "/api/hsds/locations/"+offHannover+"?lang="+tt.lang))
			if loc.Ext.AppointmentInfo != tt.text || loc.Ext.AppointmentInfoLanguage != tt.in {
				t.Errorf("appointment_info %q in %q, want %q in %q", loc.Ext.AppointmentInfo, loc.Ext.AppointmentInfoLanguage, tt.text, tt.in)
			}
			tr := loc.Ext.Translations
			if len(tr) != 3 || tr["de"].AppointmentInfo != "Termine nach Vereinbarung." || tr["ar"].AppointmentInfo != "المواعيد بالاتفاق." {
				t.Errorf("translations %v", tr)
			}
		})
	}
	e := decode[Export](t, get(t, a, "/api/hsds/export?lang=ar"))
	if len(e.Locations) != 4 {
		t.Fatalf("export has %d locations", len(e.Locations))
	}
	for _, l := range e.Locations {
		_, has := l.Ext.Translations["uk"]
		if has != (l.ID == offHannover) {
			t.Errorf("export: location %s translations %v", l.ID, l.Ext.Translations)
		}
	}
}
