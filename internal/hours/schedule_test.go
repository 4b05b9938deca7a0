package hours

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// berlinTime is a wall-clock time in Europe/Berlin.
func berlinTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
	if err != nil {
		panic(err)
	}
	return t
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func mustWeekly(s string) Weekly {
	w, err := ParseWeekly(s)
	if err != nil {
		panic(err)
	}
	return w
}

// office is open on weekdays 09:00-12:00 and 13:00-16:00, Sunday 09:00-12:00
// (to test the DST Sundays), with a closed day and a special day.
func office() Schedule {
	return Schedule{
		Weekly: mustWeekly("Mo-Fr 09:00-12:00,13:00-16:00; So 09:00-12:00"),
		Exceptions: []Exception{
			{Date: "2026-06-10", Closed: true, Note: "Betriebsausflug"},
			{Date: "2026-06-11", Intervals: []Interval{iv("10:00", "11:00"), iv("14:00", "19:00")}},
			{Date: "2026-05-01", Intervals: []Interval{iv("10:00", "12:00")}, Note: "Aktionstag"},
			{Date: "2026-12-24", Closed: true},
		},
	}
}

func TestValidate(t *testing.T) {
	type problem struct{ field, key string }
	tests := []struct {
		name string
		s    Schedule
		want []problem
		args []any // args of the first problem, when given
	}{
		{"empty", Schedule{}, nil, nil},
		{"office", office(), nil, nil},
		{"touching", Schedule{Weekly: Weekly{{iv("9:00", "12:00"), iv("12:00", "16:00")}}}, nil, nil},
		{"whole day", Schedule{Weekly: Weekly{6: {{0, Midnight}}}}, nil, nil},
		{"inverted", Schedule{Weekly: Weekly{{iv("9:00", "8:00")}}},
			[]problem{{"hours.mon", "hours.inverted"}}, []any{"Day", "Mo", "From", "09:00", "To", "08:00"}},
		{"empty interval", Schedule{Weekly: Weekly{4: {iv("9:00", "9:00")}}},
			[]problem{{"hours.fri", "hours.inverted"}}, nil},
		{"overlap", Schedule{Weekly: Weekly{1: {iv("13:00", "16:00"), iv("9:00", "13:30")}}},
			[]problem{{"hours.tue", "hours.overlap"}}, []any{"Day", "Di", "From", "13:00", "To", "13:30"}},
		{"contained", Schedule{Weekly: Weekly{2: {iv("8:00", "18:00"), iv("9:00", "10:00"), iv("11:00", "12:00")}}},
			[]problem{{"hours.wed", "hours.overlap"}, {"hours.wed", "hours.overlap"}}, nil},
		{"duplicate interval", Schedule{Weekly: Weekly{3: {iv("9:00", "12:00"), iv("9:00", "12:00")}}},
			[]problem{{"hours.thu", "hours.overlap"}}, nil},
		{"out of range", Schedule{Weekly: Weekly{5: {{-10, 60}}, 6: {{600, 1500}}}},
			[]problem{{"hours.sat", "hours.range"}, {"hours.sun", "hours.range"}}, []any{"Day", "Sa", "From", "-00:10", "To", "01:00"}},
		{"duplicate exception", Schedule{Exceptions: []Exception{{Date: "2026-12-24", Closed: true}, {Date: "2026-12-31", Closed: true}, {Date: "2026-12-24"}}},
			[]problem{{"hours.exception.2", "hours.duplicate_exception"}}, []any{"Date", "2026-12-24"}},
		{"bad date", Schedule{Exceptions: []Exception{{Date: "2026-02-30", Closed: true}, {Date: "24.12.2026"}, {Date: ""}}},
			[]problem{{"hours.exception.0", "hours.exception_date"}, {"hours.exception.1", "hours.exception_date"}, {"hours.exception.2", "hours.exception_date"}}, nil},
		{"exception intervals", Schedule{Exceptions: []Exception{{Date: "2026-12-23", Intervals: []Interval{iv("9:00", "12:00"), iv("11:00", "12:00"), iv("16:00", "15:00")}}}},
			[]problem{{"hours.exception.0", "hours.inverted"}, {"hours.exception.0", "hours.overlap"}}, []any{"Date", "2026-12-23", "From", "16:00", "To", "15:00"}},
		{"closed exception ignores intervals", Schedule{Exceptions: []Exception{{Date: "2026-12-23", Closed: true, Intervals: []Interval{iv("16:00", "15:00")}}}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.s.Validate()
			var got []problem
			for _, p := range errs {
				got = append(got, problem{p.Field, p.Key})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Validate() = %v, want %v", got, tt.want)
			}
			if tt.args != nil && !reflect.DeepEqual(errs[0].Args, tt.args) {
				t.Errorf("args = %v, want %v", errs[0].Args, tt.args)
			}
			if (errs.Err() == nil) != (len(tt.want) == 0) {
				t.Errorf("Err() = %v", errs.Err())
			}
		})
	}
}

