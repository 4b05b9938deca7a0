package staff

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// jobsLimit is how many jobs the page lists (newest first).
const jobsLimit = 100

// jobStates are the figures at the top of the page, in the order work
// goes through them; completed jobs are kept for a day.
var jobStates = []string{"available", "scheduled", "pending", "running", "retryable", "discarded", "cancelled", "completed"}

// jobRoutes are the admin pages of the background jobs.
func (h *Handler) jobRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/admin/jobs", Perm: perm.JobsManage, Handler: h.listJobs},
		{Method: "POST", Pattern: "/admin/jobs/{id}/retry", Perm: perm.JobsManage, Handler: h.retryJob},
	}
}

// jobsPage shows the queue: figures per state, the jobs of one tab
// (trouble or waiting) and the periodic tasks.
type jobsPage struct {
	site.Base
	Figures []jobFigure
	Tabs    []site.NavItem
	Trouble bool
	Caption string
	Count   string
	// More says that only the newest jobsLimit jobs are listed.
	More  string
	Empty string
	Rows  []jobRow
	Tasks []taskRow
}

// jobFigure is the number of jobs in one state.
type jobFigure struct {
	Label string
	Count int
	Href  string
	Alert bool
}

// jobRow is one job as the table shows it. Summary names the work in
// words; Code is the technical name beside it (a periodic task's name, an
// unknown kind), for matching the job with logs and `kmn jobs`.
type jobRow struct {
	ID                      int64
	Kind, Summary, Code     string
	State, Attempt          string
	Created, CreatedISO     string
	Scheduled, ScheduledISO string
	LastError               string
	// Retry offers to run a job in trouble again; RetryLabel names the
	// job for screen readers, which hear every row's button alike.
	Retry      bool
	RetryLabel string
}

// taskRow is one periodic task. Texts without a translation are shown
// in English, marked as such (Lang "en").
type taskRow struct {
	Title, Name          string
	Description, DescEn  string
	Schedule, ScheduleEn string
}

// listJobs shows the jobs in trouble (default) or waiting (?status=waiting).
func (h *Handler) listJobs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tab := "trouble"
	if r.URL.Query().Get("status") == "waiting" {
		tab = "waiting"
	}
	states := tabStates(tab)
	counts, err := h.Jobs.Counts(ctx)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	list, err := h.Jobs.List(ctx, states, jobsLimit)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := jobsPage{Base: h.Base(w, r, "jobs.title"), Trouble: tab == "trouble"}
	p.Figures = jobFigures(p.Base, counts)
	for _, t := range []string{"trouble", "waiting"} {
		p.Tabs = append(p.Tabs, site.NavItem{Href: tabHref(t), Current: t == tab,
			Label: p.T("jobs.tab_"+t, "Count", sumStates(counts, tabStates(t)))})
	}
	total := sumStates(counts, states)
	p.Caption, p.Empty = p.T("jobs.caption_"+tab), p.T("jobs.empty_"+tab)
	p.Count = p.L.N("jobs.count_"+tab, total)
	if len(list) < total {
		p.More = p.T("jobs.more", "Shown", len(list), "Total", total)
	}
	for _, j := range list {
		p.Rows = append(p.Rows, jobRowOf(p.Base, j))
	}
	for _, t := range h.Jobs.Tasks() {
		p.Tasks = append(p.Tasks, taskRowOf(p.Base, t))
	}
	h.Render(w, r, http.StatusOK, "admin_jobs", p)
}

func tabStates(tab string) []string {
	if tab == "waiting" {
		return jobs.Waiting
	}
	return jobs.Trouble
}

func tabHref(tab string) string {
	if tab == "waiting" {
		return "/admin/jobs?status=waiting"
	}
	return "/admin/jobs"
}

func sumStates(counts map[string]int, states []string) int {
	n := 0
	for _, s := range states {
		n += counts[s]
	}
	return n
}

// jobFigures counts the jobs per state, linking each to its tab; failed
// work stands out.
func jobFigures(b site.Base, counts map[string]int) []jobFigure {
	out := make([]jobFigure, 0, len(jobStates))
	for _, s := range jobStates {
		f := jobFigure{Label: b.T("jobs.state." + s), Count: counts[s]}
		switch {
		case slices.Contains(jobs.Trouble, s):
			f.Href, f.Alert = tabHref("trouble"), f.Count > 0
		case slices.Contains(jobs.Waiting, s):
			f.Href = tabHref("waiting")
		}
		out = append(out, f)
	}
	return out
}

