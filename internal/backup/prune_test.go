package backup_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/backup"
)

// TestPrune uses backups named by UTC time; the comments give Berlin time
// (CET, UTC+1, in these months) where it decides the day or week.
// 2026-12-07 is a Monday, the first day of ISO week 50.
func TestPrune(t *testing.T) {
	monday := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		now           time.Time
		daily, weekly int
		keep, remove  []string // backup times as in the file name
		others        []string // files Prune must not touch
	}{
		{name: "empty directory", now: monday, daily: 7, weekly: 4},
		{
			name: "newest of each day", now: monday, daily: 3,
			keep:   []string{"20261207T030000Z", "20261206T200000Z", "20261205T100000Z"},
			remove: []string{"20261207T010000Z", "20261206T100000Z", "20261201T100000Z"},
		},
		{
			name: "days are Berlin days", now: monday, daily: 2,
			keep: []string{
				"20261207T050000Z",
				"20261206T223000Z", // 23:30 on 6 Dec: newest of that day
			},
			remove: []string{
				"20261206T233000Z", // 00:30 on 7 Dec, older than 05:00Z
				"20261206T100000Z",
			},
		},
		{
			name: "newest of each ISO week", now: monday, daily: 2, weekly: 3,
			keep: []string{
				"20261207T050000Z", // W50
				"20261206T100000Z", // Sunday, W49
				"20261129T223000Z", // Sunday 23:30, newest of W48
			},
			remove: []string{
				"20261205T100000Z",
				"20261129T233000Z", // Monday 00:30, W49
				"20261124T100000Z",
				"20261120T100000Z", // W47: beyond three weeks
			},
		},
		{
			name: "days across the change to summer time", now: time.Date(2026, 3, 30, 10, 0, 0, 0, time.UTC), daily: 3,
			keep: []string{
				"20260330T050000Z",
				"20260328T233000Z", // 00:30 on 29 Mar (CET)
				"20260328T223000Z", // 23:30 on 28 Mar
			},
			remove: []string{"20260328T100000Z", "20260327T223000Z"},
		},
		{
			name: "newest kept even when outside every period", now: monday, daily: 7, weekly: 4,
			keep:   []string{"20261001T030000Z"},
			remove: []string{"20260901T030000Z"},
		},
		{
			name: "zero counts keep only the newest", now: monday,
			keep:   []string{"20261207T030000Z"},
			remove: []string{"20261207T010000Z", "20261101T010000Z"},
		},
		{
			name: "other files are left alone", now: monday, daily: 1,
			keep:   []string{"20261207T030000Z"},
			remove: []string{"20261201T030000Z"},
			others: []string{"notes.txt", "kmn-latest.db.age", "kmn-20261101T100000Z.db",
				".kmn-20261101T100000Z.db.age.tmp", "kmn-20261101T100000.db.age", "kmn.db"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			all := slices.Concat(backupNames(tt.keep), backupNames(tt.remove), tt.others)
			for _, name := range all {
				if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			removed, err := backup.Prune(dir, tt.daily, tt.weekly, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range removed {
				if filepath.Dir(p) != dir {
					t.Errorf("removed path %s not in %s", p, dir)
				}
				got = append(got, filepath.Base(p))
			}
			want := backupNames(tt.remove)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("removed %v, want %v", got, want)
			}
			onlyFiles(t, dir, slices.Concat(backupNames(tt.keep), tt.others)...)
		})
	}
}

func TestPruneIgnoresDirectories(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "kmn-20260101T000000Z.db.age")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Prune(dir, 0, 0, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sub); err != nil {
		t.Errorf("directory removed: %v", err)
	}
}

func TestPruneRefusesNegativeCounts(t *testing.T) {
	if _, err := backup.Prune(t.TempDir(), -1, 4, time.Now()); err == nil {
		t.Error("negative count accepted")
	}
}

func backupNames(times []string) []string {
	var s []string
	for _, ts := range times {
		s = append(s, "kmn-"+ts+".db.age")
	}
	return s
}
