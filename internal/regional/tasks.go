package regional

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Task states: open, done, or dropped (no longer needed).
const (
	TaskOpen    = "open"
	TaskDone    = "done"
	TaskDropped = "dropped"
)

// TaskStates lists the states in the order pages show them.
var TaskStates = []string{TaskOpen, TaskDone, TaskDropped}

// Task is a task agreed at a meeting: what, who is responsible (a member
// organisation of the region, a person taking part in it, or both), until
// when, and how far it is.
type Task struct {
	ID, RegionID, Region, MeetingID, Meeting string
	// MinutesID is the minutes' version that recorded the task; Locked
	// says that version is approved (the task stays; its state changes).
	MinutesID    string
	Locked       bool
	AgendaItemID string
	Title        string
	// OrganisationID and UserID are who is responsible ("" for none of
	// the kind), Organisation and Person their names.
	OrganisationID, Organisation string
	UserID, Person               string
	Due                          time.Time
	State                        string
	// ClosedAt is when it was done or dropped (zero while open).
	ClosedAt, CreatedAt time.Time
	// MayChange: the reader may change the state (the responsible person,
	// the representative or deputy of the responsible organisation in the
	// region, its coordinators).
	MayChange bool
}

// Overdue reports whether an open task's due day is before today.
func (t *Task) Overdue(today time.Time) bool { return t.State == TaskOpen && t.Due.Before(today) }

// TaskFilter picks tasks: of one region ("" for every region x sees), in
// one state ("" for all), only those x is responsible for (Mine).
type TaskFilter struct {
	Region, State string
	Mine          bool
	Limit, Offset int
}

// maxTasksDue bounds the tasks the deadlines page lists.
const maxTasksDue = 200

