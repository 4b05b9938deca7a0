package audit

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// maxBatch bounds the rows of one group commit, so one transaction stays
// short.
const maxBatch = 128

// batcher groups concurrent Writes into shared transactions. A writer that
// finds no flush running leads: it writes every row queued by then (its
// own first) in one transaction and hands each writer its result. Rows
// that arrived meanwhile wait for the next flush, which the oldest of
// them leads, so nobody flushes for others for longer than one
// transaction. A lone writer gets its own transaction at once, as before.
type batcher struct {
	mu      sync.Mutex
	queue   []pending
	leading bool
	// queued and flushes count rows queued and transactions written (for
	// tests and a future metric).
	queued, flushes atomic.Int64
}

type pending struct {
	e    Entry
	done chan result // capacity 1: a lead signal, then the result
}

type result struct {
	err  error
	lead bool // the receiver flushes the queue next
}

// write queues e and returns once it is committed (or failed). It waits
// for the commit even when ctx ends first, since the row may be in a
// transaction already.
func (b *batcher) write(ctx context.Context, l *Log, e Entry) error {
	done := make(chan result, 1)
	b.mu.Lock()
	b.queue = append(b.queue, pending{e: e, done: done})
	b.queued.Add(1)
	if !b.leading {
		b.leading = true
		done <- result{lead: true}
	}
	b.mu.Unlock()
	for {
		r := <-done
		if !r.lead {
			return r.err
		}
		b.flush(context.WithoutCancel(ctx), l)
	}
}

// flush writes the queued rows (at most maxBatch, the leader's first) in
// one transaction, reports to their writers and passes the lead on.
func (b *batcher) flush(ctx context.Context, l *Log) {
	b.mu.Lock()
	n := min(len(b.queue), maxBatch)
	batch := b.queue[:n:n]
	b.queue = b.queue[n:]
	b.mu.Unlock()

	entries := make([]Entry, len(batch))
	for i, p := range batch {
		entries[i] = p.e
	}
	err := l.db.InTx(ctx, func(tx *db.Tx) error { return l.appendAll(ctx, tx, entries) })
	b.flushes.Add(1)
	for _, p := range batch {
		p.done <- result{err: err}
	}

	b.mu.Lock()
	if len(b.queue) > 0 {
		b.queue[0].done <- result{lead: true}
	} else {
		b.leading = false
	}
	b.mu.Unlock()
}
