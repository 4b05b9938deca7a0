package online

import (
	"context"
	"time"
)

// View is what a browser needs to show a conversation: who is in it (ids
// and identity keys, for decryption and the safety number), the keys
// wrapped for the reader, and the messages after a position.
type View struct {
	ID           string     `json:"id"`
	State        string     `json:"state"`
	Epoch        int        `json:"epoch"`
	LastSeq      int        `json:"last_seq"`
	Me           string     `json:"me"`
	ClientID     string     `json:"client_id"`
	CounselorID  string     `json:"counselor_id,omitempty"`
	ClientKey    string     `json:"client_key"`
	CounselorKey string     `json:"counselor_key,omitempty"`
	DeleteAfter  *time.Time `json:"delete_after,omitempty"`
	// CanWrite: the reader may write now (the client while it is not
	// closed, the assigned counselor while it is open).
	CanWrite bool      `json:"can_write"`
	Keys     []Key     `json:"keys"`
	Messages []Message `json:"messages"`
}

// View returns the conversation for pt with the messages after seq, and
// records that pt has read them.
func (s *Store) View(ctx context.Context, pt Party, id string, after int) (*View, error) {
	c, err := s.Conversation(ctx, pt, id)
	if err != nil {
		return nil, err
	}
	keys, err := s.KeysFor(ctx, pt, id)
	if err != nil {
		return nil, err
	}
	msgs, err := s.Messages(ctx, id, after)
	if err != nil {
		return nil, err
	}
	v := &View{ID: c.ID, State: c.State, Epoch: c.Epoch, LastSeq: c.LastSeq, Me: pt.ID(), ClientID: c.ClientID,
		CounselorID: c.CounselorID, ClientKey: c.ClientKey, CounselorKey: c.CounselorKey, DeleteAfter: c.DeleteAfter,
		Keys: keys, Messages: msgs}
	if pt.IsClient() {
		v.CanWrite = c.State != StateClosed
	} else {
		v.CanWrite = c.State == StateOpen && c.CounselorID == pt.ID()
	}
	if v.Keys == nil {
		v.Keys = []Key{}
	}
	if v.Messages == nil {
		v.Messages = []Message{}
	}
	if n := len(msgs); n > 0 {
		err = s.Seen(ctx, pt, id, msgs[n-1].Seq)
	}
	return v, err
}
