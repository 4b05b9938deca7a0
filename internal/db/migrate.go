package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one sequence of numbered files. common/ is portable SQL;
// a file of the same name in sqlite/ or postgres/ replaces it for that engine,
// which is the only place where the two engines' SQL may differ.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date: the platform's migrations, then
// the job queue's. It is safe to run at every start and
// from several servers at once (goose takes a lock on PostgreSQL).
func (d *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	fsys, err := migrationFS(d.dialect)
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.dialect == Postgres {
		gd = goose.DialectPostgres
		locker, err := newPostgresLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, d.sql, fsys, opts...)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "file", r.Source.Path, "duration", r.Duration.Round(time.Millisecond))
	}
	return d.migrateRiver(ctx, log)
}

// SchemaVersion is the newest applied migration.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.QueryRow(ctx, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = ?", true).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("db: schema version: %w", err)
	}
	return v, nil
}

// migrationFS merges common/ with the engine's own directory into one flat
// file system, the engine's file winning when both have the same name.
func migrationFS(d Dialect) (fs.FS, error) {
	files := map[string][]byte{}
	for _, dir := range []string{"migrations/common", "migrations/" + string(d)} {
		entries, err := migrations.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("db: read %s: %w", dir, err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			b, err := migrations.ReadFile(dir + "/" + e.Name())
			if err != nil {
				return nil, fmt.Errorf("db: read %s: %w", e.Name(), err)
			}
			files[e.Name()] = b
		}
	}
	return memFS(files), nil
}

// MigrationNames lists the merged migration files for an engine, in order.
func MigrationNames(d Dialect) ([]string, error) {
	fsys, err := migrationFS(d)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(fsys.(memFS)))
	for n := range fsys.(memFS) {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// newPostgresLocker makes concurrent servers wait for each other's
// migrations instead of applying the same file twice.
func newPostgresLocker() (lock.SessionLocker, error) {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	return l, nil
}
