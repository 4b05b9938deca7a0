package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

const contactTable = "counseling_contacts"

// AddContact records a counseling contact on an open file; the note is
// sealed under an AAD naming the contact. Audited as "case.contact_add".
func (s *Store) AddContact(ctx context.Context, v Viewer, fileID string, in ContactInput) (*Contact, error) {
	in.normalize()
	c := &Contact{ID: uuid.Must(uuid.NewV7()).String(), ContactInput: in, CreatedBy: v.UserID(), CreatedAt: s.now()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := loadFile(ctx, tx, v, fileID)
		if err != nil {
			return err
		}
		if err := fileClosed(f); err != nil {
			return err
		}
		if err := s.checkContact(ctx, tx, f, in); err != nil {
			return err
		}
		if err := s.insertContact(ctx, tx, fileID, c); err != nil {
			return err
		}
		detail := map[string]string{"contact": c.ID, "channel": in.Channel, "minutes": fmt.Sprint(in.Minutes)}
		return s.audit.Append(ctx, tx, v.entry("case.contact_add", fileID, detail))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (in *ContactInput) normalize() {
	in.On = day(in.On)
	in.Channel = strings.TrimSpace(in.Channel)
	in.Language = canonicalLanguage(in.Language)
	in.Note = strings.TrimSpace(in.Note)
	topics := make([]string, 0, len(in.Topics))
	for _, t := range in.Topics {
		if t = strings.TrimSpace(t); t != "" {
			topics = append(topics, t)
		}
	}
	slices.Sort(topics)
	in.Topics = slices.Compact(topics)
}

// checkContact validates in against the file and the registry's topics.
func (s *Store) checkContact(ctx context.Context, q db.Querier, f *File, in ContactInput) error {
	e := in.validate(f.IntakeOn, s.today())
	known, err := network.KnownTopics(ctx, q, in.Topics)
	if err != nil {
		return err
	}
	for _, t := range in.Topics {
		if !known[t] {
			e.Add("topics", "case.topic_unknown", "topic", t)
		}
	}
	return e.Err()
}

func (in ContactInput) validate(intake, today time.Time) valid.Errors {
	var e valid.Errors
	switch {
	case in.On.IsZero():
		e.Add("on", "case.date_required")
	case in.On.After(today):
		e.Add("on", "case.contact_future")
	case in.On.Before(intake):
		e.Add("on", "case.contact_before_intake")
	}
	if in.Minutes < 1 || in.Minutes > 600 {
		e.Add("minutes", "case.minutes_range", "min", 1, "max", 600)
	}
	if !slices.Contains(Channels, in.Channel) {
		e.Add("channel", "case.channel_invalid")
	}
	if in.Language != "" && !validLanguage(in.Language) {
		e.Add("language", "case.language_invalid")
	}
	if tooLong(in.Note, maxNote) {
		e.Add("note", "case.too_long", "max", maxNote)
	}
	return e
}

func (s *Store) insertContact(ctx context.Context, tx *db.Tx, fileID string, c *Contact) error {
	note := ""
	if c.Note != "" {
		note = s.seal(c.Note, contactTable, "note", c.ID)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO counseling_contacts (id, file_id, contact_on, minutes, channel, language,
		interpreter, note_enc, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, fileID, c.On,
		c.Minutes, c.Channel, c.Language, c.Interpreter, note, c.CreatedBy, c.CreatedAt); err != nil {
		return fmt.Errorf("casework: insert contact: %w", err)
	}
	for _, t := range c.Topics {
		if _, err := tx.Exec(ctx, `INSERT INTO counseling_contact_topics (contact_id, topic_id, file_id, office_id, counselor_id)
			SELECT ?, ?, id, office_id, counselor_id FROM client_files WHERE id = ?`, c.ID, t, fileID); err != nil {
			return fmt.Errorf("casework: insert contact topic: %w", err)
		}
	}
	return nil
}
