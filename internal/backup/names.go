package backup

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The parts of an encrypted backup's file name, kmn-20261207T070000Z.db.age:
// a UTC time to the second, so names sort by time and say it plainly.
const (
	filePrefix = "kmn-"
	fileSuffix = ".db.age"
	timeLayout = "20060102T150405Z"
)

// Temporary files in the backup directory are hidden and named
// .kmn-*.tmp, so they match neither Prune's pattern nor a careless glob for
// backups.
const (
	tempPrefix = ".kmn-"
	tempSuffix = ".tmp"
	// staleAfter is the age at which a temporary file is taken for the
	// leftover of a crashed run: no backup runs that long, and a crashed
	// run's plaintext snapshot must not stay on disk.
	staleAfter = 24 * time.Hour
)

// FileName is the name Encrypted gives a backup taken at t.
func FileName(t time.Time) string {
	return filePrefix + t.UTC().Format(timeLayout) + fileSuffix
}

// parseFileName returns the time in an encrypted backup's name, and false
// for any other name.
func parseFileName(name string) (time.Time, bool) {
	ts, ok := strings.CutPrefix(name, filePrefix)
	if !ok {
		return time.Time{}, false
	}
	if ts, ok = strings.CutSuffix(ts, fileSuffix); !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(timeLayout, ts)
	return t, err == nil
}

// removeSQLiteFile removes a temporary database and any side files SQLite
// may have made next to it; "" is a no-op.
func removeSQLiteFile(path string) {
	if path == "" {
		return
	}
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// removeStaleTemps removes temporary files left in dir by a crashed run
// (killed during the snapshot, say), which may hold plaintext. It goes by
// the real clock, not EncryptOptions.Now, which only names the file. Errors
// are ignored: the backup itself does not depend on it.
func removeStaleTemps(dir string) {
	matches, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*"+tempSuffix))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleAfter {
			os.Remove(m)
		}
	}
}

// DefaultDir is where encrypted backups go when no directory is given: a
// directory of their own in the data directory, so Prune sees only them.
// Copies off the machine are the point, though; this is only the staging
// place.
func DefaultDir(dataDir string) string { return filepath.Join(dataDir, "backups") }
