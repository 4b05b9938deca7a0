package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job is one job as admins see it.
type Job struct {
	ID          int64
	Kind        string
	Queue       string
	State       string
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	// Summary names the work: the periodic task, or the mail's recipient
	// and subject (staff addresses and fixed texts, never client data).
	Summary string
	// LastError is the newest attempt's error ("" when none failed).
	LastError string
}

// Trouble are the states of work that did not get done: waiting for a
// retry, given up after its attempts, or refused for good.
var Trouble = []string{string(rivertype.JobStateRetryable), string(rivertype.JobStateDiscarded), string(rivertype.JobStateCancelled)}

// Waiting are the states of work not yet done.
var Waiting = []string{string(rivertype.JobStateAvailable), string(rivertype.JobStateScheduled),
	string(rivertype.JobStateRunning), string(rivertype.JobStatePending)}

// List returns up to limit jobs in the given states, newest first.
func (q *Queue) List(ctx context.Context, states []string, limit int) ([]Job, error) {
	var st []rivertype.JobState
	for _, s := range states {
		st = append(st, rivertype.JobState(s))
	}
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(st...).First(limit).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc))
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, jobOf(r))
	}
	return out, nil
}

func jobOf(r *rivertype.JobRow) Job {
	j := Job{ID: r.ID, Kind: r.Kind, Queue: r.Queue, State: string(r.State), Attempt: r.Attempt,
		MaxAttempts: r.MaxAttempts, CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt, Summary: summary(r)}
	if n := len(r.Errors); n > 0 {
		j.LastError = r.Errors[n-1].Error
	}
	return j
}

func summary(r *rivertype.JobRow) string {
	switch r.Kind {
	case TaskArgs{}.Kind():
		var a TaskArgs
		if json.Unmarshal(r.EncodedArgs, &a) == nil {
			return a.Task
		}
	case MailArgs{}.Kind():
		var a MailArgs
		if json.Unmarshal(r.EncodedArgs, &a) == nil {
			return a.Message.To + ": " + a.Message.Subject
		}
	}
	return r.Kind
}

// Counts returns the number of jobs per state.
func (q *Queue) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := q.db.Query(ctx, "SELECT state, COUNT(*) FROM river_job GROUP BY state")
	if err != nil {
		return nil, fmt.Errorf("jobs: counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("jobs: counts: %w", err)
		}
		out[state] = n
	}
	return out, rows.Err()
}

// ErrNotInTrouble is returned by Retry for a job that is waiting or done.
var ErrNotInTrouble = errors.New("jobs: the job is not in trouble")

// Retry makes a job in trouble (retryable, discarded, cancelled) run again
// now. A job that is waiting or done is left alone (ErrNotInTrouble):
// River would run a completed job again, and a retry sent twice must not
// send a mail twice.
func (q *Queue) Retry(ctx context.Context, id int64) (Job, error) {
	j, err := q.Get(ctx, id)
	if err != nil {
		return Job{}, err
	}
	if !slices.Contains(Trouble, j.State) {
		return j, ErrNotInTrouble
	}
	r, err := q.client.JobRetry(ctx, id)
	if err != nil {
		if err == rivertype.ErrNotFound {
			return Job{}, ErrNotFound
		}
		return Job{}, fmt.Errorf("jobs: retry: %w", err)
	}
	return jobOf(r), nil
}

// Get returns one job.
func (q *Queue) Get(ctx context.Context, id int64) (Job, error) {
	r, err := q.client.JobGet(ctx, id)
	if err != nil {
		if err == rivertype.ErrNotFound {
			return Job{}, ErrNotFound
		}
		return Job{}, fmt.Errorf("jobs: get: %w", err)
	}
	return jobOf(r), nil
}