// jobRowOf names a job in words: its kind, the task's title or the
// mail's recipient and subject, its state.
func jobRowOf(b site.Base, j jobs.Job) jobRow {
	row := jobRow{ID: j.ID, Kind: b.T("jobs.kind_other"), Summary: j.Summary, State: b.T("jobs.state." + j.State),
		Attempt: b.T("jobs.attempt_of", "Attempt", j.Attempt, "Max", j.MaxAttempts),
		Created: b.L.DateTime(j.CreatedAt), CreatedISO: isoTime(j.CreatedAt),
		Scheduled: b.L.DateTime(j.ScheduledAt), ScheduledISO: isoTime(j.ScheduledAt),
		LastError: j.LastError, Retry: slices.Contains(jobs.Trouble, j.State)}
	if j.Attempt == 0 {
		row.Attempt = b.T("jobs.not_tried", "Max", j.MaxAttempts)
	}
	switch j.Kind {
	case jobs.MailArgs{}.Kind():
		row.Kind = b.T("jobs.kind_mail")
	case jobs.TaskArgs{}.Kind():
		row.Kind, row.Code = b.T("jobs.kind_periodic"), j.Summary
		row.Summary, _ = taskText(b, "jobs.task.", j.Summary)
	default:
		row.Summary, row.Code = "", j.Kind
	}
	what := row.Summary
	if what == "" {
		what = row.Code
	}
	row.RetryLabel = b.T("jobs.retry_label", "What", row.Kind+" – "+what)
	return row
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// taskText is the catalog's text of a task ("jobs.task.<name>"), or ""
// and false: tasks are registered in internal/app and may be newer than
// the catalog.
func taskText(b site.Base, prefix, name string) (string, bool) {
	if s := b.T(prefix + name); s != prefix+name {
		return s, true
	}
	return "", false
}

// taskRowOf shows a periodic task with its translated title, description
// and schedule, falling back to the registry's English texts.
func taskRowOf(b site.Base, t jobs.Task) taskRow {
	row := taskRow{Name: t.Name}
	row.Title, _ = taskText(b, "jobs.task.", t.Name)
	if d, ok := taskText(b, "jobs.about.", t.Name); ok {
		row.Description = d
	} else {
		row.DescEn = t.Description
	}
	if s := scheduleText(b, t.Schedule.Text); s != "" {
		row.Schedule = s
	} else {
		row.ScheduleEn = t.Schedule.Text
	}
	return row
}

// scheduleText translates the schedules jobs.Every, WorkingDaysAt and
// DailyAt describe ("every 5m0s", "07:00 on working days (Europe/Berlin)",
// "02:30 every day (Europe/Berlin)"); "" for any other.
func scheduleText(b site.Base, text string) string {
	if d, ok := strings.CutPrefix(text, "every "); ok {
		dur, err := time.ParseDuration(d)
		switch {
		case err != nil || dur <= 0:
			return ""
		case dur%(24*time.Hour) == 0:
			return b.L.N("jobs.every_days", int(dur/(24*time.Hour)))
		case dur%time.Hour == 0:
			return b.L.N("jobs.every_hours", int(dur/time.Hour))
		case dur%time.Minute == 0:
			return b.L.N("jobs.every_minutes", int(dur/time.Minute))
		}
		return ""
	}
	at, rest, ok := strings.Cut(text, " ")
	if _, err := time.Parse("15:04", at); !ok || err != nil {
		return ""
	}
	switch rest {
	case "on working days (Europe/Berlin)":
		return b.T("jobs.working_days_at", "Time", at)
	case "every day (Europe/Berlin)":
		return b.T("jobs.daily_at", "Time", at)
	}
	return ""
}

// retryJob makes a job in trouble run again now (audited "jobs.retry").
// An id that is not a number or names no job answers 404.
func (h *Handler) retryJob(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.NotFound(w, r)
		return
	}
	j, err := h.Jobs.Retry(ctx, id)
	if errors.Is(err, jobs.ErrNotInTrouble) {
		// A retry sent twice, or for work already done: nothing to do.
		h.SetFlash(w, "flash.job_not_in_trouble")
		h.Redirect(w, r, "/admin/jobs")
		return
	}
	if h.jobFailed(w, r, err) {
		return
	}
	entry := site.PrincipalOf(r).Entry("jobs.retry", audit.ResultSuccess, "job", strconv.FormatInt(id, 10),
		map[string]string{"kind": j.Kind})
	if err := h.Audit.Write(ctx, entry); err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.SetFlash(w, "flash.job_retried")
	h.Redirect(w, r, "/admin/jobs")
}

// jobFailed answers a failed queue call (404 for an unknown job) and
// reports whether it did.
func (h *Handler) jobFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, jobs.ErrNotFound):
		h.NotFound(w, r)
	default:
		h.ServerError(w, r, err)
	}
	return true
}
