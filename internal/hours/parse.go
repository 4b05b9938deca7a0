// Package hours models the opening hours of a counseling office: a weekly
// schedule, exceptions for single dates and the public holidays of Lower
// Saxony. It is pure logic without I/O; all times are wall-clock times in
// Europe/Berlin.
package hours

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Clock is a wall-clock time of day in minutes since midnight; valid values
// run from 0 (00:00) to 1440 (24:00, only meaningful as the end of an interval).
type Clock int

// Midnight is 24:00, the end of the day.
const Midnight Clock = 24 * 60

// ClockOf returns the clock for hour h and minute m.
func ClockOf(h, m int) Clock { return Clock(h*60 + m) }

// String formats c as "09:00"; out-of-range values are printed as they are
// (e.g. "25:00") so validation messages can show them.
func (c Clock) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%02d:%02d", sign, int(c)/60, int(c)%60)
}

// valid reports whether c lies within 00:00–24:00.
func (c Clock) valid() bool { return c >= 0 && c <= Midnight }

// Interval is one opening period within a single day, From inclusive and To
// exclusive; To must be after From.
type Interval struct{ From, To Clock }

// String formats iv as "09:00-12:00".
func (iv Interval) String() string { return iv.From.String() + "-" + iv.To.String() }

// ok reports whether iv is usable: both ends in range and To after From.
// Schedule queries skip intervals that are not ok; Validate reports them.
func (iv Interval) ok() bool { return iv.From.valid() && iv.To.valid() && iv.To > iv.From }

// ParseError is a refused piece of text. Key is an i18n message id (one of
// hours.parse_clock, hours.parse_interval, hours.parse_day,
// hours.duplicate_day, hours.inverted, hours.overlap) and Args are
// name/value pairs for the message, so importers can hand it to valid.Errors.
type ParseError struct {
	Key  string
	Args []any
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("hours: ")
	b.WriteString(e.Key)
	for i := 0; i+1 < len(e.Args); i += 2 {
		fmt.Fprintf(&b, " %v=%q", e.Args[i], fmt.Sprint(e.Args[i+1]))
	}
	return b.String()
}

