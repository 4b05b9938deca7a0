package audit

import (
	"context"
	"fmt"
)

// verifyBatch is how many rows Verify reads per query; memory stays flat
// however long the log grows.
const verifyBatch = 500

// Report is the outcome of Verify.
type Report struct {
	// Rows is the number of rows read.
	Rows int64
	// Head is the stored hash of the newest row ("" for an empty log).
	// Compare it with a head recorded earlier to detect tail truncation.
	Head string
	// Broken is the first row where the chain breaks, nil when intact.
	Broken *Break
}

// Break names the first row at which the chain does not hold.
type Break struct {
	// Seq is the row's sequence number: the edited row, or the first row
	// after a gap left by a deleted one.
	Seq int64
	// Reason says what is wrong, for the operator.
	Reason string
}

// chain is Verify's walking state.
type chain struct {
	rep      Report
	nextSeq  int64
	prevHash string
}

// Verify walks the whole log in seq order, in batches, and recomputes every
// hash. A non-nil error means the log could not be read; a broken chain is
// reported in Report.Broken.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	c := &chain{nextSeq: 1}
	var after int64
	for {
		n, last, err := l.verifyBatch(ctx, c, after)
		if err != nil {
			return Report{}, err
		}
		if n < verifyBatch {
			return c.rep, nil
		}
		after = last
	}
}

// verifyBatch checks up to verifyBatch rows with seq > after and returns how
// many it read and the last seq.
func (l *Log) verifyBatch(ctx context.Context, c *chain, after int64) (int, int64, error) {
	rows, err := l.db.Query(ctx, "SELECT "+columns+" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", after, verifyBatch)
	if err != nil {
		return 0, 0, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	n, last := 0, after
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return 0, 0, err
		}
		if err := c.check(r); err != nil {
			return 0, 0, err
		}
		n, last = n+1, r.seq
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("audit: verify: %w", err)
	}
	return n, last, nil
}

// check verifies one row against its predecessor and records the first
// break. After a break the walk continues from the stored values, so Rows
// and Head still describe the whole log.
func (c *chain) check(r row) error {
	c.rep.Rows++
	c.rep.Head = r.hash
	if c.rep.Broken == nil {
		reason, err := c.fault(r)
		if err != nil {
			return err
		}
		if reason != "" {
			c.rep.Broken = &Break{Seq: r.seq, Reason: reason}
		}
	}
	c.nextSeq, c.prevHash = r.seq+1, r.hash
	return nil
}

// fault returns why r does not continue the chain, or "".
func (c *chain) fault(r row) (string, error) {
	switch {
	case r.seq != c.nextSeq && c.nextSeq == 1:
		return fmt.Sprintf("log starts at seq %d, not 1 (rows deleted or inserted)", r.seq), nil
	case r.seq != c.nextSeq:
		return fmt.Sprintf("gap in seq: expected %d (rows deleted or inserted)", c.nextSeq), nil
	case r.prevHash != c.prevHash:
		return "prev_hash does not match the previous row's hash (row inserted, deleted or rewritten)", nil
	}
	want, err := computeHash(r)
	if err != nil {
		return "", err
	}
	if want != r.hash {
		return "hash does not match the row's content (row edited)", nil
	}
	return "", nil
}
