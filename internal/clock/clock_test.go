package clock_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

func TestTodayIsTheDateInBerlin(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		want string
	}{
		{"winter noon", time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC), "2026-12-07"},
		{"winter, 23:30 in Berlin", time.Date(2026, 12, 7, 22, 30, 0, 0, time.UTC), "2026-12-07"},
		{"winter, 00:30 in Berlin is the next day", time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC), "2026-12-08"},
		{"summer, 23:30 in Berlin", time.Date(2026, 7, 1, 21, 30, 0, 0, time.UTC), "2026-07-01"},
		{"summer, 00:30 in Berlin is the next day", time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC), "2026-07-02"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at := c.at
			got := clock.New(func() time.Time { return at }).Today()
			if got.Format(time.DateOnly) != c.want || got.Location() != time.UTC || got.Hour() != 0 {
				t.Fatalf("Today at %s = %s, want %s at midnight UTC", c.at, got, c.want)
			}
		})
	}
}

func TestNowIsUTCInMicroseconds(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.FixedZone("X", 3600))
	got := clock.New(func() time.Time { return at }).Now()
	if got.Location() != time.UTC || got.Nanosecond() != 123456000 || !got.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("Now = %v", got)
	}
	if z := (clock.Clock{}).Now(); time.Since(z) > time.Minute || z.Location() != time.UTC {
		t.Fatalf("zero clock is not the system clock: %v", z)
	}
}

func TestDay(t *testing.T) {
	if !clock.Day(time.Time{}).IsZero() {
		t.Fatal("zero time must stay zero")
	}
	in := time.Date(2026, 5, 4, 23, 59, 0, 0, clock.Berlin())
	if got := clock.Day(in); got != time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("Day = %v", got)
	}
}
