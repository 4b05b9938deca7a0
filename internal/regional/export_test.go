package regional

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// IndexForTest indexes d in a transaction of its own, as the stores do in
// theirs.
func (s *Store) IndexForTest(ctx context.Context, d Doc) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.index(ctx, tx, d) })
}

// UnindexForTest removes an item from the index in a transaction of its
// own.
func (s *Store) UnindexForTest(ctx context.Context, kind, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.unindex(ctx, tx, kind, id) })
}

// TermsForTest and SnippetForTest expose the analysis: the terms the
// index keeps of a text, and the excerpt a hit shows for a query.
var (
	TermsForTest   = searchTerms
	SnippetForTest = func(text, query string) string { return searchSnippet(text, parseQuery(query)) }
)
