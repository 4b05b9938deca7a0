package jobs_test

import (
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
)

func TestWorkingDaysAt(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, clock.Berlin())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	digest := jobs.WorkingDaysAt(7, 0)
	cases := []struct{ name, now, want string }{
		{"before seven on a Monday", "2026-12-07 06:59", "2026-12-07 07:00"},
		{"at seven: the next working day", "2026-12-07 07:00", "2026-12-08 07:00"},
		{"Friday evening: Monday", "2026-12-11 18:00", "2026-12-14 07:00"},
		{"Christmas Eve: past both holidays and the weekend", "2026-12-24 08:00", "2026-12-28 07:00"},
		{"New Year's Eve: past New Year's Day", "2026-12-31 08:00", "2027-01-04 07:00"},
		{"Good Friday and Easter Monday", "2027-03-25 12:00", "2027-03-30 07:00"},
		{"the night the clocks go forward", "2027-03-27 23:00", "2027-03-30 07:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := digest.Next(at(c.now)); !got.Equal(at(c.want)) {
				t.Errorf("Next(%s) = %s, want %s", c.now, got.In(clock.Berlin()).Format("2006-01-02 15:04 Mon"), c.want)
			}
		})
	}
	if every := jobs.Every(time.Minute); !every.Next(at("2026-12-07 10:00")).Equal(at("2026-12-07 10:01")) {
		t.Error("Every(1m) does not run a minute later")
	}
}
