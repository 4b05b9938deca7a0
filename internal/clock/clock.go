// Package clock is the platform's one source of time. Every store, service
// and handler takes a Clock from the wiring in internal/app, so a test that
// moves the clock moves it everywhere, and "today" means the same calendar
// date on every page: the date in Lower Saxony (Europe/Berlin), whatever
// the server's own time zone.
package clock

import (
	"time"
	_ "time/tzdata" // Europe/Berlin must resolve on hosts without zoneinfo
)

// berlin is the zone calendar dates are taken in.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic("clock: embedded tzdata lacks Europe/Berlin: " + err.Error())
	}
	return loc
}()

// Berlin returns the Europe/Berlin location.
func Berlin() *time.Location { return berlin }

// Clock tells the time. The zero value is the system clock.
type Clock struct {
	now func() time.Time
}

// New returns a clock that reads now (tests pass a movable one); nil means
// the system clock.
func New(now func() time.Time) Clock { return Clock{now: now} }

// System is the real clock.
func System() Clock { return Clock{} }

// Now is the current instant as the database stores it: UTC, truncated to
// microseconds, which both engines keep exactly (so hashes over stored
// times stay stable).
func (c Clock) Now() time.Time {
	t := time.Now()
	if c.now != nil {
		t = c.now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Local is the current instant in Lower Saxony, for "printed on" lines and
// opening hours.
func (c Clock) Local() time.Time { return c.Now().In(berlin) }

// Today is the current calendar date in Lower Saxony, as midnight UTC: the
// form every DATE column is written and compared in. At 23:30 in Berlin it
// is still that day, although UTC has moved on (in summer) or not.
func (c Clock) Today() time.Time { return Day(c.Local()) }

// Day drops the clock time of t, keeping its calendar date in t's own
// location, as midnight UTC. The zero time stays zero.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
