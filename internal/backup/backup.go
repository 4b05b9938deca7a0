package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// ErrPostgres is returned by SQLite and Encrypted when the database is
// PostgreSQL.
var ErrPostgres = errors.New("backup: the database is PostgreSQL; back it up with pg_dump or WAL archiving (base backups, the provider's snapshots) instead")

// ErrExists is wrapped when a backup or restore would overwrite a file.
var ErrExists = errors.New("backup: file exists")

// SQLite writes a consistent snapshot of d to out while the server keeps
// serving: VACUUM INTO reads one transaction's view, and WAL lets writers
// carry on meanwhile. It refuses PostgreSQL and an existing out, writes to
// out+".tmp" first and publishes the file (mode 0600) only once it is
// complete and synced, so out is never a partial backup.
func SQLite(ctx context.Context, d *db.DB, out string) error {
	if d.Dialect() != db.SQLite {
		return ErrPostgres
	}
	if err := refuseExisting(out); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := createEmpty(tmp); err != nil {
		return err
	}
	if err := snapshot(ctx, d, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := publish(tmp, out); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// refuseExisting fails when path exists (or cannot be checked).
func refuseExisting(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("%w: %s (will not overwrite)", ErrExists, path)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	default:
		return fmt.Errorf("backup: %w", err)
	}
}

// createEmpty creates path exclusively with mode 0600. VACUUM INTO accepts
// an empty file, so the snapshot inherits the mode, and a concurrent or
// interrupted backup to the same path is noticed instead of clobbered.
func createEmpty(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w: %s (another backup running, or an interrupted one: remove it)", ErrExists, path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return f.Close()
}

// snapshot runs VACUUM INTO path, then syncs the file to disk.
func snapshot(ctx context.Context, d *db.DB, path string) error {
	if _, err := d.Exec(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(path)
}

// publish moves tmp to out without overwriting out: a hard link fails if
// out appeared meanwhile; where links are unsupported it falls back to a
// check and rename.
func publish(tmp, out string) error {
	err := os.Link(tmp, out)
	switch {
	case err == nil:
		if err := os.Remove(tmp); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s (will not overwrite)", ErrExists, out)
	default:
		if err := refuseExisting(out); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return syncDir(out)
}
