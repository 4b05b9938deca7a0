package casework

import (
	"context"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// loadContacts reads the file's contacts, oldest first, with their topics
// and opened notes.
func (s *Store) loadContacts(ctx context.Context, q db.Querier, fileID string) ([]Contact, error) {
	rows, err := q.Query(ctx, `SELECT id, contact_on, minutes, channel, language, interpreter, note_enc, created_by,
		created_at FROM counseling_contacts WHERE file_id = ? ORDER BY contact_on, created_at, id`, fileID)
	if err != nil {
		return nil, fmt.Errorf("casework: contacts: %w", err)
	}
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.On, &c.Minutes, &c.Channel, &c.Language, &c.Interpreter, &c.Note,
			&c.CreatedBy, &c.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("casework: contacts: %w", err)
		}
		c.On = day(c.On)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casework: contacts: %w", err)
	}
	for i := range out {
		if out[i].Note, err = s.open(out[i].Note, contactTable, "note", out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, s.loadTopics(ctx, q, fileID, out)
}

// loadTopics fills in the topics of the file's contacts.
func (s *Store) loadTopics(ctx context.Context, q db.Querier, fileID string, contacts []Contact) error {
	rows, err := q.Query(ctx, `SELECT t.contact_id, t.topic_id FROM counseling_contact_topics t
		JOIN counseling_contacts c ON c.id = t.contact_id WHERE c.file_id = ? ORDER BY t.topic_id`, fileID)
	if err != nil {
		return fmt.Errorf("casework: contact topics: %w", err)
	}
	defer rows.Close()
	byID := map[string]*Contact{}
	for i := range contacts {
		byID[contacts[i].ID] = &contacts[i]
	}
	for rows.Next() {
		var contactID, topic string
		if err := rows.Scan(&contactID, &topic); err != nil {
			return fmt.Errorf("casework: contact topics: %w", err)
		}
		if c := byID[contactID]; c != nil {
			c.Topics = append(c.Topics, topic)
		}
	}
	return rows.Err()
}
