package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

// Sender delivers one message (mail.SMTP, or mail.NewLog in development).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// MailArgs is one e-mail to send. The message is rendered when the job is
// inserted, in the recipient's language, and holds no client data (the
// callers' rule; notify's tests check it), so the job row may keep it.
type MailArgs struct {
	Message mail.Message `json:"message"`
}

// Kind names the job kind.
func (MailArgs) Kind() string { return "mail" }

// InsertOpts: with River's backoff (attempt⁴ s) twelve attempts span about
// eleven hours, so an SMTP outage of an afternoon loses nothing; after that
// the job is discarded and shown to admins, who can retry it.
func (MailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, MaxAttempts: 12}
}

// SendMailTx queues m in tx: it is sent if and only if tx commits.
func (q *Queue) SendMailTx(ctx context.Context, tx *db.Tx, m mail.Message) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("jobs: mail: %w", err)
	}
	return q.InsertTx(ctx, tx, MailArgs{Message: m})
}

type mailWorker struct {
	river.WorkerDefaults[MailArgs]
	send    Sender
	metrics *metrics
}

func (w *mailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	err := w.send.Send(ctx, job.Args.Message)
	if err == nil {
		w.metrics.mailSent.Inc()
		return nil
	}
	w.metrics.mailFailed.Inc()
	if mail.Permanent(err) {
		// The server refused the message for good (unknown mailbox, …):
		// retrying cannot help; admins see it as cancelled with the reply.
		return river.JobCancel(err)
	}
	return err
}
