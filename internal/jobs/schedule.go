package jobs

import (
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
)

// Schedule says when a periodic task runs. It implements River's
// PeriodicSchedule and knows its shortest period, the window in which a
// run is unique.
type Schedule struct {
	next   func(time.Time) time.Time
	period time.Duration
	// Text describes the schedule for admins.
	Text string
}

// Next is the first run after t.
func (s Schedule) Next(t time.Time) time.Time { return s.next(t) }

// Every runs a task every d.
func Every(d time.Duration) Schedule {
	return Schedule{next: func(t time.Time) time.Time { return t.Add(d) }, period: d, Text: "every " + d.String()}
}

// WorkingDaysAt runs a task at hour:minute Europe/Berlin time on working
// days: Monday to Friday except Lower Saxony's public holidays (the
// deadline digest arrives when people start work, not on a Sunday).
func WorkingDaysAt(hour, minute int) Schedule {
	next := func(t time.Time) time.Time {
		local := t.In(clock.Berlin())
		c := time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, clock.Berlin())
		for !c.After(t) || !WorkingDay(c) {
			c = time.Date(c.Year(), c.Month(), c.Day()+1, hour, minute, 0, 0, clock.Berlin())
		}
		return c
	}
	return Schedule{next: next, period: time.Hour, Text: time.Date(0, 1, 1, hour, minute, 0, 0, time.UTC).Format("15:04") + " on working days (Europe/Berlin)"}
}

// WorkingDay reports whether t's day in Lower Saxony is a working day.
func WorkingDay(t time.Time) bool {
	local := t.In(clock.Berlin())
	if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := hours.IsHoliday(hours.DateOf(local))
	return !holiday
}

// DailyAt runs a task every day at hour:minute Europe/Berlin time (backups
// at night, when nobody works).
func DailyAt(hour, minute int) Schedule {
	next := func(t time.Time) time.Time {
		local := t.In(clock.Berlin())
		c := time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, clock.Berlin())
		if !c.After(t) {
			c = time.Date(c.Year(), c.Month(), c.Day()+1, hour, minute, 0, 0, clock.Berlin())
		}
		return c
	}
	return Schedule{next: next, period: time.Hour, Text: time.Date(0, 1, 1, hour, minute, 0, 0, time.UTC).Format("15:04") + " every day (Europe/Berlin)"}
}
