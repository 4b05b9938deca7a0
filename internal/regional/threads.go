package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Thread is an exchange in a space ("how do you handle …?").
type Thread struct {
	ID, Space, Title, AuthorID, Author string
	Created, LastPost                  time.Time
	// Posts is how many posts it has (the first included).
	Posts int
	// Subscribed says the reader follows it.
	Subscribed bool
}

// Post is one post of a thread, plain text.
type Post struct {
	ID                     string
	Seq                    int
	AuthorID, Author, Body string
	Created                time.Time
	// Mentions are the local parts named with @ in Body that belong to a
	// staff account (lower case).
	Mentions []string
}

// ThreadInput is a new thread with its first post.
type ThreadInput struct{ Title, Body string }

// maxIndexedThread bounds the text of a thread the search indexes.
const maxIndexedThread = 20000

// StartThread opens a thread in a space x takes part in; its author
// follows it. People named with @ who see the space hear of it.
func (s *Store) StartThread(ctx context.Context, x Participant, space string, in ThreadInput) (string, error) {
	if !x.Sees(space) {
		return "", ErrNotFound
	}
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	var e valid.Errors
	checkTitle(&e, in.Title)
	checkBody(&e, "body", in.Body)
	if err := e.Err(); err != nil {
		return "", err
	}
	id, now := newID(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO threads (id, space, title, author_id, created_at, last_post_at, posts) VALUES (?, ?, ?, ?, ?, ?, 1)`,
			id, space, in.Title, x.UserID(), now, now); err != nil {
			return fmt.Errorf("regional: start thread: %w", err)
		}
		t := &Thread{ID: id, Space: space, Title: in.Title, LastPost: now}
		if err := s.post(ctx, tx, x, t, 1, in.Body); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, x.p.Entry("thread.create", audit.ResultSuccess, "thread", id, map[string]string{"space": space}))
	})
	return id, err
}

// Reply adds a post to a thread of a space x sees and answers its
// number. x follows the thread from then on; its followers (but x) and
// the people named with @ who see the space hear of it, each once.
func (s *Store) Reply(ctx context.Context, x Participant, threadID, body string) (int, error) {
	body = strings.TrimSpace(body)
	var seq int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := threadIn(ctx, tx, x, threadID)
		if err != nil {
			return err
		}
		var e valid.Errors
		checkBody(&e, "body", body)
		if err := e.Err(); err != nil {
			return err
		}
		now := s.now()
		if err := tx.QueryRow(ctx, "UPDATE threads SET posts = posts + 1, last_post_at = ? WHERE id = ? RETURNING posts", now, threadID).
			Scan(&seq); err != nil {
			return fmt.Errorf("regional: reply: %w", err)
		}
		t.LastPost = now
		if err := s.post(ctx, tx, x, t, seq, body); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, x.p.Entry("thread.reply", audit.ResultSuccess, "thread", threadID, map[string]string{"post": fmt.Sprint(seq)}))
	})
	return seq, err
}

// post stores post seq of thread t, subscribes its writer, tells the
// followers and the people mentioned, and indexes the thread again.
func (s *Store) post(ctx context.Context, tx *db.Tx, x Participant, t *Thread, seq int, body string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO thread_posts (id, thread_id, seq, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		newID(), t.ID, seq, x.UserID(), body, t.LastPost); err != nil {
		return fmt.Errorf("regional: post: %w", err)
	}
	if err := subscribe(ctx, tx, t.ID, x.UserID()); err != nil {
		return err
	}
	href := fmt.Sprintf("/threads/%s#post-%d", t.ID, seq)
	told := map[string]bool{x.UserID(): true}
	followers, err := strings1(ctx, tx, "SELECT user_id FROM thread_subscriptions WHERE thread_id = ? ORDER BY user_id", t.ID)
	if err != nil {
		return err
	}
	for _, u := range followers {
		if told[u] {
			continue
		}
		told[u] = true
		if err := s.o.Notify(ctx, tx, Notice{Kind: NoticeReply, UserID: u, Href: href}); err != nil {
			return err
		}
	}
	if err := s.notifyMentions(ctx, tx, t.Space, body, href, told); err != nil {
		return err
	}
	return s.indexThread(ctx, tx, t)
}

// notifyMentions tells the people named with @ in body who see space and
// were not told yet.
func (s *Store) notifyMentions(ctx context.Context, tx *db.Tx, space, body, href string, told map[string]bool) error {
	parts := mentionsIn(body)
	if len(parts) == 0 {
		return nil
	}
	named, err := auth.AccountsByLocalPart(ctx, tx, parts)
	if err != nil || len(named) == 0 {
		return err
	}
	seers, err := seersOf(ctx, tx, space, s.o.Clock.Today())
	if err != nil {
		return err
	}
	sees := make(map[string]bool, len(seers))
	for _, u := range seers {
		sees[u] = true
	}
	for _, p := range parts {
		for _, u := range named[p] {
			if told[u] || !sees[u] {
				continue
			}
			told[u] = true
			if err := s.o.Notify(ctx, tx, Notice{Kind: NoticeMention, UserID: u, Href: href}); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexThread gives the search the thread's title and its posts' text
// (up to maxIndexedThread characters).
func (s *Store) indexThread(ctx context.Context, tx *db.Tx, t *Thread) error {
	bodies, err := strings1(ctx, tx, "SELECT body FROM thread_posts WHERE thread_id = ? ORDER BY seq", t.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, body := range bodies {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(body)
		if b.Len() >= maxIndexedThread {
			break
		}
	}
	text := b.String()
	if r := []rune(text); len(r) > maxIndexedThread {
		text = string(r[:maxIndexedThread])
	}
	return s.index(ctx, tx, Doc{Kind: DocThread, ID: t.ID, Space: t.Space, Title: t.Title, Body: text, Date: t.LastPost})
}

func subscribe(ctx context.Context, tx *db.Tx, threadID, userID string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO thread_subscriptions (thread_id, user_id) VALUES (?, ?)
		ON CONFLICT (thread_id, user_id) DO NOTHING`, threadID, userID); err != nil {
		return fmt.Errorf("regional: subscribe: %w", err)
	}
	return nil
}

