package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// The queues: mail apart from periodic work, so a long purge or backup
// never delays a notification.
const (
	QueueMail     = "mail"
	QueuePeriodic = "periodic"
)

// Options configure a queue.
type Options struct {
	Log *slog.Logger
	// Retry computes the backoff of failed jobs; nil is River's default
	// (attempt⁴ seconds with jitter). Tests shorten it.
	Retry river.ClientRetryPolicy
	// Poll is how often idle workers look for new jobs (default 1 s).
	Poll time.Duration
	// Mail delivers mail jobs (nil: the mail queue is not worked).
	Mail Sender
}

// Queue is the job queue of one server.
type Queue struct {
	client  *river.Client[*sql.Tx]
	db      *db.DB
	own     *db.DB // the queue's own SQLite pool (nil on PostgreSQL)
	reg     *Registry
	log     *slog.Logger
	metrics *metrics
	stop    func()
}

// Open builds the queue on d; it inserts jobs at once and works them after
// Start. On SQLite River gets a pool of one connection of its own (its
// internal work would otherwise contend with requests for connections);
// jobs are still inserted in the caller's transaction.
func Open(ctx context.Context, d *db.DB, reg *Registry, o Options) (*Queue, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	q := &Queue{db: d, reg: reg, log: o.Log, metrics: newMetrics()}
	pool := d.SQL()
	if d.Dialect() == db.SQLite {
		own, err := db.OpenSQLite(ctx, d.SQLitePath())
		if err != nil {
			return nil, fmt.Errorf("jobs: open queue pool: %w", err)
		}
		own.SQL().SetMaxOpenConns(1)
		q.own, pool = own, own.SQL()
	}
	if o.Mail != nil {
		Work(reg, &mailWorker{send: o.Mail, metrics: q.metrics})
	}
	poll := o.Poll
	if poll == 0 {
		poll = time.Second
	}
	client, err := river.NewClient(d.RiverDriver(pool), &river.Config{
		Logger: o.Log, PollOnly: true, FetchPollInterval: poll, RetryPolicy: o.Retry,
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 2}, QueueMail: {MaxWorkers: 2}, QueuePeriodic: {MaxWorkers: 1},
		},
		Workers: reg.workers, PeriodicJobs: reg.periodicJobs(),
		// Admins see failed work for a month, then it goes.
		DiscardedJobRetentionPeriod: 30 * 24 * time.Hour, CancelledJobRetentionPeriod: 30 * 24 * time.Hour,
		CompletedJobRetentionPeriod: 24 * time.Hour,
	})
	if err != nil {
		q.closeOwn()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	q.client = client
	return q, nil
}

// Start works jobs until ctx ends or Stop is called.
func (q *Queue) Start(ctx context.Context) error {
	events, cancel := q.client.Subscribe(river.EventKindJobFailed)
	q.stop = cancel
	go q.metrics.count(events)
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop lets running jobs finish (bounded by ctx) and stops working.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if q.stop != nil {
		q.stop()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = q.client.StopAndCancel(context.Background())
	}
	return err
}

// Close releases the queue's own pool; call it after Stop.
func (q *Queue) Close() { q.closeOwn() }

func (q *Queue) closeOwn() {
	if q.own != nil {
		q.own.Close()
	}
}

// InsertTx adds a job in the transaction of the change that causes it.
func (q *Queue) InsertTx(ctx context.Context, tx *db.Tx, args river.JobArgs) error {
	if _, err := q.client.InsertTx(ctx, tx.SQLTx(), args, nil); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Insert adds a job on its own.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs) error {
	return q.db.InTx(ctx, func(tx *db.Tx) error { return q.InsertTx(ctx, tx, args) })
}

// Tasks lists the registered periodic tasks.
func (q *Queue) Tasks() []Task { return q.reg.Tasks() }
