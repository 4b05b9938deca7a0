package regional

import (
	"context"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Kinds of searchable items.
const (
	DocMeeting  = "meeting"
	DocDecision = "decision"
	DocDocument = "document"
	DocThread   = "thread"
)

// Doc is one searchable item: what it is, where it belongs, its text and
// its date. Stores call index in the transaction that writes the item, so
// the search never shows what the reader may not see or what is gone.
type Doc struct {
	Kind, ID string
	// Space is the region or "state".
	Space       string
	Title, Body string
	// Topic is a registry topic (decisions), "" otherwise.
	Topic string
	Date  time.Time
}

// index adds or replaces d in the search index.
func (s *Store) index(ctx context.Context, tx *db.Tx, d Doc) error {
	return nil // issue 16 in progress: the full-text index
}

// unindex removes an item from the search index.
func (s *Store) unindex(ctx context.Context, tx *db.Tx, kind, id string) error {
	return nil // issue 16 in progress: the full-text index
}
