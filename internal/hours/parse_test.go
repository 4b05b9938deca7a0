package hours

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func iv(from, to string) Interval {
	f, err := ParseClock(from)
	if err != nil {
		panic(err)
	}
	t, err := ParseClock(to)
	if err != nil {
		panic(err)
	}
	return Interval{f, t}
}

func parseKey(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Key
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"9:00", 540, true},
		{"09:00", 540, true},
		{" 09:30 ", 570, true},
		{"9.30", 570, true},
		{"9", 540, true},
		{"9:00 Uhr", 540, true},
		{"00:00", 0, true},
		{"24:00", 1440, true},
		{"23:59", 1439, true},
		{"24:01", 0, false},
		{"25:00", 0, false},
		{"9:60", 0, false},
		{"9:5", 0, false},
		{"123:00", 0, false},
		{"-1:00", 0, false},
		{"+9:00", 0, false},
		{"", 0, false},
		{":", 0, false},
		{"９:00", 0, false},
		{"nine", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseClock(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseClock(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if tt.ok && got != tt.want {
				t.Errorf("ParseClock(%q) = %d, want %d", tt.in, got, tt.want)
			}
			if !tt.ok && parseKey(err) != "hours.parse_clock" {
				t.Errorf("key = %q", parseKey(err))
			}
		})
	}
}

