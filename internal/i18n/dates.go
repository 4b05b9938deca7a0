package i18n

import (
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// How dates read, decided once for the whole platform (docs/ARCHITECTURE.md,
// "Dates and times"):
//   - German, Ukrainian, Russian and Turkish write day.month.year with two
//     digits ("07.12.2026"), as their readers do;
//   - English names the month ("7 Dec 2026"): 07/12 is read as July in
//     half the English-speaking world;
//   - Arabic and Farsi name the (Gregorian) month as well ("7 ديسمبر 2026"),
//     so no order of numbers can be misread, and keep Western digits like
//     every other number on the page: the dates match the letters of German
//     authorities the readers hold in their hands, and a number never mixes
//     two digit systems with phone numbers or postcodes next to it;
//   - times are 24-hour "15:04" in Europe/Berlin everywhere.
var monthNames = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	"fa": {"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"},
}

// Date formats a calendar date (a DATE column: its year, month and day
// as stored, no time zone applied) for the reader.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if names, ok := monthNames[l.Lang]; ok {
		return strconv.Itoa(t.Day()) + " " + names[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("02.01.2006")
}

// Clock formats the time of day of an instant in Europe/Berlin ("14:05").
func (l *Localizer) Clock(t time.Time) string { return t.In(clock.Berlin()).Format("15:04") }

// DateTime formats an instant as its date and time in Europe/Berlin
// ("07.12.2026, 14:05"); the zone is not named: every user of the
// platform lives in it.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.Date(clock.Day(t.In(clock.Berlin()))) + l.listSeparator() + l.Clock(t)
}

// List joins items with the language's list separator: the Arabic comma
// "،" in Arabic and Farsi, a comma elsewhere.
func (l *Localizer) List(items []string) string { return strings.Join(items, l.listSeparator()) }

func (l *Localizer) listSeparator() string {
	if l.Lang == "ar" || l.Lang == "fa" {
		return "، "
	}
	return ", "
}
