package online

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// columns of a conversation read with its client's nickname and keys.
const convColumns = `c.id, c.client_id, k.nickname, c.pool, COALESCE(c.office_id, ''), c.region_id, c.program_id, c.topic,
	c.lang, COALESCE(c.counselor_id, ''), c.state, c.epoch, c.last_seq, c.client_seen, c.staff_seen, c.created_at,
	c.updated_at, c.closed_at, c.delete_after, k.public_key, COALESCE(sk.public_key, ''), c.file_consent_at,
	COALESCE(c.file_id, '')
	FROM online_conversations c JOIN online_clients k ON k.id = c.client_id
	LEFT JOIN online_staff_keys sk ON sk.user_id = c.counselor_id`

func scanConversation(row interface{ Scan(...any) error }) (*Conversation, error) {
	var c Conversation
	var closed, deleteAfter, consent sql.NullTime
	err := row.Scan(&c.ID, &c.ClientID, &c.Nickname, &c.Pool, &c.OfficeID, &c.RegionID, &c.Program, &c.Topic, &c.Lang,
		&c.CounselorID, &c.State, &c.Epoch, &c.LastSeq, &c.ClientSeen, &c.StaffSeen, &c.CreatedAt, &c.UpdatedAt,
		&closed, &deleteAfter, &c.ClientKey, &c.CounselorKey, &consent, &c.FileID)
	if err != nil {
		return nil, err
	}
	if closed.Valid {
		c.ClosedAt = &closed.Time
	}
	if deleteAfter.Valid {
		c.DeleteAfter = &deleteAfter.Time
	}
	if consent.Valid {
		c.FileConsentAt = &consent.Time
	}
	return &c, nil
}

// Conversation returns one conversation pt sees (ErrNotFound otherwise).
func (s *Store) Conversation(ctx context.Context, pt Party, id string) (*Conversation, error) {
	return conversation(ctx, s.db, pt, id)
}

func conversation(ctx context.Context, q db.Querier, pt Party, id string) (*Conversation, error) {
	cond, args := pt.scope()
	c, err := scanConversation(q.QueryRow(ctx, `SELECT `+convColumns+` WHERE c.id = ? AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("online: conversation: %w", err)
	}
	return c, nil
}

// KeysFor returns the conversation keys wrapped for pt, every epoch.
func (s *Store) KeysFor(ctx context.Context, pt Party, convID string) ([]Key, error) {
	rows, err := s.db.Query(ctx, `SELECT epoch, recipient_id, wrapped FROM online_keys WHERE conversation_id = ? AND recipient_id = ?
		ORDER BY epoch`, convID, pt.ID())
	if err != nil {
		return nil, fmt.Errorf("online: keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.Epoch, &k.RecipientID, &k.Wrapped); err != nil {
			return nil, fmt.Errorf("online: keys: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// MaxPage is how many messages one read returns at most.
const MaxPage = 200

// Messages returns the messages after seq (at most MaxPage), oldest first.
func (s *Store) Messages(ctx context.Context, convID string, after int) ([]Message, error) {
	rows, err := s.db.Query(ctx, `SELECT m.seq, m.epoch, m.sender_id, m.from_client, m.body, m.created_at,
		CASE WHEN a.seq IS NULL THEN 0 ELSE 1 END
		FROM online_messages m LEFT JOIN online_attachments a ON a.conversation_id = m.conversation_id AND a.seq = m.seq
		WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`, convID, after, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("online: messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var file int
		if err := rows.Scan(&m.Seq, &m.Epoch, &m.SenderID, &m.FromClient, &m.Body, &m.At, &file); err != nil {
			return nil, fmt.Errorf("online: messages: %w", err)
		}
		m.File = file == 1
		out = append(out, m)
	}
	return out, rows.Err()
}

// Attachment returns the sealed file of message seq in a conversation pt
// sees (ErrNotFound otherwise).
func (s *Store) Attachment(ctx context.Context, pt Party, convID string, seq int) (string, error) {
	if _, err := s.Conversation(ctx, pt, convID); err != nil {
		return "", err
	}
	var body string
	err := s.db.QueryRow(ctx, `SELECT body FROM online_attachments WHERE conversation_id = ? AND seq = ?`, convID, seq).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("online: attachment: %w", err)
	}
	return body, nil
}

// List views of conversations.
const (
	ViewMine   = "mine"   // a client's own; a counselor's assigned ones
	ViewNew    = "new"    // enquiries waiting, routed to the counselor
	ViewTeam   = "team"   // an office lead's offices
	ViewClosed = "closed" // a counselor's closed ones
)

// List returns the conversations of a view, newest activity first (at
// most limit).
func (s *Store) List(ctx context.Context, pt Party, view string, limit int) ([]Conversation, error) {
	cond, args := pt.scope()
	switch {
	case pt.IsClient():
	case view == ViewNew:
		cond += ` AND c.state = 'new'`
	case view == ViewTeam:
		cond += ` AND c.state <> 'closed'`
	case view == ViewClosed:
		cond += ` AND c.state = 'closed' AND c.counselor_id = ?`
		args = append(args, pt.ID())
	default:
		cond += ` AND c.state = 'open' AND c.counselor_id = ?`
		args = append(args, pt.ID())
	}
	rows, err := s.db.Query(ctx, `SELECT `+convColumns+` WHERE `+cond+` ORDER BY c.updated_at DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("online: list: %w", err)
	}
	defer rows.Close()
	var out []Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, fmt.Errorf("online: list: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Counts are a counselor's figures for the dashboard and the inbox tabs.
type Counts struct {
	New, Unread int
}

// CountsOf counts the enquiries waiting for p and p's conversations with
// unread messages.
func (s *Store) CountsOf(ctx context.Context, pt Party) (Counts, error) {
	var c Counts
	cond, args := pt.scope()
	err := s.db.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN c.state = 'new' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.state = 'open' AND c.counselor_id = ? AND c.last_seq > c.staff_seen THEN 1 ELSE 0 END), 0)
		FROM online_conversations c WHERE `+cond, append([]any{pt.ID()}, args...)...).Scan(&c.New, &c.Unread)
	if err != nil {
		return c, fmt.Errorf("online: counts: %w", err)
	}
	return c, nil
}
