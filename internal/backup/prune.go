package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// backupFile is one encrypted backup in a directory.
type backupFile struct {
	name string
	at   time.Time
}

// Prune thins out the encrypted backups (kmn-<time>.db.age) in dir and
// returns the paths it removed. It keeps the newest backup of each of the
// last keepDaily calendar days and the newest of each of the last
// keepWeekly ISO weeks, counting today and this week, in Lower Saxony's
// time zone (Europe/Berlin); the time is read from the file name. The
// newest backup is always kept, so a job that resumes after weeks of
// failures does not delete the last good backup. Other files are left
// alone. Removal goes on past a failure; the errors are joined.
func Prune(dir string, keepDaily, keepWeekly int, now time.Time) (removed []string, err error) {
	if keepDaily < 0 || keepWeekly < 0 {
		return nil, fmt.Errorf("backup: prune: negative count (daily %d, weekly %d)", keepDaily, keepWeekly)
	}
	backups, err := listBackups(dir)
	if err != nil {
		return nil, err
	}
	keep := keepSet(backups, keepDaily, keepWeekly, now)
	var errs []error
	for _, b := range backups {
		if keep[b.name] {
			continue
		}
		path := filepath.Join(dir, b.name)
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("backup: prune: %w", err))
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}

// listBackups returns the backups in dir, newest first.
func listBackups(dir string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup: prune: %w", err)
	}
	var bs []backupFile
	for _, e := range entries {
		if at, ok := parseFileName(e.Name()); ok && e.Type().IsRegular() {
			bs = append(bs, backupFile{e.Name(), at})
		}
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].at.After(bs[j].at) })
	return bs, nil
}

// keepSet names the backups to keep; bs is sorted newest first, so the
// first backup seen in a day or week is that period's newest.
func keepSet(bs []backupFile, keepDaily, keepWeekly int, now time.Time) map[string]bool {
	keep := map[string]bool{}
	if len(bs) > 0 {
		keep[bs[0].name] = true
	}
	days, weeks := recentPeriods(now, keepDaily, keepWeekly)
	for _, b := range bs {
		local := b.at.In(clock.Berlin())
		if d := local.Format(time.DateOnly); days[d] {
			days[d] = false // only the newest of the day
			keep[b.name] = true
		}
		if w := isoWeek(local); weeks[w] {
			weeks[w] = false
			keep[b.name] = true
		}
	}
	return keep
}

// recentPeriods lists the last nDays calendar days and nWeeks ISO weeks up
// to now, in Berlin time. Days are stepped by calendar date at noon, not
// by 24 hours, so a daylight saving change skips or repeats none.
func recentPeriods(now time.Time, nDays, nWeeks int) (days, weeks map[string]bool) {
	local := now.In(clock.Berlin())
	y, m, d := local.Date()
	day := func(offset int) time.Time { return time.Date(y, m, d-offset, 12, 0, 0, 0, clock.Berlin()) }
	days, weeks = map[string]bool{}, map[string]bool{}
	for i := range nDays {
		days[day(i).Format(time.DateOnly)] = true
	}
	for i := range nWeeks {
		weeks[isoWeek(day(7*i))] = true
	}
	return days, weeks
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}
