package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Append adds e to the log inside tx, so the audited change and its audit
// row commit together. It serialises writers of the log until tx ends
// (advisory lock on PostgreSQL, the single writer on SQLite), so callers
// should append late in their transaction and commit promptly.
func (l *Log) Append(ctx context.Context, tx *db.Tx, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	detail, err := encodeDetail(e.Detail)
	if err != nil {
		return err
	}
	if err := tx.LockTable(ctx, "audit_log"); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	seq, prev, err := lastLink(ctx, tx)
	if err != nil {
		return err
	}
	r := row{seq: seq + 1, at: l.now(), e: e, detail: detail, prevHash: prev}
	if r.hash, err = computeHash(r); err != nil {
		return err
	}
	return insertRow(ctx, tx, r)
}

// Write appends e in a transaction of its own, for events that change
// nothing else (logins, denials, reads), and returns once the row is
// committed. Concurrent Writes share transactions (group commit, see
// batch.go): the chain allows one writer at a time, and a transaction per
// row made every read of a busy server queue for the lock and a disk flush.
func (l *Log) Write(ctx context.Context, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	if _, err := encodeDetail(e.Detail); err != nil {
		return err
	}
	return l.batch.write(ctx, l, e)
}

// appendAll appends entries in order inside tx (one lock, one read of the
// chain's head).
func (l *Log) appendAll(ctx context.Context, tx *db.Tx, entries []Entry) error {
	if err := tx.LockTable(ctx, "audit_log"); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	seq, prev, err := lastLink(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range entries {
		detail, err := encodeDetail(e.Detail)
		if err != nil {
			return err
		}
		seq++
		r := row{seq: seq, at: l.now(), e: e, detail: detail, prevHash: prev}
		if r.hash, err = computeHash(r); err != nil {
			return err
		}
		if err := insertRow(ctx, tx, r); err != nil {
			return err
		}
		prev = r.hash
	}
	return nil
}

// lastLink returns the newest row's seq and hash, or 0 and "" on an empty log.
func lastLink(ctx context.Context, q db.Querier) (int64, string, error) {
	var seq int64
	var hash string
	err := q.QueryRow(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("audit: read last row: %w", err)
	}
	return seq, hash, nil
}

func insertRow(ctx context.Context, q db.Querier, r row) error {
	_, err := q.Exec(ctx, `INSERT INTO audit_log
		(seq, at, actor_id, actor, action, object_type, object_id, result, ip, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.seq, r.at, r.e.ActorID, r.e.Actor, r.e.Action, r.e.ObjectType, r.e.ObjectID,
		string(r.e.Result), r.e.IP, r.detail, r.prevHash, r.hash)
	if err != nil {
		return fmt.Errorf("audit: insert row %d: %w", r.seq, err)
	}
	return nil
}

// AuditedRead runs read on a snapshot (db.InRead), then appends the entry
// read returns with Write. Reads thus never hold the writer lock (SQLite)
// or the chain's lock (PostgreSQL) while they run; the caller hands out
// what was read only after its row is committed, so no read goes
// unrecorded.
func (l *Log) AuditedRead(ctx context.Context, read func(q db.Querier) (Entry, error)) error {
	var e Entry
	err := l.db.InRead(ctx, func(q db.Querier) error {
		var err error
		e, err = read(q)
		return err
	})
	if err != nil {
		return err
	}
	return l.Write(ctx, e)
}
