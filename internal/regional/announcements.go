package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Announcement is a message of a coordinator or the ministry to one or
// several spaces.
type Announcement struct {
	ID, Title, Body  string
	AuthorID, Author string
	// Spaces are the regions it went to, or just "state" (everybody).
	Spaces  []string
	Created time.Time
	// Read says the reader has opened it (the author always has).
	Read bool
	// Counted says the reader may see how many read it (the author and
	// the coordinators of its spaces); Reads is how many of the people it
	// reaches did, of Reached. Never who.
	Counted        bool
	Reads, Reached int
}

// AnnouncementInput is a new announcement.
type AnnouncementInput struct {
	Title, Body string
	Spaces      []string
}

// Limits of texts of the exchange (announcements, documents, threads).
const (
	maxExchangeTitle = 200
	maxExchangeBody  = 10000
)

// validate trims in, keeps each space once ("state" alone when chosen:
// it reaches everybody) and checks x coordinates every one.
func (in *AnnouncementInput) validate(x Participant) error {
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	var e valid.Errors
	checkTitle(&e, in.Title)
	checkBody(&e, "body", in.Body)
	var spaces []string
	for _, s := range in.Spaces {
		spaces = appendNew(spaces, strings.TrimSpace(s))
	}
	switch {
	case len(spaces) == 0:
		e.Add("spaces", "exchange.spaces_required")
	case slices.ContainsFunc(spaces, func(s string) bool { return !x.Coordinates(s) }):
		e.Add("spaces", "exchange.spaces_invalid")
	case slices.Contains(spaces, StateSpace):
		spaces = []string{StateSpace}
	}
	slices.Sort(spaces)
	in.Spaces = spaces
	return e.Err()
}

func checkTitle(e *valid.Errors, title string) {
	switch {
	case title == "":
		e.Add("title", "exchange.title_required")
	case len([]rune(title)) > maxExchangeTitle:
		e.Add("title", "exchange.title_too_long", "Max", maxExchangeTitle)
	}
}

func checkBody(e *valid.Errors, field, body string) {
	switch {
	case body == "":
		e.Add(field, "exchange.body_required")
	case len([]rune(body)) > maxExchangeBody:
		e.Add(field, "exchange.body_too_long", "Max", maxExchangeBody)
	}
}

// Announce sends an announcement to spaces x coordinates and notifies
// everybody it reaches (but its author) in the same transaction.
func (s *Store) Announce(ctx context.Context, x Participant, in AnnouncementInput) (string, error) {
	if len(x.Coordinated()) == 0 {
		return "", ErrForbidden
	}
	if err := in.validate(x); err != nil {
		return "", err
	}
	id, now := newID(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO announcements (id, title, body, author_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, in.Title, in.Body, x.UserID(), now); err != nil {
			return fmt.Errorf("regional: announce: %w", err)
		}
		for _, sp := range in.Spaces {
			if _, err := tx.Exec(ctx, `INSERT INTO announcement_regions (announcement_id, space) VALUES (?, ?)`, id, sp); err != nil {
				return fmt.Errorf("regional: announce: %w", err)
			}
		}
		people, err := reachOf(ctx, tx, in.Spaces, clock.Day(now.In(clock.Berlin())))
		if err != nil {
			return err
		}
		reached := 0
		for _, u := range people {
			if u == x.UserID() {
				continue
			}
			reached++
			if err := s.o.Notify(ctx, tx, Notice{Kind: NoticeAnnounce, UserID: u, Href: "/announcements/" + id}); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, x.p.Entry("announcement.create", audit.ResultSuccess, "announcement", id,
			map[string]string{"spaces": strings.Join(in.Spaces, ","), "reached": fmt.Sprint(reached)}))
	})
	return id, err
}

// AnnouncementFilter picks announcements: to one space ("" for every
// space the reader sees), one page of them.
type AnnouncementFilter struct {
	Space         string
	Limit, Offset int
}

