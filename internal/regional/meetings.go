package regional

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Meeting states.
const (
	Planned   = "planned"
	Cancelled = "cancelled"
)

// Meeting is a meeting of a region's network.
type Meeting struct {
	ID, RegionID, Region, SeriesID, Title string
	Start, End                            time.Time
	Place, OnlineURL, State               string
	// InvitedAt is when the invitations went out (zero: not yet).
	InvitedAt time.Time
	CreatedBy string
	Version   int
}

// Held reports whether the meeting has begun by now (its minutes may be
// written).
func (m *Meeting) Held(now time.Time) bool { return m.State == Planned && !m.Start.After(now) }

// Repeat is how a series of meetings repeats.
type Repeat string

// The repeats a series offers.
const (
	Once      Repeat = ""
	Monthly   Repeat = "monthly"
	Quarterly Repeat = "quarterly"
	HalfYear  Repeat = "half_year"
)

// Repeats lists the repeats in the order forms show them.
var Repeats = []Repeat{Once, Monthly, Quarterly, HalfYear}

func (r Repeat) months() int {
	switch r {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case HalfYear:
		return 6
	}
	return 0
}

// MeetingInput is a new meeting (or a series: Count meetings, Repeat
// apart).
type MeetingInput struct {
	Title            string
	Start, End       time.Time
	Place, OnlineURL string
	Repeat           Repeat
	Count            int
}

// Limits of a meeting's fields.
const (
	maxTitle       = 200
	maxPlace       = 300
	maxSeries      = 12
	maxMeetingSpan = 12 * time.Hour
)

func (in *MeetingInput) validate(now time.Time) error {
	in.Title, in.Place, in.OnlineURL = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place), strings.TrimSpace(in.OnlineURL)
	var e valid.Errors
	switch {
	case in.Title == "":
		e.Add("title", "regions.title_required")
	case len([]rune(in.Title)) > maxTitle:
		e.Add("title", "regions.title_too_long", "Max", maxTitle)
	}
	switch {
	case in.Start.IsZero():
		e.Add("start", "regions.start_required")
	case in.Start.Before(now):
		e.Add("start", "regions.start_past")
	}
	if !in.Start.IsZero() && (!in.End.After(in.Start) || in.End.Sub(in.Start) > maxMeetingSpan) {
		e.Add("end", "regions.end_invalid")
	}
	if in.Place == "" && in.OnlineURL == "" {
		e.Add("place", "regions.place_required")
	}
	if len([]rune(in.Place)) > maxPlace {
		e.Add("place", "regions.place_too_long", "Max", maxPlace)
	}
	if in.OnlineURL != "" {
		if u, err := url.Parse(in.OnlineURL); err != nil || u.Scheme != "https" || u.Host == "" {
			e.Add("online_url", "regions.online_url_invalid")
		}
	}
	if in.Repeat.months() == 0 && in.Repeat != Once {
		e.Add("repeat", "regions.repeat_invalid")
	}
	if in.Count == 0 || in.Repeat == Once {
		in.Count = 1
	}
	if in.Count < 1 || in.Count > maxSeries {
		e.Add("count", "regions.count_range", "Max", maxSeries)
	}
	return e.Err()
}

// CreateMeeting plans a meeting (or a series) of a region x coordinates
// and returns the first meeting's id. The meetings of a series share the
// first one's id as series id; each later one is Repeat months after the
// one before, at the same local time.
func (s *Store) CreateMeeting(ctx context.Context, x Participant, region string, in MeetingInput) (string, error) {
	if !x.Coordinates(region) || region == StateSpace {
		return "", s.hidden(x, region)
	}
	if err := in.validate(s.now()); err != nil {
		return "", err
	}
	first := newID()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		series := ""
		if in.Count > 1 {
			series = first
		}
		for i := range in.Count {
			id := first
			if i > 0 {
				id = newID()
			}
			start, end := shiftMonths(in.Start, i*in.Repeat.months()), shiftMonths(in.End, i*in.Repeat.months())
			if _, err := tx.Exec(ctx, `INSERT INTO meetings (id, region_id, series_id, title, starts_at, ends_at, place, online_url, state,
				created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?)`,
				id, region, series, in.Title, start.UTC(), end.UTC(), in.Place, in.OnlineURL, x.UserID(), now, now); err != nil {
				return fmt.Errorf("regional: create meeting: %w", err)
			}
			if err := s.index(ctx, tx, Doc{Kind: DocMeeting, ID: id, Space: region, Title: in.Title, Date: start.UTC()}); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, x.p.Entry("meeting.create", audit.ResultSuccess, "meeting", first,
			map[string]string{"region": region, "count": fmt.Sprint(in.Count)}))
	})
	return first, err
}

