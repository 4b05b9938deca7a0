package regional

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// ThreadFilter picks threads of one space: whose title holds Query, one
// page of them.
type ThreadFilter struct {
	Query         string
	Limit, Offset int
}

// Threads lists the threads of a space x sees, latest post first, and
// how many there are in all.
func (s *Store) Threads(ctx context.Context, x Participant, space string, f ThreadFilter) ([]*Thread, int, error) {
	if !x.Sees(space) {
		return nil, 0, ErrNotFound
	}
	cond, args := " WHERE t.space = ?", []any{space}
	if q := valid.SearchText(f.Query); q != "" {
		cond, args = cond+" AND LOWER(t.title) LIKE ?", append(args, "%"+strings.NewReplacer("%", "", "_", "").Replace(q)+"%")
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM threads t"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: threads: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, "SELECT "+threadColumns+" FROM threads t"+cond+" ORDER BY t.last_post_at DESC, t.id LIMIT ? OFFSET ?",
		append(append([]any{x.UserID()}, args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("regional: threads: %w", err)
	}
	defer rows.Close()
	var out []*Thread
	var authors []string
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, 0, err
		}
		out, authors = append(out, t), append(authors, t.AuthorID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("regional: threads: %w", err)
	}
	rows.Close()
	names, err := auth.NamesOf(ctx, s.db, authors)
	if err != nil {
		return nil, 0, err
	}
	for _, t := range out {
		t.Author = names[t.AuthorID]
	}
	return out, total, nil
}

// Thread reads a thread of a space x sees with its posts, oldest first.
func (s *Store) Thread(ctx context.Context, x Participant, id string) (*Thread, []Post, error) {
	t, err := threadIn(ctx, s.db, x, id)
	if err != nil {
		return nil, nil, err
	}
	posts, err := threadPosts(ctx, s.db, id)
	if err != nil {
		return nil, nil, err
	}
	people, parts := []string{t.AuthorID}, []string{}
	for _, p := range posts {
		people = append(people, p.AuthorID)
		parts = append(parts, mentionsIn(p.Body)...)
	}
	names, err := auth.NamesOf(ctx, s.db, people)
	if err != nil {
		return nil, nil, err
	}
	named, err := auth.AccountsByLocalPart(ctx, s.db, parts)
	if err != nil {
		return nil, nil, err
	}
	t.Author = names[t.AuthorID]
	for i := range posts {
		p := &posts[i]
		p.Author = names[p.AuthorID]
		for _, m := range mentionsIn(p.Body) {
			if len(named[m]) > 0 {
				p.Mentions = append(p.Mentions, m)
			}
		}
	}
	return t, posts, nil
}

func threadPosts(ctx context.Context, q db.Querier, threadID string) ([]Post, error) {
	rows, err := q.Query(ctx, `SELECT id, seq, author_id, body, created_at FROM thread_posts WHERE thread_id = ? ORDER BY seq`, threadID)
	if err != nil {
		return nil, fmt.Errorf("regional: posts: %w", err)
	}
	defer rows.Close()
	var out []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Seq, &p.AuthorID, &p.Body, &p.Created); err != nil {
			return nil, fmt.Errorf("regional: posts: %w", err)
		}
		p.Created = p.Created.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// mentionRe finds "@name" where it does not continue a word or an e-mail
// address; name is an e-mail address's local part.
var mentionRe = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.@+-])(@[A-Za-z0-9][A-Za-z0-9._+-]*)`)

// mention is the local part a match names: lower case, without the dots
// and dashes that end a sentence.
func mention(match string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimPrefix(match, "@"), ".-"))
}

// mentionsIn lists the local parts body names with @, each once.
func mentionsIn(body string) []string {
	var out []string
	for _, m := range mentionRe.FindAllStringSubmatch(body, -1) {
		if p := mention(m[1]); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Segment is a piece of a post's text: plain, or the mention of a person.
type Segment struct {
	Text    string
	Mention bool
}

// Segments splits the post's text into plain pieces and the mentions of
// p.Mentions, for showing them highlighted.
func (p Post) Segments() []Segment {
	var out []Segment
	at := 0
	for _, m := range mentionRe.FindAllStringSubmatchIndex(p.Body, -1) {
		start, end := m[2], m[3]
		name := mention(p.Body[start:end])
		if !slices.Contains(p.Mentions, name) {
			continue
		}
		end = start + 1 + len(strings.TrimRight(p.Body[start+1:end], ".-"))
		if start > at {
			out = append(out, Segment{Text: p.Body[at:start]})
		}
		out = append(out, Segment{Text: p.Body[start:end], Mention: true})
		at = end
	}
	if at < len(p.Body) {
		out = append(out, Segment{Text: p.Body[at:]})
	}
	return out
}
