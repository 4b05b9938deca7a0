package hours

import (
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Exception replaces the weekly hours on one date: closed, or open with
// special intervals. An exception that is not Closed but has no intervals
// is closed as well.
type Exception struct {
	Date      string     `json:"date"` // "2006-01-02"
	Closed    bool       `json:"closed,omitempty"`
	Intervals []Interval `json:"intervals,omitempty"`
	Note      string     `json:"note,omitempty"` // shown to visitors, e.g. "Betriebsausflug"
}

// Schedule is the opening hours of an office. ByAppointment says that
// appointments are possible besides (or instead of) the hours; it does not
// change when the office counts as open. On public holidays the office is
// closed unless OpenOnHolidays is set; exceptions win over both.
type Schedule struct {
	Weekly         Weekly      `json:"weekly"`
	Exceptions     []Exception `json:"exceptions,omitempty"`
	ByAppointment  bool        `json:"by_appointment,omitempty"`
	OpenOnHolidays bool        `json:"open_on_holidays,omitempty"`
}

// Reason says which rule decided the hours of a date.
type Reason string

// Reasons returned by IntervalsOn.
const (
	ReasonWeekly    Reason = "weekly"    // the regular weekly hours
	ReasonException Reason = "exception" // an Exception for the date
	ReasonHoliday   Reason = "holiday"   // closed for a public holiday
)

// maxScanDays bounds NextOpening: it looks at the start date and at most
// this many days after it.
const maxScanDays = 366

// Validate reports every problem of s. Fields are "hours.mon" … "hours.sun"
// for weekly days and "hours.exception.N" for the N-th exception (from 0);
// keys are hours.range, hours.inverted, hours.overlap, hours.exception_date
// and hours.duplicate_exception, with args Day (German abbreviation) or
// Date, and From/To as "09:00".
func (s Schedule) Validate() valid.Errors {
	var errs valid.Errors
	for d, ivs := range s.Weekly {
		checkDay(&errs, "hours."+dayKey[d], ivs, "Day", dayDE[d])
	}
	seen := map[Date]bool{}
	for i, ex := range s.Exceptions {
		field := "hours.exception." + itoa(i)
		d, err := ParseDate(ex.Date)
		switch {
		case err != nil:
			errs.Add(field, "hours.exception_date", "Date", excerpt(ex.Date))
		case seen[d]:
			errs.Add(field, "hours.duplicate_exception", "Date", ex.Date)
		default:
			seen[d] = true
		}
		if !ex.Closed {
			checkDay(&errs, field, ex.Intervals, "Date", excerpt(ex.Date))
		}
	}
	return errs
}

// checkDay reports bad and overlapping intervals of one day. Intervals that
// only touch (09:00-12:00, 12:00-16:00) do not overlap.
func checkDay(errs *valid.Errors, field string, ivs []Interval, ctxName, ctxValue string) {
	var good []Interval
	for _, iv := range ivs {
		switch {
		case !iv.From.valid() || !iv.To.valid():
			errs.Add(field, "hours.range", ctxName, ctxValue, "From", iv.From.String(), "To", iv.To.String())
		case iv.To <= iv.From:
			errs.Add(field, "hours.inverted", ctxName, ctxValue, "From", iv.From.String(), "To", iv.To.String())
		default:
			good = append(good, iv)
		}
	}
	sortIntervals(good)
	end := Clock(-1)
	for _, iv := range good {
		if iv.From < end {
			errs.Add(field, "hours.overlap", ctxName, ctxValue, "From", iv.From.String(), "To", min(end, iv.To).String())
		}
		end = max(end, iv.To)
	}
}

// ExceptionOn returns the exception for d, if any (the first one, should
// there be duplicates).
func (s Schedule) ExceptionOn(d Date) (Exception, bool) {
	d = d.AddDays(0)
	for _, ex := range s.Exceptions {
		if ed, err := ParseDate(ex.Date); err == nil && ed == d {
			return ex, true
		}
	}
	return Exception{}, false
}

// IntervalsOn returns the opening hours of d, sorted, and why: an exception
// for the date first, then a public holiday (closed unless OpenOnHolidays),
// then the weekly hours. Invalid intervals are left out; nil means closed.
func (s Schedule) IntervalsOn(d Date) ([]Interval, Reason) {
	ivs, r := s.on(d.AddDays(0))
	var out []Interval
	for _, iv := range ivs {
		if iv.ok() {
			out = append(out, iv)
		}
	}
	sortIntervals(out)
	return out, r
}

// on is IntervalsOn without copying; d must be normalized. The result may
// hold invalid or unsorted intervals and must not be modified.
func (s Schedule) on(d Date) ([]Interval, Reason) {
	if ex, ok := s.ExceptionOn(d); ok {
		if ex.Closed {
			return nil, ReasonException
		}
		return ex.Intervals, ReasonException
	}
	if !s.OpenOnHolidays {
		if _, ok := IsHoliday(d); ok {
			return nil, ReasonHoliday
		}
	}
	return s.Weekly[d.index()], ReasonWeekly
}

// OpenAt reports whether the office is open at t (taken in Europe/Berlin)
// and, if so, until when: the end of the interval t falls in, extended over
// intervals that touch or overlap it. Until is at most 24:00 even if the
// next day opens at midnight; it is 0 when closed.
func (s Schedule) OpenAt(t time.Time) (open bool, until Clock) {
	lt := t.In(berlin)
	ivs, _ := s.on(dateOf(lt))
	return openIn(ivs, ClockOf(lt.Hour(), lt.Minute()))
}

func openIn(ivs []Interval, c Clock) (bool, Clock) {
	until := Clock(-1)
	for _, iv := range ivs {
		if iv.ok() && iv.From <= c && c < iv.To {
			until = max(until, iv.To)
		}
	}
	if until < 0 {
		return false, 0
	}
	for grown := true; grown; {
		grown = false
		for _, iv := range ivs {
			if iv.ok() && iv.From <= until && iv.To > until {
				until, grown = iv.To, true
			}
		}
	}
	return true, until
}

// NextOpening returns the next time strictly after t at which the office
// opens: the start of a block of touching or overlapping intervals (a block
// at 00:00 that continues the previous day's 24:00 is no opening). It looks
// at t's date and at most 366 days after it and reports false when the
// office does not open in that time.
func (s Schedule) NextOpening(t time.Time) (time.Time, bool) {
	day := dateOf(t.In(berlin))
	var buf [8]Interval
	prev, _ := s.on(day.AddDays(-1))
	prevBlocks := blocks(prev, buf[:0])
	endsAtMidnight := len(prevBlocks) > 0 && prevBlocks[len(prevBlocks)-1].To == Midnight
	for i := 0; i <= maxScanDays; i++ {
		if i > 0 {
			day = day.AddDays(1)
		}
		ivs, _ := s.on(day)
		bs := blocks(ivs, buf[:0])
		for _, b := range bs {
			if b.From == 0 && endsAtMidnight {
				continue
			}
			if at := day.At(b.From); at.After(t) {
				return at, true
			}
		}
		endsAtMidnight = len(bs) > 0 && bs[len(bs)-1].To == Midnight
	}
	return time.Time{}, false
}

// blocks returns the valid intervals of ivs sorted and merged where they
// touch or overlap, appended to buf.
func blocks(ivs []Interval, buf []Interval) []Interval {
	for _, iv := range ivs {
		if iv.ok() {
			buf = append(buf, iv)
		}
	}
	if len(buf) < 2 {
		return buf
	}
	slices.SortFunc(buf, func(a, b Interval) int { return int(a.From - b.From) })
	out := buf[:1]
	for _, iv := range buf[1:] {
		last := &out[len(out)-1]
		if iv.From <= last.To {
			last.To = max(last.To, iv.To)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// Status is what a page shows about an office right now: "open until
// 16:00" or "opens Tuesday 09:00".
type Status struct {
	Open    bool      // open at the time asked
	Until   Clock     // end of the current opening, when Open
	Next    time.Time // next opening after the time asked, when HasNext
	HasNext bool
}

// Status combines OpenAt and NextOpening for t.
func (s Schedule) Status(t time.Time) Status {
	var st Status
	st.Open, st.Until = s.OpenAt(t)
	st.Next, st.HasNext = s.NextOpening(t)
	if st.HasNext {
		st.Next = st.Next.In(berlin)
	}
	return st
}

// Clone returns a deep copy of s.
func (s Schedule) Clone() Schedule {
	c := s
	for d := range c.Weekly {
		c.Weekly[d] = slices.Clone(s.Weekly[d])
	}
	c.Exceptions = slices.Clone(s.Exceptions)
	for i := range c.Exceptions {
		c.Exceptions[i].Intervals = slices.Clone(s.Exceptions[i].Intervals)
	}
	return c
}

// ChangeAfter returns when the status st (taken at t) next changes: the
// end of the current opening, or the next opening. Pages that show the
// status can be kept until then. It reports false when nothing changes
// within the year NextOpening looks at.
func (st Status) ChangeAfter(t time.Time) (time.Time, bool) {
	if st.Open {
		return DateOf(t).At(st.Until), true
	}
	return st.Next, st.HasNext
}

// NextMidnight returns the start of the day after t in Europe/Berlin: words
// like "today" and "tomorrow" change meaning then.
func NextMidnight(t time.Time) time.Time {
	return DateOf(t).AddDays(1).At(0)
}