func TestEasterSunday(t *testing.T) {
	for _, tt := range []struct {
		year int
		want string
	}{
		{1818, "1818-03-22"}, {1943, "1943-04-25"}, {2008, "2008-03-23"}, {2019, "2019-04-21"},
		{2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"},
		{2038, "2038-04-25"}, {2285, "2285-03-22"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			if got := EasterSunday(tt.year).String(); got != tt.want {
				t.Errorf("EasterSunday(%d) = %s, want %s", tt.year, got, tt.want)
			}
		})
	}
}

func TestHolidays(t *testing.T) {
	tests := []struct {
		year int
		want []string // "date key"
	}{
		{2026, []string{
			"2026-01-01 holiday.new_year", "2026-04-03 holiday.good_friday", "2026-04-06 holiday.easter_monday",
			"2026-05-01 holiday.labour_day", "2026-05-14 holiday.ascension_day", "2026-05-25 holiday.whit_monday",
			"2026-10-03 holiday.german_unity_day", "2026-10-31 holiday.reformation_day",
			"2026-12-25 holiday.christmas_day", "2026-12-26 holiday.second_christmas_day",
		}},
		{2027, []string{
			"2027-01-01 holiday.new_year", "2027-03-26 holiday.good_friday", "2027-03-29 holiday.easter_monday",
			"2027-05-01 holiday.labour_day", "2027-05-06 holiday.ascension_day", "2027-05-17 holiday.whit_monday",
			"2027-10-03 holiday.german_unity_day", "2027-10-31 holiday.reformation_day",
			"2027-12-25 holiday.christmas_day", "2027-12-26 holiday.second_christmas_day",
		}},
		{2008, []string{ // Ascension on 1 May, both listed
			"2008-01-01 holiday.new_year", "2008-03-21 holiday.good_friday", "2008-03-24 holiday.easter_monday",
			"2008-05-01 holiday.labour_day", "2008-05-01 holiday.ascension_day", "2008-05-12 holiday.whit_monday",
			"2008-10-03 holiday.german_unity_day",
			"2008-12-25 holiday.christmas_day", "2008-12-26 holiday.second_christmas_day",
		}},
	}
	for _, tt := range tests {
		t.Run(itoa(tt.year), func(t *testing.T) {
			var got []string
			for _, h := range Holidays(tt.year) {
				if h.Name == "" {
					t.Errorf("%s without name", h.Key)
				}
				got = append(got, h.Date+" "+h.Key)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Holidays(%d) =\n%s\nwant\n%s", tt.year, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestReformationstag(t *testing.T) {
	for _, tt := range []struct {
		year int
		want bool
	}{{2016, false}, {2017, true}, {2018, true}, {2026, true}, {2040, true}} {
		t.Run(itoa(tt.year), func(t *testing.T) {
			h, ok := IsHoliday(Date{tt.year, time.October, 31})
			if ok != tt.want {
				t.Fatalf("IsHoliday(%d-10-31) = %v, want %v", tt.year, ok, tt.want)
			}
			if ok && (h.Name != "Reformationstag" || h.Key != "holiday.reformation_day") {
				t.Errorf("got %+v", h)
			}
		})
	}
}

func TestIsHoliday(t *testing.T) {
	for _, tt := range []struct {
		date, name string
	}{
		{"2026-04-03", "Karfreitag"}, {"2026-04-05", ""}, {"2026-04-06", "Ostermontag"}, {"2026-05-14", "Christi Himmelfahrt"},
		{"2026-05-25", "Pfingstmontag"}, {"2026-12-24", ""}, {"2026-12-26", "2. Weihnachtstag"}, {"2026-06-04", ""}, // Fronleichnam is not one in NI
		{"2027-03-26", "Karfreitag"}, {"2027-01-01", "Neujahr"},
	} {
		t.Run(tt.date, func(t *testing.T) {
			h, ok := IsHoliday(date(tt.date))
			if ok != (tt.name != "") || h.Name != tt.name {
				t.Errorf("IsHoliday(%s) = %+v, %v; want %q", tt.date, h, ok, tt.name)
			}
			if ok && h.Date != tt.date {
				t.Errorf("Date = %s", h.Date)
			}
		})
	}
}

func TestIntervalsOn(t *testing.T) {
	s := office()
	tests := []struct {
		date   string
		want   string
		reason Reason
	}{
		{"2026-06-08", "09:00-12:00, 13:00-16:00", ReasonWeekly},
		{"2026-06-13", "", ReasonWeekly},
		{"2026-06-14", "09:00-12:00", ReasonWeekly},
		{"2026-06-10", "", ReasonException},
		{"2026-06-11", "10:00-11:00, 14:00-19:00", ReasonException},
		{"2026-05-01", "10:00-12:00", ReasonException}, // exception beats holiday
		{"2026-05-14", "", ReasonHoliday},
		{"2026-12-24", "", ReasonException},
		{"2026-12-25", "", ReasonHoliday},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			ivs, r := s.IntervalsOn(date(tt.date))
			if got := FormatDay(ivs); got != tt.want || r != tt.reason {
				t.Errorf("IntervalsOn(%s) = %q, %s; want %q, %s", tt.date, got, r, tt.want, tt.reason)
			}
		})
	}
	t.Run("open on holidays", func(t *testing.T) {
		s := office()
		s.OpenOnHolidays = true
		ivs, r := s.IntervalsOn(date("2026-05-14"))
		if FormatDay(ivs) != "09:00-12:00, 13:00-16:00" || r != ReasonWeekly {
			t.Errorf("got %v, %s", ivs, r)
		}
	})
	t.Run("copy", func(t *testing.T) {
		ivs, _ := s.IntervalsOn(date("2026-06-08"))
		ivs[0].From = 0
		if s.Weekly[0][0].From != ClockOf(9, 0) {
			t.Error("IntervalsOn returned the schedule's own slice")
		}
	})
}

func TestOpenAt(t *testing.T) {
	s := office()
	holidayOpen := office()
	holidayOpen.OpenOnHolidays = true
	tests := []struct {
		name  string
		s     Schedule
		at    time.Time
		open  bool
		until string
	}{
		{"before opening", s, berlinTime("2026-06-08 08:59"), false, "00:00"},
		{"at opening", s, berlinTime("2026-06-08 09:00"), true, "12:00"},
		{"lunch", s, berlinTime("2026-06-08 12:00"), false, "00:00"},
		{"afternoon", s, berlinTime("2026-06-08 15:59"), true, "16:00"},
		{"at closing", s, berlinTime("2026-06-08 16:00"), false, "00:00"},
		{"saturday", s, berlinTime("2026-06-13 10:00"), false, "00:00"},
		{"utc converted", s, utc("2026-06-08T07:30:00Z"), true, "12:00"}, // 09:30 CEST
		// DST begins 2026-03-29 02:00 CET → 03:00 CEST (a Sunday).
		{"dst spring, before in UTC", s, utc("2026-03-29T06:59:00Z"), false, "00:00"}, // 08:59 CEST
		{"dst spring, open", s, utc("2026-03-29T07:30:00Z"), true, "12:00"},           // 09:30 CEST; 08:30 if CET were used
		{"dst spring, day before", s, utc("2026-03-27T08:30:00Z"), true, "12:00"},     // Friday 09:30 CET
		// DST ends 2026-10-25 03:00 CEST → 02:00 CET (a Sunday).
		{"dst autumn, before", s, utc("2026-10-25T07:30:00Z"), false, "00:00"}, // 08:30 CET; 09:30 if CEST were used
		{"dst autumn, open", s, utc("2026-10-25T08:00:00Z"), true, "12:00"},    // 09:00 CET
		{"dst autumn, closing", s, utc("2026-10-25T10:59:00Z"), true, "12:00"}, // 11:59 CET
		{"dst autumn, closed", s, utc("2026-10-25T11:00:00Z"), false, "00:00"}, // 12:00 CET
		{"holiday", s, berlinTime("2026-04-03 10:00"), false, "00:00"},
		{"holiday whit monday", s, berlinTime("2026-05-25 10:00"), false, "00:00"},
		{"holiday, open on holidays", holidayOpen, berlinTime("2026-04-03 10:00"), true, "12:00"},
		{"exception closed", s, berlinTime("2026-06-10 10:00"), false, "00:00"},
		{"exception closed, open on holidays", holidayOpen, berlinTime("2026-06-10 10:00"), false, "00:00"},
		{"exception special hours", s, berlinTime("2026-06-11 10:30"), true, "11:00"},
		{"exception special hours, regular time closed", s, berlinTime("2026-06-11 09:30"), false, "00:00"},
		{"exception special hours, evening", s, berlinTime("2026-06-11 18:30"), true, "19:00"},
		{"exception on holiday", s, berlinTime("2026-05-01 11:00"), true, "12:00"},
		{"touching intervals merge", Schedule{Weekly: mustWeekly("Mo 09:00-12:00,12:00-14:00,14:00-16:00")}, berlinTime("2026-06-08 10:00"), true, "16:00"},
		{"until midnight", Schedule{Weekly: mustWeekly("Mo 20:00-24:00")}, berlinTime("2026-06-08 23:59"), true, "24:00"},
		{"invalid intervals ignored", Schedule{Weekly: Weekly{{{600, 500}, {-5, 2000}}}}, berlinTime("2026-06-08 09:00"), false, "00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, until := tt.s.OpenAt(tt.at)
			if open != tt.open || until.String() != tt.until {
				t.Errorf("OpenAt(%s) = %v, %s; want %v, %s", tt.at.In(berlin), open, until, tt.open, tt.until)
			}
		})
	}
}

func TestNextOpening(t *testing.T) {
	s := office()
	s.Exceptions = append(s.Exceptions, Exception{Date: "2026-12-31", Closed: true})
	weekdays := Schedule{Weekly: mustWeekly("Mo-Fr 09:00-16:00")}
	tests := []struct {
		name string
		s    Schedule
		from time.Time
		want string // Berlin wall time, "" for none
	}{
		{"later today", s, berlinTime("2026-06-08 07:00"), "2026-06-08 09:00"},
		{"after lunch", s, berlinTime("2026-06-08 12:30"), "2026-06-08 13:00"},
		{"strictly after", s, berlinTime("2026-06-08 09:00"), "2026-06-08 13:00"},
		{"while open", s, berlinTime("2026-06-08 10:00"), "2026-06-08 13:00"},
		{"over the weekend", weekdays, berlinTime("2026-06-12 17:00"), "2026-06-15 09:00"},
		{"saturday", weekdays, berlinTime("2026-06-13 10:00"), "2026-06-15 09:00"},
		{"sunday hours", s, berlinTime("2026-06-12 17:00"), "2026-06-14 09:00"},
		{"over a closed exception", s, berlinTime("2026-06-09 17:00"), "2026-06-11 10:00"},
		// 24.12. closed by exception, 25./26. holidays, 27. Sunday (open), 28. Monday.
		{"over christmas", s, berlinTime("2026-12-23 17:00"), "2026-12-27 09:00"},
		{"over christmas, weekdays", weekdays, berlinTime("2026-12-24 17:00"), "2026-12-28 09:00"},
		// 31.12. closed by exception, 1.1. holiday, 2./3.1. weekend.
		{"over new year", s, berlinTime("2026-12-30 17:00"), "2027-01-03 09:00"},
		{"over easter", weekdays, berlinTime("2026-04-02 17:00"), "2026-04-07 09:00"},
		{"dst spring", s, berlinTime("2026-03-28 20:00"), "2026-03-29 09:00"},
		{"dst autumn", s, berlinTime("2026-10-24 20:00"), "2026-10-25 09:00"},
		{"all closed", Schedule{}, berlinTime("2026-06-08 10:00"), ""},
		{"holidays only", Schedule{Weekly: mustWeekly("Mo 09:00-10:00"), Exceptions: nil, OpenOnHolidays: false}, berlinTime("2026-05-24 10:00"), "2026-06-01 09:00"}, // 25.5. Pfingstmontag
		{"continues over midnight", Schedule{Weekly: mustWeekly("Mo 20:00-24:00; Di 00:00-02:00,08:00-09:00")}, berlinTime("2026-06-08 21:00"), "2026-06-09 08:00"},
		{"always open", Schedule{Weekly: mustWeekly("Mo-So 00:00-24:00"), OpenOnHolidays: true}, berlinTime("2026-06-08 21:00"), ""},
		{"24/7 but holidays", Schedule{Weekly: mustWeekly("Mo-So 00:00-24:00")}, berlinTime("2026-06-08 21:00"), "2026-10-04 00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.s.NextOpening(tt.from)
			if tt.want == "" {
				if ok {
					t.Errorf("NextOpening(%s) = %s, want none", tt.from, got)
				}
				return
			}
			if !ok || !got.Equal(berlinTime(tt.want)) {
				t.Errorf("NextOpening(%s) = %s, %v; want %s", tt.from, got.In(berlin), ok, tt.want)
			}
		})
	}
}

