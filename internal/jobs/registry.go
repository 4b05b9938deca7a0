package jobs

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
)

// Task is a piece of periodic work: housekeeping, retention purges,
// digests, backups. Run must be idempotent: a task may run again after a
// crash, and a late run must not do harm.
type Task struct {
	// Name identifies the task in jobs, logs and metrics ("sessions.cleanup").
	Name string
	// Description says what it does, for admins (English, like logs).
	Description string
	// Schedule says when it runs; Every and WorkingDaysAt build one.
	Schedule Schedule
	// Run does the work.
	Run func(ctx context.Context) error
	// RunOnStart inserts a run when a leader starts, for tasks whose
	// period is long compared to how often servers restart.
	RunOnStart bool
}

// Registry collects the workers and periodic tasks before the queue is
// opened; app wires every one in one place, like Gitea's cron registry.
type Registry struct {
	workers *river.Workers
	tasks   []Task
	kinds   []string
}

// NewRegistry returns a registry with the periodic-task worker in it.
func NewRegistry() *Registry {
	r := &Registry{workers: river.NewWorkers()}
	Work(r, &taskWorker{r: r})
	return r
}

// Work registers the worker of one job kind.
func Work[T river.JobArgs](r *Registry, w river.Worker[T]) {
	river.AddWorker(r.workers, w)
	var args T
	r.kinds = append(r.kinds, args.Kind())
}

// Periodic registers a periodic task. Names must be unique.
func (r *Registry) Periodic(t Task) {
	if t.Name == "" || t.Run == nil || t.Schedule.next == nil {
		panic("jobs: a periodic task needs a name, a schedule and a function")
	}
	if slices.ContainsFunc(r.tasks, func(o Task) bool { return o.Name == t.Name }) {
		panic(fmt.Sprintf("jobs: periodic task %q registered twice", t.Name))
	}
	r.tasks = append(r.tasks, t)
}

// Tasks lists the periodic tasks in the order registered.
func (r *Registry) Tasks() []Task { return slices.Clone(r.tasks) }

func (r *Registry) task(name string) (Task, bool) {
	i := slices.IndexFunc(r.tasks, func(t Task) bool { return t.Name == name })
	if i < 0 {
		return Task{}, false
	}
	return r.tasks[i], true
}

// periodicJobs turns the tasks into River's periodic jobs. Each insert is
// unique per task and period, so two leaders in quick succession (a
// leader change) still insert one run per period.
func (r *Registry) periodicJobs() []*river.PeriodicJob {
	var out []*river.PeriodicJob
	for _, t := range r.tasks {
		name, period := t.Name, t.Schedule.period
		out = append(out, river.NewPeriodicJob(t.Schedule, func() (river.JobArgs, *river.InsertOpts) {
			return TaskArgs{Task: name}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: period}}
		}, &river.PeriodicJobOpts{ID: name, RunOnStart: t.RunOnStart}))
	}
	return out
}

// TaskArgs is the job of one run of a periodic task.
type TaskArgs struct {
	Task string `json:"task"`
}

// Kind names the job kind.
func (TaskArgs) Kind() string { return "periodic" }

// InsertOpts keeps periodic work apart from mail, so a long purge never
// holds up a notification.
func (TaskArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueuePeriodic, MaxAttempts: 5}
}

type taskWorker struct {
	river.WorkerDefaults[TaskArgs]
	r *Registry
}

func (w *taskWorker) Work(ctx context.Context, job *river.Job[TaskArgs]) error {
	t, ok := w.r.task(job.Args.Task)
	if !ok {
		// A task removed in a newer version: nothing to do, ever.
		return river.JobCancel(fmt.Errorf("jobs: no periodic task %q", job.Args.Task))
	}
	return t.Run(ctx)
}

// Timeout gives periodic work (a purge of many files, a backup) longer
// than River's default minute.
func (w *taskWorker) Timeout(*river.Job[TaskArgs]) time.Duration { return 30 * time.Minute }
