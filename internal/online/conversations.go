package online

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/notify"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// NewConversationID makes the id of a conversation before it exists: the
// browser binds it into the keys and the first message it encrypts.
func NewConversationID() string { return uuid.Must(uuid.NewV7()).String() }

// Start is a client's new enquiry: where it goes (from RouteOf, decided
// again here), the conversation key of epoch 1 wrapped for the client and
// every routed counselor, and the first message.
type Start struct {
	ID      string
	Enquiry Enquiry
	Keys    []Key
	First   Message
}

// StartConversation opens the conversation. ErrRecipients when the keys do
// not cover exactly the client and the counselors the route has now.
func (s *Store) StartConversation(ctx context.Context, clientID string, st Start) error {
	if _, err := uuid.Parse(st.ID); err != nil {
		return valid.Errors{{Field: "id", Key: "online.error_malformed"}}
	}
	route, err := s.RouteOf(ctx, st.Enquiry)
	if err != nil {
		return err
	}
	client, err := s.Client(ctx, clientID)
	if err != nil {
		return err
	}
	want := append([]Recipient{{ID: clientID, PublicKey: client.PublicKey, Client: true}}, route.Staff...)
	if err := checkKeys(st.Keys, want, 1); err != nil {
		return err
	}
	first := st.First
	if first.Seq != 1 || first.Epoch != 1 || first.SenderID != clientID {
		return ErrSequence
	}
	if err := checkBody(first.Body); err != nil {
		return err
	}
	if err := checkAttachment(first.Attachment); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var office any
		if route.OfficeID != "" {
			office = route.OfficeID
		}
		_, err := tx.Exec(ctx, `INSERT INTO online_conversations (id, client_id, pool, office_id, region_id, program_id, topic,
			lang, state, epoch, last_seq, client_seen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1, ?, ?)`,
			st.ID, clientID, route.Pool, office, route.RegionID, route.Program, st.Enquiry.Topic, st.Enquiry.Lang, StateNew, now, now)
		if db.IsUniqueViolation(err) {
			return ErrChanged
		}
		if err != nil {
			return fmt.Errorf("online: start: %w", err)
		}
		if err := insertKeys(ctx, tx, st.ID, st.Keys); err != nil {
			return err
		}
		first.FromClient = true
		if err := insertMessage(ctx, tx, st.ID, first, now); err != nil {
			return err
		}
		return s.tell(ctx, tx, route.Staff, notify.OnlineEnquiry, "/online?view=new")
	})
}

// checkKeys: exactly one well-formed key of epoch for each of want.
func checkKeys(keys []Key, want []Recipient, epoch int) error {
	if len(keys) != len(want) {
		return ErrRecipients
	}
	for _, k := range keys {
		if k.Epoch != epoch || !slices.ContainsFunc(want, func(r Recipient) bool { return r.ID == k.RecipientID }) {
			return ErrRecipients
		}
		if e2e.ValidWrappedKey(k.Wrapped) != nil {
			return valid.Errors{{Field: "keys", Key: "online.error_malformed"}}
		}
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.RecipientID] {
			return ErrRecipients
		}
		seen[k.RecipientID] = true
	}
	return nil
}

func checkBody(body string) error {
	if n := len(decoded(body)); n < minBody || n > MaxBody {
		return valid.Errors{{Field: "body", Key: "online.message_size", Args: []any{"Max", MaxBody / 1024}}}
	}
	return nil
}

func insertKeys(ctx context.Context, tx *db.Tx, convID string, keys []Key) error {
	for _, k := range keys {
		if _, err := tx.Exec(ctx, `INSERT INTO online_keys (conversation_id, epoch, recipient_id, wrapped) VALUES (?, ?, ?, ?)`,
			convID, k.Epoch, k.RecipientID, k.Wrapped); err != nil {
			return fmt.Errorf("online: keys: %w", err)
		}
	}
	return nil
}

func insertMessage(ctx context.Context, tx *db.Tx, convID string, m Message, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO online_messages (conversation_id, seq, epoch, sender_id, from_client, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, convID, m.Seq, m.Epoch, m.SenderID, m.FromClient, m.Body, now)
	if db.IsUniqueViolation(err) {
		return ErrSequence
	}
	if err != nil {
		return fmt.Errorf("online: message: %w", err)
	}
	if m.Attachment == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO online_attachments (conversation_id, seq, body) VALUES (?, ?, ?)`, convID, m.Seq, m.Attachment); err != nil {
		return fmt.Errorf("online: attachment: %w", err)
	}
	return nil
}

// checkAttachment: empty, or a sealed box of at most MaxFile bytes.
func checkAttachment(s string) error {
	if s == "" {
		return nil
	}
	if n := len(decoded(s)); n < 29 || n > MaxFile+28 {
		return valid.Errors{{Field: "attachment", Key: "online.file_size", Args: []any{"Max", MaxFile >> 20}}}
	}
	return nil
}

// tell notifies staff recipients (a link, never content).
func (s *Store) tell(ctx context.Context, tx *db.Tx, to []Recipient, kind notify.Kind, link string) error {
	if s.o.Notes == nil {
		return nil
	}
	for _, r := range to {
		if r.Client {
			continue
		}
		if err := s.o.Notes.Add(ctx, tx, notify.Note{UserID: r.ID, Kind: kind, Link: link}); err != nil {
			return fmt.Errorf("online: notify: %w", err)
		}
	}
	return nil
}
