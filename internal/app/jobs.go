package app

import (
	"context"
	"fmt"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/api"
	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// openJobs opens the job queue with every worker and periodic task of the
// platform, registered here in one place. The tasks' functions read the
// App's stores when they run, so the stores may be built after the queue
// (they insert their jobs through it).
func (a *App) openJobs(ctx context.Context) error {
	sender, err := a.mailSender()
	if err != nil {
		return err
	}
	reg := jobs.NewRegistry()
	a.registerTasks(reg)
	q, err := jobs.Open(ctx, a.DB, reg, jobs.Options{Log: a.Log, Mail: sender})
	if err != nil {
		return err
	}
	a.Jobs = q
	return nil
}

// mailSender is the SMTP server when one is configured, else the log (in
// development only: config.Validate refuses production mode without SMTP).
func (a *App) mailSender() (jobs.Sender, error) {
	if !a.Config.Mail.Configured() {
		return mail.NewLog(a.Log), nil
	}
	s, err := mail.NewSMTP(a.Config.Mail)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	return s, nil
}

// registerTasks is the platform's periodic work. Every task is idempotent:
// a run repeated after a crash, or late after downtime, does no harm.
func (a *App) registerTasks(reg *jobs.Registry) {
	reg.Periodic(jobs.Task{Name: "sessions.cleanup", Description: "Deletes expired sessions and setup links and old login attempts.",
		Schedule: jobs.Every(5 * time.Minute), RunOnStart: true, Run: func(ctx context.Context) error { return a.Auth.Cleanup(ctx) }})
	reg.Periodic(jobs.Task{Name: "cases.retention", Description: "Erases client files whose deletion date has come.",
		Schedule: jobs.Every(time.Hour), RunOnStart: true, Run: a.counted("retention purge", "erased_files", func(ctx context.Context) (int, error) { return a.Cases.PurgeDue(ctx) })})
	reg.Periodic(jobs.Task{Name: "feedback.retention", Description: "Deletes handled accessibility feedback after its deletion date.",
		Schedule: jobs.Every(time.Hour), RunOnStart: true, Run: a.counted("feedback purge", "deleted_messages", func(ctx context.Context) (int, error) { return a.Feedback.PurgeDue(ctx) })})
	reg.Periodic(jobs.Task{Name: "substitutions.notice", Description: "Tells substitutes that their substitution starts today or is over.",
		Schedule: jobs.DailyAt(6, 0), RunOnStart: true, Run: a.counted("substitution notices", "told", func(ctx context.Context) (int, error) { return a.Cases.NoticeSubstitutions(ctx) })})
	reg.Periodic(jobs.Task{Name: "notifications.digest", Description: "Sends the deadline digest and the daily digest of notifications.",
		Schedule: jobs.WorkingDaysAt(7, 0), Run: a.counted("daily digest", "mails", func(ctx context.Context) (int, error) { return a.Notify.SendDigests(ctx) })})
	reg.Periodic(jobs.Task{Name: "notifications.purge", Description: "Deletes read notifications after 90 days and all after a year.",
		Schedule: jobs.Every(24 * time.Hour), RunOnStart: true, Run: a.counted("notification purge", "deleted", func(ctx context.Context) (int, error) { return a.Notify.Purge(ctx) })})
	reg.Periodic(jobs.Task{Name: "events.offers", Description: "Lets lapsed offers of freed event places go and offers them to the next person waiting.",
		Schedule: jobs.Every(5 * time.Minute), RunOnStart: true, Run: a.counted("event offers", "lapsed", func(ctx context.Context) (int, error) { return a.Events.ExpireOffers(ctx) })})
	reg.Periodic(jobs.Task{Name: "events.reminders", Description: "Reminds confirmed participants 7 days and 1 day before an event.",
		Schedule: jobs.Every(time.Hour), RunOnStart: true, Run: a.counted("event reminders", "mails", func(ctx context.Context) (int, error) { return a.Events.SendReminders(ctx) })})
	reg.Periodic(jobs.Task{Name: "events.retention", Description: "Deletes registrations twelve months after their event.",
		Schedule: jobs.Every(24 * time.Hour), RunOnStart: true, Run: a.counted("event registrations purge", "deleted", func(ctx context.Context) (int, error) { return a.Events.PurgeRegistrations(ctx) })})
	reg.Periodic(jobs.Task{Name: "online.retention", Description: "Deletes closed online conversations after their retention and anonymous accounts unused for 90 days.",
		Schedule: jobs.Every(time.Hour), RunOnStart: true, Run: a.counted("online purge", "deleted", a.purgeOnline)})
	reg.Periodic(jobs.Task{Name: "volunteers.documents", Description: "Reminds volunteers and their coordinators 30 days before a document (e.g. a certificate of good conduct) expires.",
		Schedule: jobs.DailyAt(8, 0), RunOnStart: true, Run: a.counted("volunteer document reminders", "documents", a.Volunteers.RemindExpiring)})
	reg.Periodic(jobs.Task{Name: "volunteers.retention", Description: "Deletes volunteer sign-ups whose e-mail address was not confirmed within 7 days.",
		Schedule: jobs.Every(24 * time.Hour), RunOnStart: true, Run: a.counted("unconfirmed volunteer sign-ups purge", "deleted", a.Volunteers.PurgeUnconfirmed)})
	reg.Periodic(jobs.Task{Name: "volunteers.sessions", Description: "Deletes volunteers' sign-in links and sessions that ended.",
		Schedule: jobs.Every(time.Hour), RunOnStart: true, Run: a.counted("volunteer sessions purge", "deleted", a.Volunteers.PurgeSessions)})
	// The statistics are cached per server (in memory): the task warms the
	// server that runs the periodic tasks.
	reg.Periodic(jobs.Task{Name: "stats.warm", Description: "Computes this year's and last year's statistics, so the morning's first reader does not wait.",
		Schedule: jobs.DailyAt(5, 0), Run: a.Stats.Warm})
	if a.DB.Dialect() == db.Postgres {
		reg.Periodic(jobs.Task{Name: "api.rate_cleanup", Description: "Deletes the API rate limit's idle clients.",
			Schedule: jobs.Every(10 * time.Minute), Run: a.counted("api rate cleanup", "deleted", func(ctx context.Context) (int, error) {
				if a.apiLimit == nil {
					return 0, nil
				}
				n, err := a.apiLimit.Cleanup(ctx)
				return int(n), err
			})})
	}
	if a.Config.Backup.Recipients != "" && a.DB.Dialect() == db.SQLite {
		reg.Periodic(jobs.Task{Name: "backup.daily", Description: "Writes an encrypted, verified backup of the database and prunes old ones.",
			Schedule: jobs.DailyAt(2, 30), Run: a.scheduledBackup})
	}
}

// counted runs fn and logs how many things it handled when it did any.
func (a *App) counted(what, unit string, fn func(context.Context) (int, error)) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := fn(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n > 0 {
			a.Log.Info(what, unit, n)
		}
		return nil
	}
}