// Tasks lists the tasks x sees and how many match: open ones soonest due
// first, the others latest changed first.
func (s *Store) Tasks(ctx context.Context, x Participant, f TaskFilter) ([]Task, int, error) {
	cond, args := x.seen("t.region_id")
	if f.Region != "" {
		if f.Region == StateSpace || !x.Sees(f.Region) {
			return nil, 0, ErrNotFound
		}
		cond, args = "t.region_id = ?", []any{f.Region}
	}
	order := "t.updated_at DESC, t.id"
	if f.State != "" {
		cond += " AND t.state = ?"
		args = append(args, f.State)
		if f.State == TaskOpen {
			order = "t.due_on, t.created_at, t.id"
		}
	}
	if f.Mine {
		cond += ` AND (t.responsible_user_id = ? OR EXISTS (SELECT 1 FROM region_members rm WHERE rm.region_id = t.region_id
			AND rm.organisation_id = t.responsible_org_id AND (rm.representative_id = ? OR rm.deputy_id = ?)))`
		args = append(args, x.UserID(), x.UserID(), x.UserID())
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM region_tasks t WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("regional: tasks: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	list, err := tasksWhere(ctx, s.db, x, cond, args, order, f.Limit, f.Offset)
	return list, total, err
}

// TasksDue lists the open tasks x is responsible for, personally or as
// representative or deputy of the responsible organisation in the task's
// region, soonest due first (the deadlines page).
func (s *Store) TasksDue(ctx context.Context, x Participant) ([]Task, error) {
	if !x.TakesPart() {
		return nil, nil
	}
	list, _, err := s.Tasks(ctx, x, TaskFilter{State: TaskOpen, Mine: true, Limit: maxTasksDue})
	return list, err
}

// Task reads one task x sees.
func (s *Store) Task(ctx context.Context, x Participant, id string) (*Task, error) {
	list, err := tasksWhere(ctx, s.db, x, "t.id = ?", []any{id}, "t.id", 0, 0)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || !x.Sees(list[0].RegionID) {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// SetTaskState moves a task x may change (see Task.MayChange) to state,
// also after its minutes were approved: the state is work, not minutes.
func (s *Store) SetTaskState(ctx context.Context, x Participant, id, state string) error {
	if !slices.Contains(TaskStates, state) {
		return ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		list, err := tasksWhere(ctx, tx, x, "t.id = ?", []any{id}, "t.id", 0, 0)
		if err != nil {
			return err
		}
		if len(list) == 0 || !x.Sees(list[0].RegionID) {
			return ErrNotFound
		}
		t := list[0]
		if !t.MayChange {
			return ErrForbidden
		}
		now := s.now()
		var closed any
		if state != TaskOpen {
			closed = now
		}
		if _, err := tx.Exec(ctx, "UPDATE region_tasks SET state = ?, done_at = ?, updated_at = ? WHERE id = ?", state, closed, now, id); err != nil {
			return fmt.Errorf("regional: task state: %w", err)
		}
		return s.audit.Append(ctx, tx, x.p.Entry("minutes.task_state", audit.ResultSuccess, "meeting", t.MeetingID,
			map[string]string{"region": t.RegionID, "task": id, "state": state}))
	})
}

// tasksWhere reads the tasks matching cond in order (limit 0: all), with
// names and whether x may change each.
func tasksWhere(ctx context.Context, q db.Querier, x Participant, cond string, args []any, order string, limit, offset int) ([]Task, error) {
	query := `SELECT t.id, t.region_id, t.meeting_id, mt.title, t.minutes_id, mi.state, COALESCE(t.agenda_item_id, ''), t.title,
		COALESCE(t.responsible_org_id, ''), COALESCE(t.responsible_user_id, ''), t.due_on, t.state, t.done_at, t.created_at
		FROM region_tasks t JOIN meetings mt ON mt.id = t.meeting_id JOIN minutes mi ON mi.id = t.minutes_id
		WHERE ` + cond + " ORDER BY " + order
	if limit > 0 {
		query += " LIMIT ? OFFSET ?"
		args = append(args, limit, offset)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("regional: tasks: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var minutesState string
		var closed sql.NullTime
		if err := rows.Scan(&t.ID, &t.RegionID, &t.MeetingID, &t.Meeting, &t.MinutesID, &minutesState, &t.AgendaItemID, &t.Title,
			&t.OrganisationID, &t.UserID, &t.Due, &t.State, &closed, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("regional: tasks: %w", err)
		}
		t.Locked, t.Due, t.CreatedAt = minutesState == MinutesApproved, t.Due.UTC(), t.CreatedAt.UTC()
		if closed.Valid {
			t.ClosedAt = closed.Time.UTC()
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regional: tasks: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	return out, completeTasks(ctx, q, x, out)
}

// completeTasks names the tasks' regions, organisations and people, and
// says which of them x may change.
func completeTasks(ctx context.Context, q db.Querier, x Participant, list []Task) error {
	n, err := namesForTasks(ctx, q, list)
	if err != nil {
		return err
	}
	represented, err := representedBy(ctx, q, x.UserID())
	if err != nil {
		return err
	}
	for i := range list {
		t := &list[i]
		t.Region, t.Organisation, t.Person = n.regions[t.RegionID], n.orgs[t.OrganisationID], n.people[t.UserID]
		t.MayChange = x.Coordinates(t.RegionID) || (t.UserID != "" && t.UserID == x.UserID()) ||
			(t.OrganisationID != "" && represented[t.RegionID+"|"+t.OrganisationID])
	}
	return nil
}

// representedBy lists the member organisations user represents or
// deputises for, as "region|organisation".
func representedBy(ctx context.Context, q db.Querier, user string) (map[string]bool, error) {
	out := map[string]bool{}
	if user == "" {
		return out, nil
	}
	rows, err := q.Query(ctx, "SELECT region_id, organisation_id FROM region_members WHERE representative_id = ? OR deputy_id = ?", user, user)
	if err != nil {
		return nil, fmt.Errorf("regional: represented: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var region, org string
		if err := rows.Scan(&region, &org); err != nil {
			return nil, fmt.Errorf("regional: represented: %w", err)
		}
		out[region+"|"+org] = true
	}
	return out, rows.Err()
}
