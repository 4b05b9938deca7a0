package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// The recipients of the test mails say what becomes of them.
const (
	mailGivenUp = "aufgegeben@kmn.example" // fails until its attempts are used up: discarded
	mailLater   = "spaeter@kmn.example"    // failed once, next attempt in an hour: retryable
	mailWaiting = "wartet@kmn.example"     // not tried yet: available
)

func jobMail(to string) jobs.MailArgs {
	return jobs.MailArgs{Message: mail.Message{To: to, Lang: "de", Subject: "Testnachricht",
		Text: "Etwas wartet auf Sie in KMN."}}
}

// downSender fails every message as an SMTP server that cannot be reached.
type downSender struct{}

func (downSender) Send(context.Context, mail.Message) error {
	return errors.New("dial tcp 192.0.2.25:587: connect: connection refused")
}

// laterPolicy retries the mail to mailLater in an hour, every other job at
// once (River then makes it available without waiting for its scheduler).
type laterPolicy struct{}

func (laterPolicy) NextRetry(row *rivertype.JobRow) time.Time {
	if strings.Contains(string(row.EncodedArgs), mailLater) {
		return time.Now().Add(time.Hour)
	}
	return time.Now()
}

// makeTrouble queues two mails and works them with a second queue on the
// platform's database whose mail server is down, until one is discarded
// and the other waits for its retry: River's own way to such states, not
// an UPDATE of its table. The platform's queue is not started in tests,
// so afterwards nothing works the jobs.
func makeTrouble(t *testing.T, srv *apptest.Server) {
	t.Helper()
	ctx := context.Background()
	for _, to := range []string{mailGivenUp, mailLater} {
		if err := srv.App.Jobs.Insert(ctx, jobMail(to)); err != nil {
			t.Fatal(err)
		}
	}
	q, err := jobs.Open(ctx, srv.App.DB, jobs.NewRegistry(), jobs.Options{Mail: downSender{}, Retry: laterPolicy{}, Poll: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		counts, err := q.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts["discarded"] == 1 && counts["retryable"] == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs did not fail as planned: %v", counts)
		}
		time.Sleep(50 * time.Millisecond)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := q.Stop(sctx); err != nil {
		t.Fatal(err)
	}
}

// jobWith returns the one job in state whose summary holds to.
func jobWith(t *testing.T, srv *apptest.Server, state, to string) jobs.Job {
	t.Helper()
	list, err := srv.App.Jobs.List(context.Background(), []string{state}, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range list {
		if strings.Contains(j.Summary, to) {
			return j
		}
	}
	t.Fatalf("no %s job for %s in %+v", state, to, list)
	return jobs.Job{}
}

var retryFormRe = regexp.MustCompile(`action="/admin/jobs/(\d+)/retry"`)

// TestAdminSeesAndRetriesFailedJobs: the admin page names failed jobs in
// words with their attempts and errors, lists the queue and the periodic
// tasks; a retry runs a failed job again (audited) and refuses to repeat
// work that is no longer in trouble; unknown ids answer 404; other roles
// neither see nor reach the page.
func TestAdminSeesAndRetriesFailedJobs(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	admin := srv.NewClient(t)
	admin.Login(t, srv.CreateAccount(t, "admin@jobs.example", perm.Admin, perm.Statewide, ""))
	counselor := srv.NewClient(t)
	counselor.Login(t, srv.CreateAccount(t, "beraterin@jobs.example", perm.Counselor, perm.Office, "office-jobs"))

	resp, page := admin.Get(t, "/admin/jobs")
	wantStatus(t, "empty page", resp, page, http.StatusOK)
	for _, want := range []string{"<h1>Hintergrundaufgaben</h1>", "Keine Probleme", `href="/admin/jobs"`,
		"Sitzungen aufräumen", "alle 5 Minuten", "werktags um 07:00 Uhr"} {
		if !strings.Contains(page, want) {
			t.Errorf("empty page lacks %q: %s", want, excerptOf(page))
		}
	}

	makeTrouble(t, srv)
	ctx := context.Background()
	for _, args := range []river.JobArgs{jobMail(mailWaiting), jobs.TaskArgs{Task: "sessions.cleanup"}} {
		if err := srv.App.Jobs.Insert(ctx, args); err != nil {
			t.Fatal(err)
		}
	}
	givenUp, later := jobWith(t, srv, "discarded", mailGivenUp), jobWith(t, srv, "retryable", mailLater)

	resp, page = admin.Get(t, "/admin/jobs")
	wantStatus(t, "trouble", resp, page, http.StatusOK)
	for _, want := range []string{"2 Aufgaben mit Problemen", "Probleme (2)", "Warteschlange (2)", "<caption class=\"visually-hidden\">Aufgaben mit Problemen</caption>",
		"E-Mail", mailGivenUp + ": Testnachricht", mailLater + ": Testnachricht", "aufgegeben", "wird wiederholt",
		"12 von 12", "1 von 12", "<details", "connection refused", `class="alert"`} {
		if !strings.Contains(page, want) {
			t.Errorf("trouble page lacks %q", want)
		}
	}
	if ids := retryFormRe.FindAllStringSubmatch(page, -1); len(ids) != 2 || ids[0][1] != strconv.FormatInt(later.ID, 10) ||
		ids[1][1] != strconv.FormatInt(givenUp.ID, 10) {
		t.Errorf("retry forms %v, want the retryable job, then the discarded one (newest first)", ids)
	}
	if found := rawCodes(page, nil); len(found) > 0 {
		t.Errorf("the page shows codes: %q", found)
	}
	resp, queue := admin.Get(t, "/admin/jobs?status=waiting")
	wantStatus(t, "queue", resp, queue, http.StatusOK)
	for _, want := range []string{"2 Aufgaben in der Warteschlange", mailWaiting, "Periodische Aufgabe", "Sitzungen aufräumen", "bereit"} {
		if !strings.Contains(queue, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
	if strings.Contains(queue, "/retry") || strings.Contains(queue, mailGivenUp) {
		t.Errorf("queue offers retries or shows failed jobs: %s", excerptOf(queue))
	}
	if found := rawCodes(queue, nil); len(found) > 0 {
		t.Errorf("the queue shows codes: %q", found)
	}

	// The discarded mail runs again; a second click leaves it alone.
	path := fmt.Sprintf("/admin/jobs/%d/retry", givenUp.ID)
	resp, body := admin.Post(t, path, nil)
	wantStatus(t, "retry", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/admin/jobs" {
		t.Errorf("after retry: location %q", loc)
	}
	if _, page = admin.Get(t, "/admin/jobs"); !strings.Contains(page, "Die Aufgabe wird erneut ausgeführt.") || !strings.Contains(page, "1 Aufgabe mit Problemen") {
		t.Errorf("after retry: %s", excerptOf(page))
	}
	if j, err := srv.App.Jobs.Get(ctx, givenUp.ID); err != nil || j.State != "available" {
		t.Errorf("retried job: %+v, %v", j, err)
	}
	resp, body = admin.Post(t, path, nil)
	wantStatus(t, "second retry", resp, body, http.StatusSeeOther)
	if _, page = admin.Get(t, "/admin/jobs"); !strings.Contains(page, "kein Problem mehr") {
		t.Errorf("second retry: %s", excerptOf(page))
	}
	recs, err := srv.App.Audit.List(ctx, audit.Filter{ActionPrefix: "jobs.retry", Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Actor != "admin@jobs.example" || recs[0].ObjectID != strconv.FormatInt(givenUp.ID, 10) ||
		recs[0].Detail["kind"] != "mail" {
		t.Errorf("audit of the retry: %+v, %v", recs, err)
	}

	for _, p := range []string{"/admin/jobs/987654321/retry", "/admin/jobs/abc/retry", "/admin/jobs/-1/retry", "/admin/jobs/99999999999999999999999/retry"} {
		if resp, body := admin.Post(t, p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d\n%s", p, resp.StatusCode, excerptOf(body))
		}
	}

	if _, dash := admin.Get(t, "/dashboard"); !strings.Contains(dash, `href="/admin/jobs"`) {
		t.Errorf("admin navigation lacks the jobs page")
	}
	if _, dash := counselor.Get(t, "/dashboard"); strings.Contains(dash, `href="/admin/jobs"`) {
		t.Errorf("counselor navigation shows the jobs page")
	}
	if resp, _ := counselor.Get(t, "/admin/jobs"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("counselor GET /admin/jobs: %d", resp.StatusCode)
	}
	if resp, _ := counselor.Post(t, fmt.Sprintf("/admin/jobs/%d/retry", later.ID), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("counselor retry: %d", resp.StatusCode)
	}
	if j, err := srv.App.Jobs.Get(ctx, later.ID); err != nil || j.State != "retryable" {
		t.Errorf("the counselor's retry changed the job: %+v, %v", j, err)
	}
}
