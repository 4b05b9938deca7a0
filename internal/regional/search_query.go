package regional

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Query is a search: words, and filters that narrow it.
type Query struct {
	Text string
	// Kinds keeps items of these kinds (none: every kind).
	Kinds []string
	// Space keeps one region's or the state's items ("" for every space
	// the reader sees).
	Space, Topic string
	// From and To keep items dated on or between these days (zero: open).
	From, To      time.Time
	Limit, Offset int
}

// Hit is one item found.
type Hit struct {
	Kind, ID, Space, Topic, Title string
	// Snippet is plain text around the first word found (the page
	// escapes it).
	Snippet string
	Date    time.Time
	Href    string
}

// Bounds of a page of hits.
const (
	searchDefaultLimit = 20
	searchMaxLimit     = 100
	searchMaxOffset    = 10_000
)

// searchEngine is what the engines do differently: how the index is
// matched and ranked. The table, its rows and every filter are the same
// on both; the SQLite FTS5 table and the PostgreSQL tsvector column hold
// the same terms, made in Go (search_text.go).
type searchEngine interface {
	// match gives the FROM clause with the index as "s", the condition
	// that the words match with its arguments, and a score of each row
	// with its arguments: the lower, the better the match.
	match(ws []queryWord) (from, cond string, condArgs []any, score string, scoreArgs []any)
}

func (s *Store) engine() searchEngine {
	if s.db.Dialect() == db.Postgres {
		return postgresSearch{}
	}
	return sqliteSearch{}
}

// Search finds items x may see by their words, best first and then the
// newest, with the total number found. Only the spaces x sees are
// searched (only q.Space when it is one of them); items for
// coordinators only are found by the space's coordinators. A query
// without words (empty, or stop words only) finds nothing.
func (s *Store) Search(ctx context.Context, x Participant, q Query) ([]Hit, int, error) {
	ws := parseQuery(q.Text)
	where, args, ok := searchFilter(x, q)
	if len(ws) == 0 || !ok {
		return nil, 0, nil
	}
	from, cond, condArgs, score, scoreArgs := s.engine().match(ws)
	where = cond + " AND " + where
	args = append(condArgs, args...)
	limit, offset := q.Limit, min(max(q.Offset, 0), searchMaxOffset)
	if limit <= 0 || limit > searchMaxLimit {
		limit = searchDefaultLimit
	}
	// One query gives the page and, with each row, the total; only a page
	// past the end needs a count of its own. The matches are ranked and
	// counted by their keys alone, so only the page's rows are read whole.
	// (SQLite's bm25 cannot share a query level with a window function.)
	rows, err := s.db.Query(ctx, `SELECT r.kind, r.item_id, r.space, r.topic, r.happened_on, r.title, r.body, r.href, p.total
		FROM (SELECT h.kind, h.item_id, h.happened_on, h.score, COUNT(*) OVER () AS total
			FROM (SELECT s.kind, s.item_id, s.happened_on, `+score+` AS score FROM `+from+" WHERE "+where+`) h
			ORDER BY h.score, h.happened_on DESC, h.kind, h.item_id LIMIT ? OFFSET ?) p
		JOIN regional_search r ON r.kind = p.kind AND r.item_id = p.item_id
		ORDER BY p.score, p.happened_on DESC, p.kind, p.item_id`,
		append(append(scoreArgs, args...), limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("regional: search: %w", err)
	}
	defer rows.Close()
	var hits []Hit
	var total int
	for rows.Next() {
		var h Hit
		var body string
		var date db.ComputedTime
		if err := rows.Scan(&h.Kind, &h.ID, &h.Space, &h.Topic, &date, &h.Title, &body, &h.Href, &total); err != nil {
			return nil, 0, fmt.Errorf("regional: search: %w", err)
		}
		h.Date = date.Time.UTC()
		h.Snippet = searchSnippet(body, ws)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("regional: search: %w", err)
	}
	rows.Close()
	if len(hits) == 0 && offset > 0 {
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("regional: search: %w", err)
		}
	}
	return hits, total, nil
}

// searchFilter is the condition on the index rows for x and q's filters;
// false when nothing can match (a space x does not see, only unknown
// kinds).
func searchFilter(x Participant, q Query) (string, []any, bool) {
	spaces := x.Spaces()
	if q.Space != "" {
		if !x.Sees(q.Space) {
			return "", nil, false
		}
		spaces = []string{q.Space}
	}
	if len(spaces) == 0 {
		return "", nil, false
	}
	var coordinated []string
	for _, sp := range spaces {
		if x.Coordinates(sp) {
			coordinated = append(coordinated, sp)
		}
	}
	conds := []string{"s.space IN (" + db.Placeholders(len(spaces)) + ")"}
	args := db.Args(spaces)
	if len(coordinated) > 0 {
		conds = append(conds, "(s.coordinators_only = ? OR s.space IN ("+db.Placeholders(len(coordinated))+"))")
		args = append(append(args, false), db.Args(coordinated)...)
	} else {
		conds = append(conds, "s.coordinators_only = ?")
		args = append(args, false)
	}
	if len(q.Kinds) > 0 {
		var kinds []string
		for _, k := range q.Kinds {
			if slices.Contains(DocKinds, k) && !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) == 0 {
			return "", nil, false
		}
		conds = append(conds, "s.kind IN ("+db.Placeholders(len(kinds))+")")
		args = append(args, db.Args(kinds)...)
	}
	if q.Topic != "" {
		conds, args = append(conds, "s.topic = ?"), append(args, q.Topic)
	}
	if !q.From.IsZero() {
		conds, args = append(conds, "s.happened_on >= ?"), append(args, searchDay(q.From))
	}
	if !q.To.IsZero() {
		conds, args = append(conds, "s.happened_on <= ?"), append(args, searchDay(q.To))
	}
	return strings.Join(conds, " AND "), args, true
}

// searchDay is t's calendar date as DATE columns hold it (midnight UTC).
func searchDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// sqliteSearch matches the FTS5 table regional_search_fts, which triggers
// keep in step with regional_search (its external content), and ranks by
// bm25 with the title counting twice.
type sqliteSearch struct{}

func (sqliteSearch) match(ws []queryWord) (string, string, []any, string, []any) {
	parts := make([]string, len(ws))
	for i, w := range ws {
		// The words hold letters and digits only; quoted, none of them is
		// an FTS5 operator (NEAR, AND, OR, NOT).
		p := `"` + w.stem + `"`
		if w.prefix {
			p = `("` + w.stem + `"* OR "` + w.folded + `"*)`
		}
		parts[i] = p
	}
	return "regional_search_fts JOIN regional_search s ON s.id = regional_search_fts.rowid",
		"regional_search_fts MATCH ?", []any{strings.Join(parts, " AND ")},
		"bm25(regional_search_fts, 2.0, 1.0)", nil
}

// postgresSearch matches the tsvector column tsv (the terms with the
// title weighted A, the text B, generated by the table) through its GIN
// index and ranks by ts_rank.
type postgresSearch struct{}

func (postgresSearch) match(ws []queryWord) (string, string, []any, string, []any) {
	parts := make([]string, len(ws))
	for i, w := range ws {
		// Quoted lexemes of letters and digits: no tsquery operator.
		p := "'" + w.stem + "'"
		if w.prefix {
			p = "('" + w.stem + "':* | '" + w.folded + "':*)"
		}
		parts[i] = p
	}
	tsq := strings.Join(parts, " & ")
	return "regional_search s", "s.tsv @@ CAST(? AS tsquery)", []any{tsq},
		"-ts_rank(s.tsv, CAST(? AS tsquery))", []any{tsq}
}
