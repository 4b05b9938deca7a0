package db

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is a transaction with the same query methods as DB.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
}

// InTx runs fn in a transaction and commits when fn returns nil. Any error or
// panic rolls back, so a failed request writes nothing.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if d.writer != nil {
		select {
		case d.writer <- struct{}{}:
			defer func() { <-d.writer }()
		case <-ctx.Done():
			return fmt.Errorf("db: begin: %w", ctx.Err())
		}
	}
	sqltx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqltx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqltx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: sqltx, dialect: d.dialect}); err != nil {
		return err
	}
	if err = sqltx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Dialect reports the engine.
func (t *Tx) Dialect() Dialect { return t.dialect }

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, Rebind(t.dialect, query), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, Rebind(t.dialect, query), args...)
}

// QueryRow runs a single-row query in the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, Rebind(t.dialect, query), args...)
}

// LockTable serialises writers of one logical resource until the transaction
// ends. SQLite transactions are already IMMEDIATE (one writer at a time);
// PostgreSQL takes a transaction-scoped advisory lock keyed by name.
func (t *Tx) LockTable(ctx context.Context, name string) error {
	if t.dialect != Postgres {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", name)
	if err != nil {
		return fmt.Errorf("db: lock %s: %w", name, err)
	}
	return nil
}

// InRead runs fn on one consistent snapshot without taking the write lock:
// a read-only REPEATABLE READ transaction on PostgreSQL, a deferred
// transaction on SQLite (whose InTx transactions are IMMEDIATE, i.e. hold
// the single writer lock from the start). Long reads then never queue the
// writers behind them. fn must not write.
func (d *DB) InRead(ctx context.Context, fn func(q Querier) error) error {
	if d.dialect == Postgres {
		sqltx, err := d.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
		if err != nil {
			return fmt.Errorf("db: begin read: %w", err)
		}
		defer sqltx.Rollback() //nolint:errcheck // a read-only transaction has nothing to keep
		return fn(&Tx{tx: sqltx, dialect: d.dialect})
	}
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: read connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("db: begin read: %w", err)
	}
	// A fresh context: the snapshot must end even when ctx was cancelled,
	// or the connection would go back to the pool inside a transaction.
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") //nolint:errcheck // nothing was written
	return fn(connQuerier{conn: conn, dialect: d.dialect})
}

// connQuerier runs queries on one pooled connection.
type connQuerier struct {
	conn    *sql.Conn
	dialect Dialect
}

func (c connQuerier) Dialect() Dialect { return c.dialect }

func (c connQuerier) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.conn.ExecContext(ctx, Rebind(c.dialect, query), args...)
}

func (c connQuerier) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.conn.QueryContext(ctx, Rebind(c.dialect, query), args...)
}

func (c connQuerier) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.conn.QueryRowContext(ctx, Rebind(c.dialect, query), args...)
}

// SQLTx is the transaction's database/sql handle, for libraries that must
// take part in it (the job queue inserts its jobs in the transaction of the
// change that causes them). Stores use the Querier methods.
func (t *Tx) SQLTx() *sql.Tx { return t.tx }
