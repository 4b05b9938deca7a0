package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
)

const jobsHelp = `Shows the background job queue: the number of jobs per state and the jobs in
trouble (retrying, discarded after their last attempt, cancelled), newest first.
The same as the admin page /admin/jobs.

  kmn jobs              counts and jobs in trouble
  kmn jobs --all        also the waiting jobs (ready, scheduled, running)
  kmn jobs --retry ID   run a job in trouble again now (audited "jobs.retry")

Exit status: 0 when no job is discarded, 1 when at least one is (or the
command failed), 2 on wrong usage; so cron or monitoring can alert:
  kmn jobs --data DIR || notify-admins
Discarded jobs are kept for 30 days; retry them once the cause is fixed.`

// jobsListLimit is how many jobs of each list the command prints.
const jobsListLimit = 100

// jobStateOrder is the order the counts are printed in.
var jobStateOrder = []string{"available", "scheduled", "pending", "running", "retryable", "discarded", "cancelled", "completed"}

func cmdJobs(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("jobs", jobsHelp, out)
	storageFlags(fs, &cfg)
	all := fs.Bool("all", false, "also list the waiting jobs")
	retry := fs.String("retry", "", "run the job with this `ID` again now")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return &exitError{code: 2, msg: "usage: kmn jobs [--data DIR] [--db URL] [--all] [--retry ID]"}
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	if *retry != "" {
		return retryJob(ctx, a, *retry, out)
	}
	return showJobs(ctx, a.Jobs, *all, out)
}

// showJobs prints the counts and the lists; it fails (exit 1) when jobs
// are discarded.
func showJobs(ctx context.Context, q *jobs.Queue, all bool, out io.Writer) error {
	counts, err := q.Counts(ctx)
	if err != nil {
		return err
	}
	parts := make([]string, 0, len(jobStateOrder))
	for _, s := range jobStateOrder {
		parts = append(parts, fmt.Sprintf("%s %d", s, counts[s]))
	}
	fmt.Fprintf(out, "jobs by state: %s\n", strings.Join(parts, ", "))
	if err := printJobs(ctx, q, "in trouble", jobs.Trouble, counts, out); err != nil {
		return err
	}
	if all {
		if err := printJobs(ctx, q, "waiting", jobs.Waiting, counts, out); err != nil {
			return err
		}
	}
	if n := counts["discarded"]; n > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d discarded job(s): fix the cause, then run kmn jobs --retry ID", n)}
	}
	return nil
}

// printJobs prints one list as a table, newest first.
func printJobs(ctx context.Context, q *jobs.Queue, title string, states []string, counts map[string]int, out io.Writer) error {
	list, err := q.List(ctx, states, jobsListLimit)
	if err != nil {
		return err
	}
	total := 0
	for _, s := range states {
		total += counts[s]
	}
	fmt.Fprintf(out, "\n%s: %d", title, total)
	if len(list) < total {
		fmt.Fprintf(out, " (newest %d shown)", len(list))
	}
	fmt.Fprintln(out)
	if len(list) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPT\tCREATED (UTC)\tSUMMARY\tLAST ERROR")
	for _, j := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", j.ID, j.Kind, j.State, j.Attempt, j.MaxAttempts,
			j.CreatedAt.UTC().Format("2006-01-02 15:04"), oneLine(j.Summary, 60), oneLine(j.LastError, 120))
	}
	return tw.Flush()
}

// oneLine puts s on one line of at most n characters (error texts may
// span lines).
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if s == "" {
		return "-"
	}
	return s
}

// retryJob runs a job in trouble again and audits it. A job that is done
// or waiting is left alone: running it again would repeat its work (a
// mail sent twice).
func retryJob(ctx context.Context, a *App, arg string, out io.Writer) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return &exitError{code: 2, msg: fmt.Sprintf("--retry %q: a job id is a positive number (see kmn jobs)", arg)}
	}
	j, err := a.Jobs.Retry(ctx, id)
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		return &exitError{code: 1, msg: fmt.Sprintf("no job %d", id)}
	case errors.Is(err, jobs.ErrNotInTrouble):
		return &exitError{code: 1, msg: fmt.Sprintf("job %d is %s, not in trouble: nothing to retry", id, j.State)}
	case err != nil:
		return err
	}
	entry := auth.SystemPrincipal("cli").Entry("jobs.retry", audit.ResultSuccess, "job", strconv.FormatInt(id, 10),
		map[string]string{"kind": j.Kind})
	if err := a.Audit.Write(ctx, entry); err != nil {
		return err
	}
	fmt.Fprintf(out, "job %d (%s: %s) is %s: a running server runs it now\n", id, j.Kind, j.Summary, j.State)
	return nil
}