func TestNextOpeningScanLimit(t *testing.T) {
	from := berlinTime("2026-06-08 10:00")
	for _, tt := range []struct {
		days  int
		found bool
	}{{1, true}, {365, true}, {366, true}, {367, false}, {800, false}} {
		t.Run(itoa(tt.days), func(t *testing.T) {
			d := DateOf(from).AddDays(tt.days)
			s := Schedule{Exceptions: []Exception{{Date: d.String(), Intervals: []Interval{iv("9:00", "10:00")}}}}
			got, ok := s.NextOpening(from)
			if ok != tt.found {
				t.Fatalf("NextOpening with an opening %d days ahead = %s, %v", tt.days, got, ok)
			}
			if ok && !got.Equal(d.At(ClockOf(9, 0))) {
				t.Errorf("got %s", got)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	s := office()
	st := s.Status(berlinTime("2026-06-12 15:00"))
	if !st.Open || st.Until != ClockOf(16, 0) || !st.HasNext || !st.Next.Equal(berlinTime("2026-06-14 09:00")) {
		t.Errorf("Status = %+v", st)
	}
	if st.Next.Location() != berlin {
		t.Errorf("Next in %s", st.Next.Location())
	}
	st = Schedule{}.Status(berlinTime("2026-06-12 15:00"))
	if st.Open || st.HasNext {
		t.Errorf("empty schedule Status = %+v", st)
	}
}

func TestDate(t *testing.T) {
	d := date("2026-12-31")
	if got := d.AddDays(1).String(); got != "2027-01-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := d.AddDays(-365).String(); got != "2025-12-31" {
		t.Errorf("AddDays(-365) = %s", got)
	}
	if d.Weekday() != time.Thursday || d.index() != 3 {
		t.Errorf("weekday %s index %d", d.Weekday(), d.index())
	}
	if got := DateOf(utc("2026-06-08T22:30:00Z")).String(); got != "2026-06-09" {
		t.Errorf("DateOf uses Berlin: got %s", got)
	}
	if d.Compare(d.AddDays(1)) != -1 || d.Compare(d) != 0 || d.AddDays(1).Compare(d) != 1 {
		t.Error("Compare")
	}
	if _, err := ParseDate("2026-02-29"); err == nil {
		t.Error("2026-02-29 accepted")
	}
}

func TestJSON(t *testing.T) {
	s := Schedule{
		Weekly:        mustWeekly("Mo 09:00-12:00,13:00-16:00; Do 14:00-18:00; So 10:00-11:00"),
		Exceptions:    []Exception{{Date: "2026-12-24", Closed: true, Note: "Heiligabend"}, {Date: "2026-12-31", Intervals: []Interval{iv("9:00", "12:00")}}},
		ByAppointment: true,
	}
	const want = `{"weekly":{"mon":["09:00-12:00","13:00-16:00"],"thu":["14:00-18:00"],"sun":["10:00-11:00"]},` +
		`"exceptions":[{"date":"2026-12-24","closed":true,"note":"Heiligabend"},{"date":"2026-12-31","intervals":["09:00-12:00"]}],"by_appointment":true}`
	got, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Encode() =\n%s\nwant\n%s", got, want)
	}
	back, err := Decode(got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("Decode(Encode()) = %+v, want %+v", back, s)
	}

	t.Run("empty", func(t *testing.T) {
		got, err := Schedule{}.Encode()
		if err != nil || got != `{"weekly":{}}` {
			t.Errorf("Encode() = %s, %v", got, err)
		}
		for _, text := range []string{"", "  ", `{"weekly":{}}`, `{}`, `{"weekly":null}`} {
			s, err := Decode(text)
			if err != nil || !reflect.DeepEqual(s, Schedule{}) {
				t.Errorf("Decode(%q) = %+v, %v", text, s, err)
			}
		}
	})
	t.Run("invalid kept for Validate", func(t *testing.T) {
		s, err := Decode(`{"weekly":{"mon":["12:00-09:00"]},"exceptions":[{"date":"2026-13-01"}]}`)
		if err != nil {
			t.Fatal(err)
		}
		errs := s.Validate()
		if !errs.Has("hours.mon") || !errs.Has("hours.exception.0") {
			t.Errorf("Validate() = %v", errs)
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, text := range []string{`{"weekly":{"xx":["09:00-12:00"]}}`, `{"weekly":{"mon":["9"]}}`, `{"weekly":{"mon":["09:00-12:00"],"Mo":["10:00-11:00"]}}`, `[`} {
			if _, err := Decode(text); err == nil {
				t.Errorf("Decode(%s) accepted", text)
			}
		}
	})
	t.Run("out of range cannot be stored", func(t *testing.T) {
		if _, err := (Schedule{Weekly: Weekly{{{0, 1500}}}}).Encode(); err == nil {
			t.Error("Encode accepted 25:00")
		}
	})
	t.Run("clone", func(t *testing.T) {
		c := s.Clone()
		c.Weekly[0][0].From = 0
		c.Exceptions[1].Intervals[0].From = 0
		if !reflect.DeepEqual(back, s) || slices.Equal(c.Weekly[0], s.Weekly[0]) {
			t.Error("Clone shares memory")
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"weekly":{"mon":["09:00-12:00","13:00-16:00"]},"exceptions":[{"date":"2026-12-24","closed":true}]}`)
	f.Add(`{"weekly":{"mo":["12:00-09:00"]},"exceptions":[{"date":"x","intervals":["1-2","1-3"]}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Decode(text)
		if err != nil {
			return
		}
		if len(s.Validate()) > 0 {
			return
		}
		enc, err := s.Encode()
		if err != nil {
			t.Fatalf("valid schedule %+v does not encode: %v", s, err)
		}
		s.OpenAt(berlinTime("2026-06-08 10:00"))
		s.NextOpening(berlinTime("2026-06-08 10:00"))
		again, err := Decode(enc)
		if err != nil {
			t.Fatal(err)
		}
		if enc2, _ := again.Encode(); enc2 != enc {
			t.Fatalf("not stable: %s vs %s", enc, enc2)
		}
	})
}

func BenchmarkOpenAt(b *testing.B) {
	s := office()
	at := berlinTime("2026-06-08 10:00")
	for b.Loop() {
		s.OpenAt(at)
	}
}

func BenchmarkNextOpening(b *testing.B) {
	s := office()
	at := berlinTime("2026-12-23 17:00")
	for b.Loop() {
		s.NextOpening(at)
	}
}
