package site

import (
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// DayKeys are the message keys of the weekdays, Monday first.
var DayKeys = []string{"day.mon", "day.tue", "day.wed", "day.thu", "day.fri", "day.sat", "day.sun"}

// DayHours is one row of an opening hours table.
type DayHours struct{ Name, Hours string }

// HolidayView is an upcoming public holiday.
type HolidayView struct{ Date, Name string }

// OpensKey picks the message for "opens again at next", seen at now:
// base+"_today" or base+"_tomorrow" when it is so (people read "today"
// faster than the weekday and date), else base itself.
func OpensKey(base string, now, next time.Time) string {
	today := hours.DateOf(now)
	switch hours.DateOf(next) {
	case today:
		return base + "_today"
	case today.AddDays(1):
		return base + "_tomorrow"
	}
	return base
}
