package event

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Limits of an event's fields.
const (
	maxTitle       = 200
	maxDescription = 5000
	maxShort       = 500
	maxCapacity    = 10000
	maxDates       = 20
)

var langRe = regexp.MustCompile(`^[a-z]{2,3}$`)

// Input is an event as its organiser enters it.
type Input struct {
	Audience, Format, Address, OnlineLink string
	Topic, Lang                           string
	Capacity                              int
	RegistrationCloses                    time.Time
	// NeedsApproval: the organiser approves each registration.
	NeedsApproval                bool
	Accessibility, Cost, Contact string
	Texts                        map[string]Text
	Dates                        []Date
}

// organiser is the scope p organises for: its account's (the state for
// the ministry, its region, organisation or office).
func organiser(p auth.Principal) (kind, id string, ok bool) {
	if !p.Can(perm.EventOrganise) {
		return "", "", false
	}
	g := p.Account()
	switch g.Kind {
	case perm.Statewide:
		return "state", "", true
	case perm.Region, perm.Organisation, perm.Office:
		return string(g.Kind), g.ScopeID, true
	}
	return "", "", false
}

// Check lists the problems of an event as entered (all at once, for the
// form); Create checks the same.
func (in Input) Check(now time.Time) valid.Errors {
	var e valid.Errors
	de := in.Texts["de"]
	if strings.TrimSpace(de.Title) == "" {
		e.Add("title_de", "event.title_required")
	}
	for lang, t := range in.Texts {
		if utf8.RuneCountInString(t.Title) > maxTitle || utf8.RuneCountInString(t.Description) > maxDescription {
			e.Add("title_"+lang, "event.text_long", "Max", maxDescription)
		}
	}
	if !slices.Contains(Audiences, in.Audience) {
		e.Add("audience", "event.audience_required")
	}
	if !slices.Contains(Formats, in.Format) {
		e.Add("format", "event.format_required")
	}
	if in.Format != "online" && strings.TrimSpace(in.Address) == "" {
		e.Add("address", "event.address_required")
	}
	if in.Format != "in_person" {
		if u, err := url.Parse(in.OnlineLink); err != nil || u.Scheme != "https" || u.Host == "" {
			e.Add("online_link", "event.link_required")
		}
	}
	if !langRe.MatchString(in.Lang) {
		e.Add("lang", "event.lang_required")
	}
	if in.Capacity < 1 || in.Capacity > maxCapacity {
		e.Add("capacity", "event.capacity_range", "Max", maxCapacity)
	}
	for _, f := range []struct{ name, v string }{{"address", in.Address}, {"accessibility", in.Accessibility}, {"cost", in.Cost}, {"contact", in.Contact}} {
		if utf8.RuneCountInString(f.v) > maxShort {
			e.Add(f.name, "event.text_long", "Max", maxShort)
		}
	}
	checkDates(&e, in, now)
	return e
}

// checkDates: one to maxDates sessions in the future, each ending after
// it starts, in order; registration closes before the first.
func checkDates(e *valid.Errors, in Input, now time.Time) {
	if len(in.Dates) == 0 || len(in.Dates) > maxDates {
		e.Add("starts", "event.date_required")
		return
	}
	for i, d := range in.Dates {
		if !d.End.After(d.Start) || !d.Start.After(now) || (i > 0 && !d.Start.After(in.Dates[i-1].Start)) {
			e.Add("starts", "event.date_order")
			return
		}
	}
	if in.RegistrationCloses.IsZero() || in.RegistrationCloses.After(in.Dates[0].Start) || !in.RegistrationCloses.After(now) {
		e.Add("registration_closes", "event.closes_order")
	}
}

// Create stores a draft event organised for p's scope; region is the
// region the event belongs to (for the calendar's filter), if any.
func (s *Store) Create(ctx context.Context, p auth.Principal, in Input, region string) (string, error) {
	kind, orgID, ok := organiser(p)
	if !ok {
		return "", ErrNotFound
	}
	if e := in.Check(s.now()); len(e) > 0 {
		return "", e
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO events (id, organiser_kind, organiser_id, audience, format, address, online_link, region_id,
			topic, lang, capacity, registration_closes, needs_approval, accessibility, cost, contact, state, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`, id, kind, orgID, in.Audience, in.Format,
			strings.TrimSpace(in.Address), strings.TrimSpace(in.OnlineLink), region, in.Topic, in.Lang, in.Capacity,
			in.RegistrationCloses, in.NeedsApproval, in.Accessibility, in.Cost, in.Contact, p.UserID(), now, now)
		if err != nil {
			return fmt.Errorf("event: create: %w", err)
		}
		if err := insertParts(ctx, tx, id, in); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Entry("event.create", audit.ResultSuccess, "event", id, nil))
	})
	return id, err
}

func insertParts(ctx context.Context, tx *db.Tx, id string, in Input) error {
	for lang, t := range in.Texts {
		if strings.TrimSpace(t.Title) == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO event_texts (event_id, lang, title, description) VALUES (?, ?, ?, ?)`,
			id, lang, strings.TrimSpace(t.Title), strings.TrimSpace(t.Description)); err != nil {
			return fmt.Errorf("event: texts: %w", err)
		}
	}
	for i, d := range in.Dates {
		if _, err := tx.Exec(ctx, `INSERT INTO event_dates (event_id, seq, starts_at, ends_at) VALUES (?, ?, ?, ?)`,
			id, i+1, d.Start.UTC(), d.End.UTC()); err != nil {
			return fmt.Errorf("event: dates: %w", err)
		}
	}
	return nil
}

// scope is the SQL condition on events e for those p organises.
func scope(p auth.Principal) (string, []any, bool) {
	kind, id, ok := organiser(p)
	if !ok {
		return "", nil, false
	}
	return `e.organiser_kind = ? AND e.organiser_id = ?`, []any{kind, id}, true
}

// Publish opens a draft for registration.
func (s *Store) Publish(ctx context.Context, p auth.Principal, id string) error {
	return s.move(ctx, p, id, Draft, Published, "event.publish")
}

// move changes the state of one of p's events from from to to.
func (s *Store) move(ctx context.Context, p auth.Principal, id, from, to, action string) error {
	cond, args, ok := scope(p)
	if !ok {
		return ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE events SET state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND state = ?
			AND id IN (SELECT e.id FROM events e WHERE `+cond+`)`, append([]any{to, s.now(), id, from}, args...)...)
		if err != nil {
			return fmt.Errorf("event: %s: %w", action, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return s.missingOrChanged(ctx, tx, p, id)
		}
		return s.audit.Append(ctx, tx, p.Entry(action, audit.ResultSuccess, "event", id, nil))
	})
}

// missingOrChanged tells a step on an event p cannot see (ErrNotFound)
// from one on an event in another state (ErrChanged).
func (s *Store) missingOrChanged(ctx context.Context, q db.Querier, p auth.Principal, id string) error {
	if _, err := s.organised(ctx, q, p, id); err != nil {
		return err
	}
	return ErrChanged
}
