package stats

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is how a period is chosen.
type Kind string

// The kinds of period. Custom periods run over whole months: figures for
// overlapping periods that differ by a few days could be subtracted from
// each other to count the clients of those days.
const (
	Year    Kind = "year"
	Quarter Kind = "quarter"
	Month   Kind = "month"
	Custom  Kind = "custom"
)

// Period is a span of whole days, From and To included (midnight UTC, as
// the case dates are stored).
type Period struct {
	Kind     Kind
	From, To time.Time
}

// Errors of a period as asked for. They are user input: 422 with the
// message, never a count.
var (
	ErrPeriodInvalid  = errors.New("stats: the period is not a valid year, quarter or month")
	ErrPeriodFuture   = errors.New("stats: the period has not begun")
	ErrPeriodReversed = errors.New("stats: the period ends before it begins")
	ErrPeriodTooEarly = errors.New("stats: the period begins before the platform's records")
)

// FirstYear is the earliest year a period may begin in.
const FirstYear = 2000

// ParsePeriod reads a period as the forms send it: kind "year" with
// value "2026", "quarter" with "2026-Q3", "month" with "2026-07", or
// "custom" from month value to month until ("2026-01" … "2026-06").
// A period that has begun by today is allowed (its figures are those so
// far); one that begins after today is not.
func ParsePeriod(kind, value, until string, today time.Time) (Period, error) {
	p, err := parsePeriod(Kind(kind), strings.TrimSpace(value), strings.TrimSpace(until))
	if err != nil {
		return Period{}, err
	}
	switch {
	case p.From.Year() < FirstYear:
		return Period{}, ErrPeriodTooEarly
	case p.To.Before(p.From):
		return Period{}, ErrPeriodReversed
	case p.From.After(today):
		return Period{}, ErrPeriodFuture
	}
	return p, nil
}

func parsePeriod(kind Kind, value, until string) (Period, error) {
	switch kind {
	case Year:
		y, err := strconv.Atoi(value)
		if err != nil || y < 1 || y > 9999 {
			return Period{}, ErrPeriodInvalid
		}
		return YearPeriod(y), nil
	case Quarter:
		y, q, ok := parseQuarter(value)
		if !ok {
			return Period{}, ErrPeriodInvalid
		}
		from := date(y, time.Month(3*q-2), 1)
		return Period{Kind: Quarter, From: from, To: from.AddDate(0, 3, -1)}, nil
	case Month:
		from, ok := parseMonth(value)
		if !ok {
			return Period{}, ErrPeriodInvalid
		}
		return Period{Kind: Month, From: from, To: from.AddDate(0, 1, -1)}, nil
	case Custom:
		from, ok1 := parseMonth(value)
		last, ok2 := parseMonth(until)
		if !ok1 || !ok2 {
			return Period{}, ErrPeriodInvalid
		}
		return Period{Kind: Custom, From: from, To: last.AddDate(0, 1, -1)}, nil
	}
	return Period{}, ErrPeriodInvalid
}

// YearPeriod is the calendar year y.
func YearPeriod(y int) Period {
	return Period{Kind: Year, From: date(y, 1, 1), To: date(y, 12, 31)}
}

func parseQuarter(s string) (y, q int, ok bool) {
	ys, qs, found := strings.Cut(strings.ToUpper(s), "-Q")
	y, err1 := strconv.Atoi(ys)
	q, err2 := strconv.Atoi(qs)
	return y, q, found && err1 == nil && err2 == nil && y > 0 && y <= 9999 && q >= 1 && q <= 4
}

func parseMonth(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01", s)
	return t, err == nil
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Previous is the period of the same kind and length just before p (the
// comparison): the year, quarter or month before, or as many months
// before a custom period.
func (p Period) Previous() Period {
	months := (p.To.Year()-p.From.Year())*12 + int(p.To.Month()-p.From.Month()) + 1
	from := p.From.AddDate(0, -months, 0)
	return Period{Kind: p.Kind, From: from, To: p.From.AddDate(0, 0, -1)}
}

// Value is the period's form value (see ParsePeriod) and Until the
// second one of a custom period.
func (p Period) Value() string {
	switch p.Kind {
	case Year:
		return strconv.Itoa(p.From.Year())
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.From.Year(), (int(p.From.Month())+2)/3)
	}
	return p.From.Format("2006-01")
}

// Until is the last month of a custom period ("" for other kinds).
func (p Period) Until() string {
	if p.Kind != Custom {
		return ""
	}
	return p.To.Format("2006-01")
}

// Key names the period in caches.
func (p Period) Key() string { return p.From.Format("2006-01-02") + "/" + p.To.Format("2006-01-02") }

// Running reports whether today falls in the period (its figures are
// those so far).
func (p Period) Running(today time.Time) bool { return !today.Before(p.From) && !today.After(p.To) }
