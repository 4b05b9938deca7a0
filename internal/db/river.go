package db

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverDriver is the job queue's driver for this engine on pool. Both
// drivers work on database/sql, so jobs are inserted in the same *sql.Tx as
// the platform's own writes on either engine. PostgreSQL runs without
// LISTEN/NOTIFY (database/sql has none): workers poll.
func (d *DB) RiverDriver(pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if d.dialect == Postgres {
		return riverdatabasesql.New(pool)
	}
	return riversqlite.New(pool)
}

// migrateRiver brings the job queue's tables (River's own migration line)
// up to date after ours. River applies each of its migrations in its own
// transaction (one adds an enum value a later one uses, which PostgreSQL
// refuses within one transaction); concurrent servers wait for each other
// on a session advisory lock held on a connection of its own.
func (d *DB) migrateRiver(ctx context.Context, log *slog.Logger) error {
	m, err := rivermigrate.New(d.RiverDriver(d.sql), &rivermigrate.Config{Logger: log})
	if err != nil {
		return fmt.Errorf("db: job queue migrations: %w", err)
	}
	if d.dialect == Postgres {
		conn, err := d.sql.Conn(ctx)
		if err != nil {
			return fmt.Errorf("db: job queue migration lock: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(hashtext('river_migrate'))"); err != nil {
			return fmt.Errorf("db: job queue migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtext('river_migrate'))") //nolint:errcheck // the session ends with the connection anyway
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("db: migrate job queue: %w", err)
	}
	for _, v := range res.Versions {
		log.Info("job queue migration applied", "version", v.Version, "name", v.Name)
	}
	return nil
}