func TestClockString(t *testing.T) {
	for _, tt := range []struct {
		c    Clock
		want string
	}{{0, "00:00"}, {540, "09:00"}, {ClockOf(13, 5), "13:05"}, {Midnight, "24:00"}, {1500, "25:00"}, {-30, "-00:30"}} {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.c.String(); got != tt.want {
				t.Errorf("%d.String() = %q, want %q", int(tt.c), got, tt.want)
			}
		})
	}
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Interval
		key      string
	}{
		{"empty", "", nil, ""},
		{"blank", "   ", nil, ""},
		{"closed word", "geschlossen", nil, ""},
		{"one", "09:00-12:00", []Interval{iv("9:00", "12:00")}, ""},
		{"two", "09:00-12:00, 13:00-16:00", []Interval{iv("9:00", "12:00"), iv("13:00", "16:00")}, ""},
		{"en dash and spaces", "9:00 – 12:00 ,13:00–16:00", []Interval{iv("9:00", "12:00"), iv("13:00", "16:00")}, ""},
		{"em dash", "9:00—12:00", []Interval{iv("9:00", "12:00")}, ""},
		{"bis and Uhr", "9 bis 12 Uhr", []Interval{iv("9:00", "12:00")}, ""},
		{"sorted", "13:00-16:00,09:00-12:00", []Interval{iv("9:00", "12:00"), iv("13:00", "16:00")}, ""},
		{"touching", "09:00-12:00,12:00-16:00", []Interval{iv("9:00", "12:00"), iv("12:00", "16:00")}, ""},
		{"whole day", "00:00-24:00", []Interval{{0, Midnight}}, ""},
		{"trailing comma", "09:00-12:00,", []Interval{iv("9:00", "12:00")}, ""},
		{"inverted", "12:00-09:00", nil, "hours.inverted"},
		{"empty interval", "09:00-09:00", nil, "hours.inverted"},
		{"overlap", "09:00-12:00,11:00-13:00", nil, "hours.overlap"},
		{"duplicate", "09:00-12:00,09:00-12:00", nil, "hours.overlap"},
		{"no dash", "09:00", nil, "hours.parse_interval"},
		{"bad clock", "09:00-25:00", nil, "hours.parse_clock"},
		{"three parts", "09:00-12:00-13:00", nil, "hours.parse_clock"},
		{"day name", "Mo 09:00-12:00", nil, "hours.parse_clock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDay(tt.in)
			if k := parseKey(err); k != tt.key {
				t.Fatalf("ParseDay(%q) error key = %q, want %q (%v)", tt.in, k, tt.key, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseDay(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if err == nil {
				again, err := ParseDay(FormatDay(got))
				if err != nil || !reflect.DeepEqual(again, got) {
					t.Errorf("round trip via %q = %v, %v", FormatDay(got), again, err)
				}
			}
		})
	}
}

func TestParseWeekly(t *testing.T) {
	std := "Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00; Do 14:00-18:00"
	var stdW Weekly
	stdW[0] = []Interval{iv("9:00", "12:00"), iv("13:00", "16:00")}
	stdW[1] = []Interval{iv("9:00", "12:00")}
	stdW[3] = []Interval{iv("14:00", "18:00")}

	var weekdays Weekly
	for d := range 5 {
		weekdays[d] = []Interval{iv("9:00", "12:00")}
	}

	tests := []struct {
		name, in string
		want     Weekly
		canon    string // Weekly.String of the result
		key      string
	}{
		{"empty", "", Weekly{}, "", ""},
		{"german", std, stdW, std, ""},
		{"english", "Mon 9:00-12:00, 13:00-16:00; Tue 9-12; Thu 14:00 – 18:00", stdW, std, ""},
		{"long names and colons", "Montag: 9.00-12.00, 13.00-16.00 Uhr; Dienstag: 9-12 Uhr; Donnerstag: 14-18 Uhr", stdW, std, ""},
		{"case and order", "do 14:00-18:00; DI 09:00-12:00; mo 13:00-16:00,09:00-12:00", stdW, std, ""},
		{"new lines", "Mo 09:00-12:00,13:00-16:00\nDi 09:00-12:00\r\nDo 14:00-18:00\n", stdW, std, ""},
		{"closed days", std + "; Sa geschlossen; So closed", stdW, std, ""},
		{"range", "Mo-Fr 09:00-12:00", weekdays, "Mo 09:00-12:00; Di 09:00-12:00; Mi 09:00-12:00; Do 09:00-12:00; Fr 09:00-12:00", ""},
		{"range en dash", "Mo. – Fr. 9–12", weekdays, "Mo 09:00-12:00; Di 09:00-12:00; Mi 09:00-12:00; Do 09:00-12:00; Fr 09:00-12:00", ""},
		{"unknown day", "Xy 09:00-12:00", Weekly{}, "", "hours.parse_day"},
		{"no day", "09:00-12:00", Weekly{}, "", "hours.parse_day"},
		{"backwards range", "Fr-Mo 09:00-12:00", Weekly{}, "", "hours.parse_day"},
		{"closed with hours", "Mo geschlossen 9-12", Weekly{}, "", "hours.parse_day"},
		{"duplicate day", "Mo 09:00-12:00; Mo 13:00-16:00", Weekly{}, "", "hours.duplicate_day"},
		{"duplicate via range", "Mo-Fr 09:00-12:00; Do 14:00-16:00", Weekly{}, "", "hours.duplicate_day"},
		{"inverted", "Mo 12:00-09:00", Weekly{}, "", "hours.inverted"},
		{"overlap", "Mo 09:00-12:00,11:00-13:00", Weekly{}, "", "hours.overlap"},
		{"bad clock", "Mo 09:00-25:00", Weekly{}, "", "hours.parse_clock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseWeekly(tt.in)
			if k := parseKey(err); k != tt.key {
				t.Fatalf("ParseWeekly(%q) error key = %q, want %q (%v)", tt.in, k, tt.key, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseWeekly(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canon {
				t.Errorf("String() = %q, want %q", s, tt.canon)
			}
			again, err := ParseWeekly(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("round trip via %q = %v, %v", got.String(), again, err)
			}
		})
	}
}

func TestParseWeeklyDaysDoNotShareSlices(t *testing.T) {
	w, err := ParseWeekly("Mo-Di 09:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	w[0][0].To = ClockOf(11, 0)
	if w[1][0].To != ClockOf(12, 0) {
		t.Errorf("changing Monday changed Tuesday: %v", w)
	}
}

func TestWeeklyEmpty(t *testing.T) {
	var w Weekly
	if !w.Empty() {
		t.Error("zero Weekly not empty")
	}
	w[6] = []Interval{}
	if !w.Empty() {
		t.Error("Weekly with an empty slice not empty")
	}
	w[6] = []Interval{iv("10:00", "11:00")}
	if w.Empty() {
		t.Error("Weekly with Sunday hours reported empty")
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParseWeekly("Xy " + strings.Repeat("x", 200))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Key != "hours.parse_day" {
		t.Fatalf("err = %v", err)
	}
	if len(err.Error()) > 100 {
		t.Errorf("message not shortened: %d bytes", len(err.Error()))
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"", "09:00-12:00, 13:00-16:00", "9–12", "9 bis 12 Uhr", "00:00-24:00", "12:00-09:00", "geschlossen", "9:00-12:00,,11-13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ivs, err := ParseDay(s)
		if err != nil {
			return
		}
		var errs = Schedule{Weekly: Weekly{ivs}}.Validate()
		if len(errs) > 0 {
			t.Fatalf("ParseDay(%q) = %v, which does not validate: %v", s, ivs, errs)
		}
		again, err := ParseDay(FormatDay(ivs))
		if err != nil || !reflect.DeepEqual(again, ivs) {
			t.Fatalf("ParseDay(%q) = %v; round trip via %q = %v, %v", s, ivs, FormatDay(ivs), again, err)
		}
	})
}

func FuzzParseWeekly(f *testing.F) {
	for _, s := range []string{"", "Mo 09:00-12:00,13:00-16:00; Di 09:00-12:00; Do 14:00-18:00", "Mon 9-12\nTue 9–12 Uhr", "Mo-Fr 9-12; Sa geschlossen", "Montag: 9.00-12.00", "Mo 9-12; Mo 13-14", "Fr-Mo 1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeekly(s)
		if err != nil {
			return
		}
		if errs := (Schedule{Weekly: w}).Validate(); len(errs) > 0 {
			t.Fatalf("ParseWeekly(%q) = %v, which does not validate: %v", s, w, errs)
		}
		again, err := ParseWeekly(w.String())
		if err != nil || !reflect.DeepEqual(again, w) {
			t.Fatalf("ParseWeekly(%q) = %v; round trip via %q = %v, %v", s, w, w.String(), again, err)
		}
		enc, err := Schedule{Weekly: w}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		dec, err := Decode(enc)
		if err != nil || !reflect.DeepEqual(dec.Weekly, w) {
			t.Fatalf("JSON round trip via %s = %v, %v", enc, dec.Weekly, err)
		}
	})
}
