package regional

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// RegionOverview is one region in the ministry's statewide view.
type RegionOverview struct {
	RegionID, Region string
	// Next is the region's next (or running) meeting; nil when none is
	// planned.
	Next *Meeting
	// OpenTasks are the region's open tasks, OverdueTasks those of them
	// due before today.
	OpenTasks, OverdueTasks int
	// Decisions were taken this year (in Lower Saxony's calendar).
	Decisions int
}

// Overview is the statewide view of every region, by name: the next
// meeting, open and overdue tasks and this year's decisions. Only the
// ministry (x.Statewide) has it; anybody else gets ErrNotFound.
func (s *Store) Overview(ctx context.Context, x Participant) ([]RegionOverview, error) {
	if !x.Statewide() {
		return nil, ErrNotFound
	}
	now, today := s.now(), s.o.Clock.Today()
	jan1 := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	var out []RegionOverview
	err := s.db.InRead(ctx, func(q db.Querier) error {
		names, err := network.RegionNames(ctx, q)
		if err != nil {
			return err
		}
		next, err := nextMeetings(ctx, q, now)
		if err != nil {
			return err
		}
		tasks, err := countsByRegion(ctx, q, 2, `SELECT region_id, COUNT(*), SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END)
			FROM region_tasks WHERE state = 'open' GROUP BY region_id`, today)
		if err != nil {
			return err
		}
		decisions, err := countsByRegion(ctx, q, 1, `SELECT region_id, COUNT(*) FROM decisions
			WHERE decided_on >= ? AND decided_on < ? GROUP BY region_id`, jan1, jan1.AddDate(1, 0, 0))
		if err != nil {
			return err
		}
		for _, id := range regionsByName(names) {
			o := RegionOverview{RegionID: id, Region: names[id], Next: next[id], Decisions: decisions.get(id, 0)}
			o.OpenTasks, o.OverdueTasks = tasks.get(id, 0), tasks.get(id, 1)
			if o.Next != nil {
				o.Next.Region = o.Region
			}
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("regional: overview: %w", err)
	}
	return out, nil
}

// nextMeetings is each region's earliest planned meeting that has not
// ended by now.
func nextMeetings(ctx context.Context, q db.Querier, now time.Time) (map[string]*Meeting, error) {
	rows, err := q.Query(ctx, "SELECT "+meetingColumns+` FROM meetings m
		WHERE m.state = 'planned' AND m.ends_at >= ? AND NOT EXISTS (SELECT 1 FROM meetings n
			WHERE n.region_id = m.region_id AND n.state = 'planned' AND n.ends_at >= ?
			AND (n.starts_at < m.starts_at OR (n.starts_at = m.starts_at AND n.id < m.id)))`, now, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out[m.RegionID] = m
	}
	return out, rows.Err()
}

// RegionActivity is what a region's network did in a year: the input of
// the yearly statistics.
type RegionActivity struct {
	RegionID, Region string
	// MeetingsHeld are the meetings of the year that took place: planned
	// (not cancelled) and begun by now.
	MeetingsHeld int
	// Invited counts the invitations to those meetings, Attended those of
	// them marked as attended.
	Invited, Attended int
	// TasksCreated were agreed in the year, TasksDone finished in it.
	TasksCreated, TasksDone int
	// Decisions were taken in the year.
	Decisions int
}

// AttendanceRate is Attended as a share of Invited, from 0 to 1 (0 when
// nobody was invited).
func (a RegionActivity) AttendanceRate() float64 {
	if a.Invited == 0 {
		return 0
	}
	return float64(a.Attended) / float64(a.Invited)
}

// Activity counts, for each region x coordinates (all of them for the
// ministry), what its network did in year, a calendar year in Lower
// Saxony: meetings held, invitations to them and attendance, tasks agreed
// and done, decisions taken. The regions come by name; a year still
// running counts up to now. Somebody who coordinates no region gets
// ErrNotFound.
func (s *Store) Activity(ctx context.Context, x Participant, year int) ([]RegionActivity, error) {
	regions := x.Coordinated()
	if len(regions) == 0 {
		return nil, ErrNotFound
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Berlin()).UTC()
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, clock.Berlin()).UTC()
	held := end
	if now := s.now(); now.Before(end) {
		held = now
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []RegionActivity
	err := s.db.InRead(ctx, func(q db.Querier) error {
		names, err := network.RegionNames(ctx, q)
		if err != nil {
			return err
		}
		meetings, err := countsByRegion(ctx, q, 1, `SELECT region_id, COUNT(*) FROM meetings
			WHERE state = 'planned' AND starts_at >= ? AND starts_at < ? GROUP BY region_id`, start, held)
		if err != nil {
			return err
		}
		invitations, err := countsByRegion(ctx, q, 2, `SELECT m.region_id, COUNT(*), SUM(CASE WHEN i.attended = ? THEN 1 ELSE 0 END)
			FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
			WHERE m.state = 'planned' AND m.starts_at >= ? AND m.starts_at < ? GROUP BY m.region_id`, true, start, held)
		if err != nil {
			return err
		}
		created, err := countsByRegion(ctx, q, 1, `SELECT region_id, COUNT(*) FROM region_tasks
			WHERE created_at >= ? AND created_at < ? GROUP BY region_id`, start, end)
		if err != nil {
			return err
		}
		done, err := countsByRegion(ctx, q, 1, `SELECT region_id, COUNT(*) FROM region_tasks
			WHERE state = 'done' AND done_at >= ? AND done_at < ? GROUP BY region_id`, start, end)
		if err != nil {
			return err
		}
		decisions, err := countsByRegion(ctx, q, 1, `SELECT region_id, COUNT(*) FROM decisions
			WHERE decided_on >= ? AND decided_on < ? GROUP BY region_id`, jan1, jan1.AddDate(1, 0, 0))
		if err != nil {
			return err
		}
		for _, id := range regionsByName(names) {
			if !slices.Contains(regions, id) {
				continue
			}
			out = append(out, RegionActivity{RegionID: id, Region: names[id], MeetingsHeld: meetings.get(id, 0),
				Invited: invitations.get(id, 0), Attended: invitations.get(id, 1), TasksCreated: created.get(id, 0),
				TasksDone: done.get(id, 0), Decisions: decisions.get(id, 0)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("regional: activity: %w", err)
	}
	return out, nil
}

// regionCounts are figures by region, several per region.
type regionCounts map[string][]int

// get is region's i-th figure (0 when the region has none).
func (c regionCounts) get(region string, i int) int {
	if v, ok := c[region]; ok {
		return v[i]
	}
	return 0
}

// countsByRegion reads rows of a region id and n figures.
func countsByRegion(ctx context.Context, q db.Querier, n int, query string, args ...any) (regionCounts, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := regionCounts{}
	for rows.Next() {
		var region string
		v := make([]int, n)
		dest := []any{&region}
		for i := range v {
			dest = append(dest, &v[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out[region] = v
	}
	return out, rows.Err()
}

// regionsByName lists the regions' ids in the order of their names.
func regionsByName(names map[string]string) []string {
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return strings.Compare(names[a]+"\x00"+a, names[b]+"\x00"+b)
	})
	return ids
}
