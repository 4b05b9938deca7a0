package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// DBFile is the database file name inside the data directory.
const DBFile = "kmn.db"

// Restore installs the SQLite backup from as dataDir/kmn.db. The server must
// be stopped. It refuses to replace an existing database unless force is
// set, copies into a temporary file in dataDir, checks that copy (it opens
// as SQLite, PRAGMA integrity_check says ok, it has goose_db_version) and
// only then renames it into place, so a failed restore leaves dataDir as it
// was. Stale -wal, -shm and -journal files of the old database are removed
// first: SQLite would otherwise replay them into the restored file.
func Restore(ctx context.Context, from, dataDir string, force bool) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("backup: create data directory: %w", err)
	}
	target := filepath.Join(dataDir, DBFile)
	if err := checkTarget(from, target, force); err != nil {
		return err
	}
	tmp, err := copyToTemp(ctx, from, dataDir)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // no-op once renamed
	if err := check(ctx, tmp); err != nil {
		return fmt.Errorf("backup: %s is not a usable backup: %w", from, err)
	}
	return install(tmp, target)
}

// checkTarget refuses to overwrite target without force, and always refuses
// to restore a file onto itself.
func checkTarget(from, target string, force bool) error {
	ti, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(from); err == nil && os.SameFile(fi, ti) {
		return fmt.Errorf("backup: %s is the database to be replaced", from)
	}
	if !force {
		return fmt.Errorf("%w: %s (restore with force to replace it)", ErrExists, target)
	}
	return nil
}

// copyToTemp copies from into a new 0600 file in dir and syncs it.
func copyToTemp(ctx context.Context, from, dir string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	dst, err := os.CreateTemp(dir, DBFile+".restore-*")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := copyAndSync(ctx, dst, src); err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return "", err
	}
	if err := dst.Close(); err != nil {
		os.Remove(dst.Name())
		return "", fmt.Errorf("backup: %w", err)
	}
	return dst.Name(), nil
}

func copyAndSync(ctx context.Context, dst *os.File, src io.Reader) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	if err := dst.Sync(); err != nil {
		return fmt.Errorf("backup: sync: %w", err)
	}
	return nil
}

// check opens path read-only and immutable (so no -wal or -shm files are
// created next to it) and validates it as a KMN database.
func check(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro&immutable=1"}
	sqldb, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer sqldb.Close()
	if err := integrityOK(ctx, sqldb); err != nil {
		return err
	}
	return hasMigrations(ctx, sqldb)
}

// integrityOK runs PRAGMA integrity_check, which returns the single row "ok"
// for a sound database and a list of problems otherwise.
func integrityOK(ctx context.Context, sqldb *sql.DB) error {
	var res string
	if err := sqldb.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

// hasMigrations checks for goose's version table, i.e. a KMN database
// rather than any SQLite file.
func hasMigrations(ctx context.Context, sqldb *sql.DB) error {
	var n int
	err := sqldb.QueryRowContext(ctx,
		"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", "goose_db_version").Scan(&n)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if n != 1 {
		return errors.New("no goose_db_version table (not a KMN database)")
	}
	return nil
}

// install removes the old database's side files and renames tmp to target.
func install(tmp, target string) error {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("backup: remove stale %s: %w", target+suffix, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(target)
}