// shiftMonths moves t by n months at the same wall-clock time in Lower
// Saxony (a meeting at 10:00 stays at 10:00 across daylight saving).
func shiftMonths(t time.Time, n int) time.Time {
	if n == 0 {
		return t
	}
	l := t.In(clock.Berlin())
	return time.Date(l.Year(), l.Month()+time.Month(n), l.Day(), l.Hour(), l.Minute(), 0, 0, clock.Berlin())
}

const meetingColumns = `m.id, m.region_id, m.series_id, m.title, m.starts_at, m.ends_at, m.place, m.online_url, m.state,
	m.invited_at, m.created_by, m.version`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	var invited sql.NullTime
	if err := row.Scan(&m.ID, &m.RegionID, &m.SeriesID, &m.Title, &m.Start, &m.End, &m.Place, &m.OnlineURL, &m.State,
		&invited, &m.CreatedBy, &m.Version); err != nil {
		return nil, err
	}
	m.Start, m.End, m.InvitedAt = m.Start.UTC(), m.End.UTC(), invited.Time.UTC()
	if !invited.Valid {
		m.InvitedAt = time.Time{}
	}
	return &m, nil
}

// Meeting reads one meeting of a region x sees.
func (s *Store) Meeting(ctx context.Context, x Participant, id string) (*Meeting, error) {
	return meetingIn(ctx, s.db, x, id)
}

func meetingIn(ctx context.Context, q db.Querier, x Participant, id string) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRow(ctx, "SELECT "+meetingColumns+" FROM meetings m WHERE m.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("regional: meeting: %w", err)
	}
	if !x.Sees(m.RegionID) {
		return nil, ErrNotFound
	}
	return m, nameRegions(ctx, q, []*Meeting{m})
}

// MeetingFilter picks meetings: of one region ("" for every region x
// sees), coming (from now on, soonest first) or past (latest first).
type MeetingFilter struct {
	Region        string
	Past          bool
	Limit, Offset int
}

// Meetings lists meetings x sees and how many there are in all.
func (s *Store) Meetings(ctx context.Context, x Participant, f MeetingFilter) ([]*Meeting, int, error) {
	cond, args := x.seen("m.region_id")
	if f.Region != "" {
		if !x.Sees(f.Region) {
			return nil, 0, ErrNotFound
		}
		cond, args = "m.region_id = ?", []any{f.Region}
	}
	order := "m.starts_at ASC"
	if f.Past {
		cond += " AND m.ends_at < ?"
		order = "m.starts_at DESC"
	} else {
		cond += " AND m.ends_at >= ?"
	}
	args = append(args, s.now())
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM meetings m WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: meetings: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, "SELECT "+meetingColumns+" FROM meetings m WHERE "+cond+
		" ORDER BY "+order+", m.id LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("regional: meetings: %w", err)
	}
	defer rows.Close()
	var out []*Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("regional: meetings: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("regional: meetings: %w", err)
	}
	rows.Close()
	return out, total, nameRegions(ctx, s.db, out)
}

// nameRegions fills in the meetings' region names.
func nameRegions(ctx context.Context, q db.Querier, ms []*Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	names, err := network.RegionNames(ctx, q)
	if err != nil {
		return err
	}
	for _, m := range ms {
		m.Region = names[m.RegionID]
	}
	return nil
}