// scheduledBackup writes today's encrypted backup and prunes the old ones.
func (a *App) scheduledBackup(ctx context.Context) error {
	b := a.Config.Backup
	recipients, err := backup.ParseRecipients(b.Recipients)
	if err != nil {
		return err
	}
	opts := backup.EncryptOptions{Dir: b.Dir, Recipients: recipients, Now: a.Clock.Now()}
	if opts.Dir == "" {
		opts.Dir = backup.DefaultDir(a.Config.DataDir)
	}
	if b.Identity != "" {
		if opts.Identities, err = backup.LoadIdentities(b.Identity); err != nil {
			return err
		}
	}
	res, err := backup.Encrypted(ctx, a.DB, opts)
	if err != nil {
		return err
	}
	removed, err := backup.Prune(opts.Dir, b.KeepDaily, b.KeepWeekly, a.Clock.Now())
	a.Log.Info("backup written", "path", res.Path, "bytes", res.Size, "verified", res.Verified, "pruned", len(removed))
	return err
}

// apiLimiter is the open-data API's rate limit shared by every server on
// one PostgreSQL database; nil on SQLite, where one process serves.
func (a *App) apiLimiter() (api.Limiter, error) {
	if a.DB.Dialect() != db.Postgres {
		return nil, nil
	}
	l, err := api.NewSharedLimiter(a.DB, a.Keys.Derive("api-rate"), a.Config.APIRate, 0, a.Clock.Now)
	if err != nil {
		return nil, err
	}
	a.apiLimit = l
	return l, nil
}

// purgeOnline deletes what online counseling keeps no longer: expired
// sessions, closed conversations past their retention, unused accounts.
func (a *App) purgeOnline(ctx context.Context) (int, error) {
	sessions, err := a.Online.PurgeSessions(ctx)
	if err != nil {
		return 0, err
	}
	conversations, clients, err := a.Online.Purge(ctx)
	return int(sessions + conversations + clients), err
}
