package jobs_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
)

func smtpSender(t *testing.T, srv *mailtest.Server) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(srv.Config("KMN <noreply@kmn.example>"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func message(i int) mail.Message {
	return mail.Message{To: fmt.Sprintf("counselor%d@kmn.example", i), Lang: "de",
		Subject: fmt.Sprintf("Nachricht %d", i), Text: "Etwas wartet auf Sie in KMN.", HTML: "<p>Etwas wartet auf Sie in KMN.</p>"}
}

func queueMail(t *testing.T, d *db.DB, q *jobs.Queue, m mail.Message) {
	t.Helper()
	ctx := context.Background()
	if err := d.InTx(ctx, func(tx *db.Tx) error { return q.SendMailTx(ctx, tx, m) }); err != nil {
		t.Fatal(err)
	}
}

func subjectsOf(msgs []mailtest.Received) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Subject)
	}
	slices.Sort(out)
	return out
}

// TestMailSurvivesAnSMTPOutage: mail queued while the SMTP server is down
// fails, is retried and is delivered, each message once, when it is back.
func TestMailSurvivesAnSMTPOutage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		d, _ := twoServers(t, engine)
		srv := mailtest.Start(t, mailtest.WithAuth("kmn", "secret"))
		q := start(t, d, jobs.NewRegistry(), jobs.Options{Mail: smtpSender(t, srv)})
		srv.Stop()
		const n = 5
		for i := range n {
			queueMail(t, d, q, message(i))
		}
		ctx := context.Background()
		waitFor(t, "every message to fail once", 20*time.Second, func() bool {
			queued, _ := q.List(ctx, append(jobs.Waiting, jobs.Trouble...), 10)
			failed := 0
			for _, j := range queued {
				if j.LastError != "" {
					failed++
				}
			}
			return failed == n
		})
		srv.Restart()
		got := srv.WaitFor(t, n, 30*time.Second)
		time.Sleep(500 * time.Millisecond) // a duplicate would arrive now
		want := subjectsOf(got[:0])
		for i := range n {
			want = append(want, message(i).Subject)
		}
		if gotSubjects := subjectsOf(srv.Messages()); !slices.Equal(gotSubjects, want) {
			t.Errorf("delivered %v, want each of %v once", gotSubjects, want)
		}
	})
}

// TestMailOfACrashedServerIsSentOnce: a server that committed a change and
// died before sending (kill -9: its queue never ran) leaves the mail in the
// database; the next server to start sends it, once.
func TestMailOfACrashedServerIsSentOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		d1, d2 := twoServers(t, engine)
		srv := mailtest.Start(t, mailtest.WithAuth("kmn", "secret"))
		crashed := open(t, d1, jobs.NewRegistry(), jobs.Options{Mail: smtpSender(t, srv)})
		queueMail(t, d1, crashed, message(1))
		crashed.Close()
		d1.Close()
		start(t, d2, jobs.NewRegistry(), jobs.Options{Mail: smtpSender(t, srv)})
		got := srv.WaitFor(t, 1, 20*time.Second)
		time.Sleep(500 * time.Millisecond)
		if len(srv.Messages()) != 1 || got[0].To[0] != message(1).To {
			t.Errorf("delivered %v, want the one message once", subjectsOf(srv.Messages()))
		}
	})
}

// TestRefusedMailIsShownNotRetried: a message the server refuses for good
// (550) is not retried; admins find it among the troubles with the reply.
func TestRefusedMailIsShownNotRetried(t *testing.T) {
	d, _ := twoServers(t, "sqlite")
	srv := mailtest.Start(t, mailtest.WithAuth("kmn", "secret"))
	srv.FailNext(1, 550)
	q := start(t, d, jobs.NewRegistry(), jobs.Options{Mail: smtpSender(t, srv)})
	queueMail(t, d, q, message(1))
	ctx := context.Background()
	var trouble []jobs.Job
	waitFor(t, "the refusal", 20*time.Second, func() bool {
		trouble, _ = q.List(ctx, jobs.Trouble, 10)
		return len(trouble) == 1 && trouble[0].State == "cancelled"
	})
	if trouble[0].Attempt != 1 || trouble[0].LastError == "" || trouble[0].Summary != message(1).To+": "+message(1).Subject {
		t.Errorf("refused job = %+v, want one attempt, the reply and the recipient with the subject", trouble[0])
	}
	if len(srv.Messages()) != 0 {
		t.Errorf("the refused message was delivered")
	}
}

// TestMailAttachmentSurvivesTheQueue: a message's attachment is kept in
// the job row and sent with it, byte for byte.
func TestMailAttachmentSurvivesTheQueue(t *testing.T) {
	d, _ := twoServers(t, "sqlite")
	srv := mailtest.Start(t)
	q := start(t, d, jobs.NewRegistry(), jobs.Options{Mail: smtpSender(t, srv)})
	m := message(1)
	data := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n\x00\xff")
	m.Attachments = []mail.Attachment{{Name: "sitzung.ics", ContentType: "text/calendar; method=REQUEST", Data: data}}
	queueMail(t, d, q, m)
	got := srv.WaitFor(t, 1, 20*time.Second)[0]
	if len(got.Attachments) != 1 || got.Attachments[0].Name != "sitzung.ics" || string(got.Attachments[0].Data) != string(data) {
		t.Errorf("attachments = %+v", got.Attachments)
	}
}
