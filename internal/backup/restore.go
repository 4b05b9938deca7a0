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

	"filippo.io/age"
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
	return restore(ctx, from, dataDir, force, plainReader)
}

// RestoreEncrypted is Restore for a backup written by Encrypted: it
// decrypts from with ids into the temporary file in dataDir (mode 0600,
// the same file Restore copies into), then checks and installs it exactly
// like Restore. A wrong identity or a truncated or altered file fails
// before anything in dataDir changes: age authenticates every chunk and
// the end of the stream.
func RestoreEncrypted(ctx context.Context, from, dataDir string, ids []age.Identity, force bool) error {
	if len(ids) == 0 {
		return errors.New("backup: no age identity given to decrypt " + from)
	}
	return restore(ctx, from, dataDir, force, func(r io.Reader) (io.Reader, error) {
		dr, err := age.Decrypt(r, ids...)
		if err != nil {
			return nil, fmt.Errorf("backup: decrypt %s: %w", from, err)
		}
		return dr, nil
	})
}

// opener turns the backup file's bytes into the database's bytes.
type opener func(io.Reader) (io.Reader, error)

func plainReader(r io.Reader) (io.Reader, error) { return r, nil }

// restore holds the steps Restore and RestoreEncrypted share: target
// check, fill a temporary file through open, validate it, install it.
func restore(ctx context.Context, from, dataDir string, force bool, open opener) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("backup: create data directory: %w", err)
	}
	target := filepath.Join(dataDir, DBFile)
	if err := checkTarget(from, target, force); err != nil {
		return err
	}
	tmp, err := copyToTemp(ctx, from, dataDir, open)
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

// copyToTemp writes open(from) into a new 0600 file in dir and syncs it;
// on failure the file is removed.
func copyToTemp(ctx context.Context, from, dir string, open opener) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	r, err := open(src)
	if err != nil {
		return "", err
	}
	dst, err := os.CreateTemp(dir, DBFile+".restore-*")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := copyAndSync(ctx, dst, r); err != nil {
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

// check opens path read-only and immutable (so no -wal or -shm files are
// created next to it) and validates it as a KMN database.
func check(ctx context.Context, path string) error {
	// A relative path would make a file: URL whose first element reads as
	// the authority (file://data/…), which SQLite rejects.
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&immutable=1"}
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
