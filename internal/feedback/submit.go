package feedback

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Input is a message as the visitor sent it.
type Input struct {
	// Lang is the language of the page the form was on.
	Lang string
	// Message is required; Page and Email are optional.
	Message, Page, Email string
}

// normalise trims the fields and makes line breaks "\n".
func (in Input) normalise() Input {
	in.Message = strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n"))
	in.Page, in.Email = strings.TrimSpace(in.Page), strings.TrimSpace(in.Email)
	return in
}

// Validate returns the problems of in as valid.Errors (message keys of the
// "access" catalog area), or nil.
func (in Input) Validate() error {
	var e valid.Errors
	switch n := utf8.RuneCountInString(in.Message); {
	case n == 0:
		e.Add("message", "access.error_message_required")
	case n > MaxMessageRunes:
		e.Add("message", "access.error_message_too_long", "Max", MaxMessageRunes)
	}
	if utf8.RuneCountInString(in.Page) > MaxPageRunes {
		e.Add("page_address", "access.error_page_too_long", "Max", MaxPageRunes)
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > MaxEmailBytes {
			e.Add("reply_email", "access.error_email_invalid")
		}
	}
	// The public pages' languages (the migration's CHECK lists the same).
	if !slices.Contains(i18n.Public, in.Lang) {
		e.Add("lang", "access.error_language")
	}
	return e.Err()
}

// Submit stores a message from anonymous principal p (whose client address
// only counts for the rate limit) and returns its id. Bad input gives
// valid.Errors, too many messages from p's address range ErrRateLimited;
// neither stores anything. The audit row ("feedback.receive") names the
// message and its language, nothing the person wrote and not their address.
func (s *Store) Submit(ctx context.Context, p auth.Principal, in Input) (string, error) {
	in = in.normalise()
	if err := in.Validate(); err != nil {
		return "", err
	}
	id := uuid.Must(uuid.NewV7()).String()
	sender := s.rangeID(auth.AddressRange(p.Client().IP))
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.LockTable(ctx, "accessibility_feedback_senders"); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := checkRate(ctx, tx, sender, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO accessibility_feedback_senders (address_range, sent_at) VALUES (?, ?)", sender, now); err != nil {
			return fmt.Errorf("feedback: count sender: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO accessibility_feedback (id, received_at, lang, message_enc, page_enc, email_enc)
			VALUES (?, ?, ?, ?, ?, ?)`, id, now, in.Lang, s.seal(in.Message, "message", id), s.seal(in.Page, "page", id),
			s.seal(in.Email, "email", id))
		if err != nil {
			return fmt.Errorf("feedback: store message: %w", err)
		}
		return s.audit.Append(ctx, tx, audit.Entry{Action: "feedback.receive", ObjectType: objectType, ObjectID: id,
			Result: audit.ResultSuccess, Detail: map[string]string{"lang": in.Lang}})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// checkRate refuses a sender whose range sent RateLimit messages within
// the window before now.
func checkRate(ctx context.Context, q db.Querier, sender string, now time.Time) error {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM accessibility_feedback_senders WHERE address_range = ? AND sent_at > ?`,
		sender, now.Add(-RateWindow)).Scan(&n)
	if err != nil {
		return fmt.Errorf("feedback: rate limit: %w", err)
	}
	if n >= RateLimit {
		return ErrRateLimited
	}
	return nil
}