// Announcements lists the announcements to spaces x sees, newest first,
// with whether x has read each, and how many there are in all.
func (s *Store) Announcements(ctx context.Context, x Participant, f AnnouncementFilter) ([]*Announcement, int, error) {
	cond, args := x.seen("ar.space")
	if f.Space != "" {
		if !x.Sees(f.Space) {
			return nil, 0, ErrNotFound
		}
		cond, args = "ar.space = ?", []any{f.Space}
	}
	where := " FROM announcements a WHERE EXISTS (SELECT 1 FROM announcement_regions ar WHERE ar.announcement_id = a.id AND " + cond + ")"
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: announcements: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, a.title, a.body, a.author_id, a.created_at,
		(SELECT COUNT(*) FROM announcement_reads r WHERE r.announcement_id = a.id AND r.user_id = ?)`+where+
		" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?", append(append([]any{x.UserID()}, args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("regional: announcements: %w", err)
	}
	defer rows.Close()
	var out []*Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows, x)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("regional: announcements: %w", err)
	}
	rows.Close()
	return out, total, s.completeAnnouncements(ctx, s.db, x, out)
}

func scanAnnouncement(row interface{ Scan(...any) error }, x Participant) (*Announcement, error) {
	var a Announcement
	var reads int
	if err := row.Scan(&a.ID, &a.Title, &a.Body, &a.AuthorID, &a.Created, &reads); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("regional: announcement: %w", err)
	}
	a.Created = a.Created.UTC()
	a.Read = reads > 0 || a.AuthorID == x.UserID()
	return &a, nil
}

// completeAnnouncements fills in the spaces, the authors' names and
// whether x may see the read counts.
func (s *Store) completeAnnouncements(ctx context.Context, q db.Querier, x Participant, list []*Announcement) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*Announcement{}
	var ids, authors []string
	for _, a := range list {
		byID[a.ID], ids, authors = a, append(ids, a.ID), append(authors, a.AuthorID)
	}
	rows, err := q.Query(ctx, "SELECT announcement_id, space FROM announcement_regions WHERE announcement_id IN ("+
		db.Placeholders(len(ids))+") ORDER BY space", db.Args(ids)...)
	if err != nil {
		return fmt.Errorf("regional: announcement spaces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, space string
		if err := rows.Scan(&id, &space); err != nil {
			return fmt.Errorf("regional: announcement spaces: %w", err)
		}
		byID[id].Spaces = append(byID[id].Spaces, space)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("regional: announcement spaces: %w", err)
	}
	rows.Close()
	names, err := auth.NamesOf(ctx, q, authors)
	if err != nil {
		return err
	}
	for _, a := range list {
		a.Author = names[a.AuthorID]
		a.Counted = a.AuthorID == x.UserID() || slices.ContainsFunc(a.Spaces, x.Coordinates)
	}
	return nil
}

// Announcement opens one announcement to a space x sees and marks it
// read for x. For the author and the coordinators of its spaces it counts
// the readers among the people it reaches (as they are today: who left a
// network since no longer counts, who joined does).
func (s *Store) Announcement(ctx context.Context, x Participant, id string) (*Announcement, error) {
	var a *Announcement
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		a, err = scanAnnouncement(tx.QueryRow(ctx, `SELECT a.id, a.title, a.body, a.author_id, a.created_at, 1
			FROM announcements a WHERE a.id = ?`, id), x)
		if err != nil {
			return err
		}
		if err := s.completeAnnouncements(ctx, tx, x, []*Announcement{a}); err != nil {
			return err
		}
		if !slices.ContainsFunc(a.Spaces, x.Sees) {
			return ErrNotFound
		}
		if a.AuthorID != x.UserID() {
			if _, err := tx.Exec(ctx, `INSERT INTO announcement_reads (announcement_id, user_id, read_at) VALUES (?, ?, ?)
				ON CONFLICT (announcement_id, user_id) DO NOTHING`, id, x.UserID(), s.now()); err != nil {
				return fmt.Errorf("regional: mark read: %w", err)
			}
		}
		if a.Counted {
			return s.countReads(ctx, tx, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// countReads fills in how many of the people a reaches (but its author)
// read it.
func (s *Store) countReads(ctx context.Context, q db.Querier, a *Announcement) error {
	people, err := reachOf(ctx, q, a.Spaces, clock.Day(s.now().In(clock.Berlin())))
	if err != nil {
		return err
	}
	readers, err := strings1(ctx, q, "SELECT user_id FROM announcement_reads WHERE announcement_id = ?", a.ID)
	if err != nil {
		return err
	}
	read := make(map[string]bool, len(readers))
	for _, u := range readers {
		read[u] = true
	}
	for _, u := range people {
		if u == a.AuthorID {
			continue
		}
		a.Reached++
		if read[u] {
			a.Reads++
		}
	}
	return nil
}