// excerpt shortens hostile input before it goes into an error message.
func excerpt(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

func parseErr(key, text string) error {
	return &ParseError{Key: key, Args: []any{"Text", excerpt(text)}}
}

// trimUhr removes surrounding space and a trailing "Uhr" ("9:00 Uhr").
func trimUhr(s string) string {
	s = strings.TrimSpace(s)
	if n := len(s); n >= 3 && strings.EqualFold(s[n-3:], "uhr") {
		s = strings.TrimSpace(s[:n-3])
	}
	return s
}

// ParseClock reads a time of day: "9:00", "09:00", "9.30", "9" (full hour),
// "24:00", optionally followed by "Uhr".
func ParseClock(text string) (Clock, error) {
	s := trimUhr(text)
	h, m := s, "00"
	if i := strings.IndexAny(s, ":."); i >= 0 {
		h, m = s[:i], s[i+1:]
	}
	hh, ok1 := digits(h, 1, 2)
	mm, ok2 := digits(m, 2, 2)
	if !ok1 || !ok2 || mm > 59 || hh > 24 || (hh == 24 && mm > 0) {
		return 0, parseErr("hours.parse_clock", text)
	}
	return ClockOf(hh, mm), nil
}

// digits parses an unsigned decimal of min..max ASCII digits.
func digits(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// dashes separate the ends of an interval and the days of a day range.
var dashes = []string{"–", "—", "-", " bis "}

// cutDash splits s at its first dash.
func cutDash(s string) (before, after string, found bool) {
	best, width := -1, 0
	for _, d := range dashes {
		if i := strings.Index(s, d); i >= 0 && (best < 0 || i < best) {
			best, width = i, len(d)
		}
	}
	if best < 0 {
		return s, "", false
	}
	return s[:best], s[best+width:], true
}

// parseInterval reads "09:00-12:00" without judging it: an inverted
// interval is returned as it is, so stored data round-trips and Validate
// can report it.
func parseInterval(text string) (Interval, error) {
	a, b, ok := cutDash(trimUhr(text))
	if !ok {
		return Interval{}, parseErr("hours.parse_interval", text)
	}
	from, err := ParseClock(a)
	if err != nil {
		return Interval{}, err
	}
	to, err := ParseClock(b)
	if err != nil {
		return Interval{}, err
	}
	return Interval{from, to}, nil
}

// closedWords mark a day without opening hours.
var closedWords = []string{"geschlossen", "closed", "zu"}

func isClosedWord(s string) bool {
	for _, w := range closedWords {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// ParseDay reads the hours of one day: "09:00-12:00, 13:00-16:00"; en and em
// dashes and spaces are accepted, "" or "geschlossen"/"closed" means closed
// (nil). The intervals come back sorted; inverted or overlapping intervals
// are refused (touching ones such as 09:00-12:00, 12:00-16:00 are fine).
func ParseDay(text string) ([]Interval, error) {
	text = strings.TrimSpace(text)
	if text == "" || isClosedWord(text) {
		return nil, nil
	}
	var ivs []Interval
	for part := range strings.SplitSeq(text, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		iv, err := parseInterval(part)
		if err != nil {
			return nil, err
		}
		if iv.To <= iv.From {
			return nil, &ParseError{Key: "hours.inverted", Args: []any{"From", iv.From.String(), "To", iv.To.String()}}
		}
		ivs = append(ivs, iv)
	}
	sortIntervals(ivs)
	for i := 1; i < len(ivs); i++ {
		if ivs[i].From < ivs[i-1].To {
			return nil, &ParseError{Key: "hours.overlap", Args: []any{"From", ivs[i].From.String(), "To", min(ivs[i-1].To, ivs[i].To).String()}}
		}
	}
	return ivs, nil
}

// FormatDay prints intervals as ParseDay reads them: "09:00-12:00, 13:00-16:00";
// "" when closed.
func FormatDay(ivs []Interval) string { return joinIntervals(ivs, ", ") }

func joinIntervals(ivs []Interval, sep string) string {
	parts := make([]string, len(ivs))
	for i, iv := range ivs {
		parts[i] = iv.String()
	}
	return strings.Join(parts, sep)
}

func sortIntervals(ivs []Interval) {
	slices.SortFunc(ivs, func(a, b Interval) int {
		if a.From != b.From {
			return int(a.From - b.From)
		}
		return int(a.To - b.To)
	})
}

// Weekly holds the intervals of each weekday, index 0 = Monday … 6 = Sunday;
// a day without intervals is closed.
type Weekly [7][]Interval

// Day names: German abbreviations for the compact form, English keys for
// field names and JSON.
var (
	dayDE  = [7]string{"Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"}
	dayKey = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// dayNames maps lower-case day names (German, English; short and long) to
// the Weekly index.
var dayNames = func() map[string]int {
	m := map[string]int{}
	long := [][7]string{
		{"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"},
		{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
	}
	for i := range 7 {
		m[strings.ToLower(dayDE[i])] = i
		m[dayKey[i]] = i
		m[long[0][i]] = i
		m[long[1][i]] = i
	}
	m["sonnabend"] = 5
	return m
}()

// DayAbbrev returns the German abbreviation ("Mo") of Weekly index i.
func DayAbbrev(i int) string {
	if i < 0 || i > 6 {
		return ""
	}
	return dayDE[i]
}

// ParseWeekly reads the compact one-line form used in CSV imports:
// "Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00; Do 14:00-18:00". Days are
// German (Mo Di Mi Do Fr Sa So) or English (Mon … Sun), short or long, in
// any case; a range "Mo-Fr" sets several days at once; "Sa geschlossen"
// or a missing day means closed; segments may also be separated by new
// lines. A day named twice is refused.
func ParseWeekly(text string) (Weekly, error) {
	var w Weekly
	var seen [7]bool
	for seg := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		dayPart, rest := seg, ""
		if i := strings.IndexAny(seg, "0123456789"); i >= 0 {
			dayPart, rest = seg[:i], seg[i:]
		}
		dayPart = strings.TrimSpace(dayPart)
		if f := strings.Fields(dayPart); len(f) > 1 && isClosedWord(f[len(f)-1]) {
			if rest != "" {
				return Weekly{}, parseErr("hours.parse_day", seg)
			}
			dayPart = strings.Join(f[:len(f)-1], " ")
		}
		from, to, err := parseDayRange(dayPart)
		if err != nil {
			return Weekly{}, err
		}
		ivs, err := ParseDay(rest)
		if err != nil {
			return Weekly{}, err
		}
		for d := from; d <= to; d++ {
			if seen[d] {
				return Weekly{}, &ParseError{Key: "hours.duplicate_day", Args: []any{"Day", dayDE[d]}}
			}
			seen[d] = true
			w[d] = slices.Clone(ivs)
		}
	}
	return w, nil
}

// parseDayRange reads "Mo", "Mo.:", "Mo-Fr" or "Mo – Fr".
func parseDayRange(text string) (from, to int, err error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '.', ':':
			return -1
		}
		return r
	}, strings.ToLower(text))
	a, b, isRange := cutDash(clean)
	from, ok := dayNames[a]
	if !ok {
		return 0, 0, parseErr("hours.parse_day", text)
	}
	if !isRange {
		return from, from, nil
	}
	to, ok = dayNames[b]
	if !ok || to < from {
		return 0, 0, parseErr("hours.parse_day", text)
	}
	return from, to, nil
}

// String prints w in the German compact form ParseWeekly reads:
// "Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00"; closed days are left out.
func (w Weekly) String() string {
	var parts []string
	for d, ivs := range w {
		if len(ivs) > 0 {
			parts = append(parts, dayDE[d]+" "+joinIntervals(ivs, ","))
		}
	}
	return strings.Join(parts, "; ")
}

// Empty reports whether no day has opening hours.
func (w Weekly) Empty() bool {
	for _, ivs := range w {
		if len(ivs) > 0 {
			return false
		}
	}
	return true
}

// itoa is strconv.Itoa, short for field names.
func itoa(i int) string { return strconv.Itoa(i) }