// Subscribe makes x follow a thread of a space x sees (on) or stop.
func (s *Store) Subscribe(ctx context.Context, x Participant, threadID string, on bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := threadIn(ctx, tx, x, threadID); err != nil {
			return err
		}
		action := "thread.subscribe"
		if on {
			if err := subscribe(ctx, tx, threadID, x.UserID()); err != nil {
				return err
			}
		} else {
			action = "thread.unsubscribe"
			if _, err := tx.Exec(ctx, "DELETE FROM thread_subscriptions WHERE thread_id = ? AND user_id = ?", threadID, x.UserID()); err != nil {
				return fmt.Errorf("regional: unsubscribe: %w", err)
			}
		}
		return s.audit.Append(ctx, tx, x.p.Entry(action, audit.ResultSuccess, "thread", threadID, nil))
	})
}

const threadColumns = `t.id, t.space, t.title, t.author_id, t.created_at, t.last_post_at, t.posts,
	(SELECT COUNT(*) FROM thread_subscriptions s WHERE s.thread_id = t.id AND s.user_id = ?)`

func scanThread(row interface{ Scan(...any) error }) (*Thread, error) {
	var t Thread
	var subscribed int
	if err := row.Scan(&t.ID, &t.Space, &t.Title, &t.AuthorID, &t.Created, &t.LastPost, &t.Posts, &subscribed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("regional: thread: %w", err)
	}
	t.Created, t.LastPost, t.Subscribed = t.Created.UTC(), t.LastPost.UTC(), subscribed > 0
	return &t, nil
}

// threadIn reads a thread of a space x sees.
func threadIn(ctx context.Context, q db.Querier, x Participant, id string) (*Thread, error) {
	t, err := scanThread(q.QueryRow(ctx, "SELECT "+threadColumns+" FROM threads t WHERE t.id = ?", x.UserID(), id))
	if err != nil {
		return nil, err
	}
	if !x.Sees(t.Space) {
		return nil, ErrNotFound
	}
	return t, nil
}
