package i18n_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

func TestDatesPerLanguage(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	// 23:30 UTC in winter is 00:30 the next day in Berlin.
	late := time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		lang, date, dateTime, list string
	}{
		{"de", "07.12.2026", "08.12.2026, 00:30", "Arabisch, Deutsch"},
		{"en", "7 Dec 2026", "8 Dec 2026, 00:30", "Arabisch, Deutsch"},
		{"ar", "7 ديسمبر 2026", "8 ديسمبر 2026، 00:30", "Arabisch، Deutsch"},
		{"fa", "7 دسامبر 2026", "8 دسامبر 2026، 00:30", "Arabisch، Deutsch"},
		{"uk", "07.12.2026", "08.12.2026, 00:30", "Arabisch, Deutsch"},
	}
	for _, tt := range tests {
		l := c.Localizer(tt.lang)
		if got := l.Date(day); got != tt.date {
			t.Errorf("%s: Date = %q, want %q", tt.lang, got, tt.date)
		}
		if got := l.DateTime(late); got != tt.dateTime {
			t.Errorf("%s: DateTime = %q, want %q", tt.lang, got, tt.dateTime)
		}
		if got := l.List([]string{"Arabisch", "Deutsch"}); got != tt.list {
			t.Errorf("%s: List = %q, want %q", tt.lang, got, tt.list)
		}
	}
	if got := c.Localizer("de").Date(time.Time{}); got != "" {
		t.Errorf("zero date: %q", got)
	}
}
