// Package db opens the platform's database on SQLite or PostgreSQL, hides the
// few differences between the two (placeholders, locking, error codes) and
// runs the embedded migrations. Stores write SQL once, with ? placeholders.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver (pure Go)
)

// Dialect names a database engine.
type Dialect string

const (
	// SQLite is the embedded default engine.
	SQLite Dialect = "sqlite"
	// Postgres is the engine for large deployments.
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned by stores when a row does not exist (or is outside
// the caller's scope, which must look the same to the caller).
var ErrNotFound = errors.New("not found")

// DB is an open database with its dialect.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	// sqlitePath is the database file when dialect is SQLite.
	sqlitePath string
	// writer admits one SQLite write transaction at a time (nil on
	// PostgreSQL). SQLite has one writer anyway; a second BEGIN IMMEDIATE
	// would wait in SQLite's busy handler, which sleeps in steps of up to
	// 100 ms and so turned lock waits into latency tails. Waiting here
	// wakes the next writer the moment the previous one commits.
	writer chan struct{}
}

// Querier is what stores need; both *DB and *Tx provide it.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// OpenSQLite opens (and creates) the SQLite database file at path, with WAL,
// foreign keys, a busy timeout, durable commits and IMMEDIATE transactions so
// that concurrent writers queue instead of failing half-way. Reads of the
// database file go through a memory map shared by all connections; each
// connection's own page cache stays at SQLite's default (2 MB) on purpose:
// every commit by another connection empties it, and a large cache made
// concurrent readers slower (docs/BENCHMARKS.md).
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("db: create directory: %w", err)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=mmap_size(1073741824)" +
		"&_txlock=immediate&_time_format=sqlite&_timezone=UTC"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	configurePool(sqldb, 8)
	d := &DB{sql: sqldb, dialect: SQLite, sqlitePath: path, writer: make(chan struct{}, 1)}
	return d, d.ping(ctx)
}

// configurePool keeps up to size connections open and idle. database/sql
// keeps only two idle by default: under concurrent requests the others
// were closed and reopened all the time, each new SQLite connection
// starting with an empty page cache and its pragmas to run again.
func configurePool(sqldb *sql.DB, size int) {
	sqldb.SetMaxOpenConns(size)
	sqldb.SetMaxIdleConns(size)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
}

// OpenPostgres opens a connection pool to the PostgreSQL database at url.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	sqldb, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	configurePool(sqldb, 20)
	d := &DB{sql: sqldb, dialect: Postgres}
	return d, d.ping(ctx)
}

func (d *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.sql.PingContext(ctx); err != nil {
		d.sql.Close()
		return fmt.Errorf("db: connect %s: %w", d.dialect, err)
	}
	return nil
}

// Dialect reports the engine.
func (d *DB) Dialect() Dialect { return d.dialect }

// SQLitePath is the database file, or "" on PostgreSQL.
func (d *DB) SQLitePath() string { return d.sqlitePath }

// Stats exposes the pool statistics for metrics.
func (d *DB) Stats() sql.DBStats { return d.sql.Stats() }

// SQL returns the underlying handle for code that must bypass rebinding
// (metrics collectors, migrations). Stores use the Querier methods.
func (d *DB) SQL() *sql.DB { return d.sql }

// Close closes the pool.
func (d *DB) Close() error { return d.sql.Close() }

// Ping checks that the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }

// Exec runs a statement.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, Rebind(d.dialect, query), args...)
}

// Query runs a query returning rows.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.sql.QueryContext(ctx, Rebind(d.dialect, query), args...)
}

// QueryRow runs a query returning at most one row.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return d.sql.QueryRowContext(ctx, Rebind(d.dialect, query), args...)
}
