package regional

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Kinds of searchable items.
const (
	DocMeeting  = "meeting"
	DocDecision = "decision"
	DocDocument = "document"
	DocThread   = "thread"
)

// DocKinds lists the kinds of searchable items in the order forms offer
// them.
var DocKinds = []string{DocMeeting, DocDecision, DocDocument, DocThread}

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
	// Href is the page a hit links to; "" takes the kind's page
	// (/meetings/<id>, /documents/<id>, /threads/<id>; for a decision the
	// minutes of its meeting, read from the decision's row, which must
	// then be written first).
	Href string
	// CoordinatorsOnly keeps the item from everybody but the space's
	// coordinators (a decision of minutes still in draft); index it again
	// without the flag once the minutes go round.
	CoordinatorsOnly bool
}

// index adds or replaces d in the search index.
func (s *Store) index(ctx context.Context, tx *db.Tx, d Doc) error {
	if !slices.Contains(DocKinds, d.Kind) || d.ID == "" || d.Space == "" {
		return fmt.Errorf("regional: index: incomplete item %q/%q in %q", d.Kind, d.ID, d.Space)
	}
	href, err := hrefOf(ctx, tx, d)
	if err != nil {
		return err
	}
	date := d.Date
	if date.IsZero() {
		date = s.now()
	}
	body := capText(d.Body)
	_, err = tx.Exec(ctx, `INSERT INTO regional_search (kind, item_id, space, topic, happened_on, title, body, href,
		coordinators_only, title_terms, body_terms, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, item_id) DO UPDATE SET space = excluded.space, topic = excluded.topic,
		happened_on = excluded.happened_on, title = excluded.title, body = excluded.body, href = excluded.href,
		coordinators_only = excluded.coordinators_only, title_terms = excluded.title_terms,
		body_terms = excluded.body_terms, updated_at = excluded.updated_at`,
		d.Kind, d.ID, d.Space, d.Topic, clock.Day(date.In(clock.Berlin())), d.Title, body, href,
		d.CoordinatorsOnly, searchTerms(d.Title), searchTerms(body), s.now())
	if err != nil {
		return fmt.Errorf("regional: index %s %s: %w", d.Kind, d.ID, err)
	}
	return nil
}

// unindex removes an item from the search index.
func (s *Store) unindex(ctx context.Context, tx *db.Tx, kind, id string) error {
	if _, err := tx.Exec(ctx, "DELETE FROM regional_search WHERE kind = ? AND item_id = ?", kind, id); err != nil {
		return fmt.Errorf("regional: unindex %s %s: %w", kind, id, err)
	}
	return nil
}

// hrefOf is the page a hit on d links to.
func hrefOf(ctx context.Context, tx *db.Tx, d Doc) (string, error) {
	if d.Href != "" {
		return d.Href, nil
	}
	switch d.Kind {
	case DocMeeting:
		return "/meetings/" + d.ID, nil
	case DocDocument:
		return "/documents/" + d.ID, nil
	case DocThread:
		return "/threads/" + d.ID, nil
	}
	var meeting string
	if err := tx.QueryRow(ctx, "SELECT meeting_id FROM decisions WHERE id = ?", d.ID).Scan(&meeting); err != nil {
		return "", fmt.Errorf("regional: index decision %s: its meeting (write the decision first or set Doc.Href): %w", d.ID, err)
	}
	return "/meetings/" + meeting + "/minutes", nil
}

// capText keeps at most maxIndexedBytes of a text, cut at a character.
func capText(s string) string {
	if len(s) <= maxIndexedBytes {
		return s
	}
	return strings.ToValidUTF8(s[:maxIndexedBytes], "")
}

// reanalyseBatch is how many items ReanalyseSearch writes per transaction.
const reanalyseBatch = 200

// ReanalyseSearch computes the indexed terms of every item again from its
// stored title and text, for when the analysis (stemmer, stop words,
// folding) changed; it returns how many items it wrote.
func (s *Store) ReanalyseSearch(ctx context.Context) (int, error) {
	done, lastKind, lastID := 0, "", ""
	for {
		n := 0
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			rows, err := tx.Query(ctx, `SELECT kind, item_id, title, body FROM regional_search
				WHERE kind > ? OR (kind = ? AND item_id > ?) ORDER BY kind, item_id LIMIT ?`, lastKind, lastKind, lastID, reanalyseBatch)
			if err != nil {
				return err
			}
			type item struct{ kind, id, title, body string }
			var batch []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.kind, &it.id, &it.title, &it.body); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, it := range batch {
				if _, err := tx.Exec(ctx, "UPDATE regional_search SET title_terms = ?, body_terms = ? WHERE kind = ? AND item_id = ?",
					searchTerms(it.title), searchTerms(it.body), it.kind, it.id); err != nil {
					return err
				}
				lastKind, lastID = it.kind, it.id
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return done, fmt.Errorf("regional: reanalyse search: %w", err)
		}
		done += n
		if n < reanalyseBatch {
			return done, nil
		}
	}
}
