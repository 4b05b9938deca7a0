package app_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// failingSender fails the messages to fail@… as an SMTP server that
// cannot be reached, and sends (drops) the others.
type failingSender struct{ fail string }

func (s failingSender) Send(_ context.Context, m mail.Message) error {
	if m.To == s.fail {
		return errors.New("dial tcp 192.0.2.25:587: connect: connection refused")
	}
	return nil
}

// retryAtOnce lets a failed job run again at once, so a mail uses up its
// attempts in a second.
type retryAtOnce struct{}

func (retryAtOnce) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

func testMail(to string) jobs.MailArgs {
	return jobs.MailArgs{Message: mail.Message{To: to, Lang: "de", Subject: "Testnachricht", Text: "Etwas wartet auf Sie in KMN."}}
}

// discardMail queues a mail to to and works the queue with a mail server
// that refuses to take it until River discards it after its last attempt
// (River's own way there, not an UPDATE of its table); other mails are
// sent, so the queue is empty afterwards but for that mail.
func discardMail(t *testing.T, a *app.App, to string) {
	t.Helper()
	ctx := context.Background()
	if err := a.Jobs.Insert(ctx, testMail(to)); err != nil {
		t.Fatal(err)
	}
	q, err := jobs.Open(ctx, a.DB, jobs.NewRegistry(), jobs.Options{Mail: failingSender{fail: to}, Retry: retryAtOnce{}, Poll: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		counts, err := q.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts["discarded"] == 1 && counts["available"]+counts["running"] == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the mail was not discarded: %v", counts)
		}
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := q.Stop(sctx); err != nil {
		t.Fatal(err)
	}
}

var jobIDRe = regexp.MustCompile(`(?m)^(\d+)\s+mail\s+discarded\s+12/12\s`)

// TestJobsCommand: kmn jobs prints the counts and the jobs in trouble,
// exits 1 while a job is discarded (for cron and monitoring), retries one
// (audited) and refuses to run again work that is not in trouble.
func TestJobsCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Jobs.Insert(ctx, testMail("wartet@kmn.example")); err != nil {
		t.Fatal(err)
	}
	a.Close()

	code, stdout, stderr := run("jobs", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "available 1,") || !strings.Contains(stdout, "in trouble: 0") || strings.Contains(stdout, "wartet@") {
		t.Fatalf("jobs: %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = run("jobs", "--all", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "waiting: 1") || !strings.Contains(stdout, "wartet@kmn.example: Testnachricht") || !strings.Contains(stdout, "0/12") {
		t.Fatalf("jobs --all: %d\n%s", code, stdout)
	}

	a, err = app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	discardMail(t, a, "aufgegeben@kmn.example")
	a.Close()
	code, stdout, stderr = run("jobs", "--data", dir)
	m := jobIDRe.FindStringSubmatch(stdout)
	if code != 1 || m == nil || !strings.Contains(stdout, "discarded 1,") || !strings.Contains(stdout, "completed 1") || !strings.Contains(stdout, "aufgegeben@kmn.example: Testnachricht") ||
		!strings.Contains(stdout, "connection refused") || !strings.Contains(stderr, "1 discarded job") {
		t.Fatalf("jobs with a discarded mail: %d\n%s%s", code, stdout, stderr)
	}
	id := m[1]

	code, stdout, stderr = run("jobs", "--retry", id, "--data", dir)
	if code != 0 || !strings.Contains(stdout, "job "+id+" (mail: aufgegeben@kmn.example: Testnachricht) is available") {
		t.Fatalf("jobs --retry: %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr = run("jobs", "--data", dir); code != 0 || !strings.Contains(stdout, "available 1,") || !strings.Contains(stdout, "discarded 0,") {
		t.Errorf("after the retry: %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		id, stderr string
		code       int
	}{{id, "not in trouble", 1}, {"987654321", "no job 987654321", 1}, {"abc", "positive number", 2}} {
		if code, _, stderr := run("jobs", "--retry", c.id, "--data", dir); code != c.code || !strings.Contains(stderr, c.stderr) {
			t.Errorf("jobs --retry %s: %d %s", c.id, code, stderr)
		}
	}

	a, err = app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	recs, err := a.Audit.List(ctx, audit.Filter{ActionPrefix: "jobs.retry", Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Actor != "cli" || recs[0].ObjectID != id {
		t.Errorf("audit of the retry: %+v, %v", recs, err)
	}
	if code, stdout, _ := run("jobs", "--help"); code != 0 || !strings.Contains(stdout, "Exit status") {
		t.Errorf("jobs --help: %d\n%s", code, stdout)
	}
}
