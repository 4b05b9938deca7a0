// Package jobs is the platform's background work: a River queue on the
// platform's own database (SQLite or PostgreSQL, database/sql drivers) and
// the one registry of periodic tasks with their schedules.
//
// A change that must have a consequence (a notification mail, later a
// referral reminder) inserts its job in its own transaction with InsertTx:
// a rolled-back change leaves no job, a committed one always has its job,
// even when the server dies right after the commit. Workers run jobs at
// least once, retry failures with backoff and keep jobs that exhausted
// their attempts (or were refused for good) as discarded or cancelled, for
// admins to see and retry (/admin/jobs, `kmn jobs`).
//
// Periodic tasks are inserted by the elected leader only and unique per
// period, so several `kmn serve` processes on one PostgreSQL database run
// each of them once.
package jobs

import "errors"

// ErrNotFound is returned for a job id that does not exist (any more).
var ErrNotFound = errors.New("jobs: not found")
