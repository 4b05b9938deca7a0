package hours

import (
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// berlin is the zone every schedule lives in.
var berlin = clock.Berlin()

// Berlin returns the Europe/Berlin location schedules are evaluated in.
func Berlin() *time.Location { return berlin }

// Date is a civil date without time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in Europe/Berlin.
func DateOf(t time.Time) Date { return dateOf(t.In(berlin)) }

// dateOf takes the date of t in its own location.
func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return dateOf(t), nil
}

// String formats d as "2006-01-02".
func (d Date) String() string { return d.noon().Format(time.DateOnly) }

// noon is d at 12:00 UTC, a zone-free anchor for date arithmetic.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// AddDays returns the date n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// index is d's position in Weekly (Monday = 0).
func (d Date) index() int { return (int(d.Weekday()) + 6) % 7 }

// At returns the instant of wall-clock time c on d in Europe/Berlin; 24:00
// is the next day's midnight. A time that does not exist because of the
// spring DST change is normalized by the time package (02:30 → 03:30 CEST).
func (d Date) At(c Clock) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, berlin)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(int(d.Month - o.Month))
	default:
		return sign(d.Day - o.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
