package regional

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// maxTaskTitle bounds a task's title in characters.
const maxTaskTitle = 300

// TaskInput is a task to record with the latest minutes of a meeting.
type TaskInput struct {
	// Version is the minutes' version the form belongs to (ErrStale when
	// it is no longer the latest).
	Version             int
	Title, AgendaItemID string
	// OrganisationID is a member organisation of the region, UserID a
	// person taking part in it (see Responsibles); one of them at least.
	OrganisationID, UserID string
	Due                    time.Time
}

// AddTask records a task with the minutes of a meeting x coordinates
// while they are not approved, and tells the responsible person (or else
// the representative and deputy of the responsible organisation).
func (s *Store) AddTask(ctx context.Context, x Participant, meetingID string, in TaskInput) (string, error) {
	id := newID()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, in.Version)
		if err != nil {
			return err
		}
		if err := s.checkTask(ctx, tx, m, &in); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO region_tasks (id, region_id, meeting_id, minutes_id, agenda_item_id, title,
			responsible_org_id, responsible_user_id, due_on, state, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`, id, m.RegionID, m.ID, cur.ID, nullable(in.AgendaItemID), in.Title,
			nullable(in.OrganisationID), nullable(in.UserID), in.Due, x.UserID(), now, now); err != nil {
			return fmt.Errorf("regional: add task: %w", err)
		}
		if err := touchMinutes(ctx, tx, cur.ID, now); err != nil {
			return err
		}
		if err := s.noticeTask(ctx, tx, x, m, in); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.task_add", m, cur.Version, "task", id))
	})
	return id, err
}

// checkTask validates a task of meeting m.
func (s *Store) checkTask(ctx context.Context, q db.Querier, m *Meeting, in *TaskInput) error {
	in.Title, in.AgendaItemID = strings.TrimSpace(in.Title), strings.TrimSpace(in.AgendaItemID)
	in.OrganisationID, in.UserID = strings.TrimSpace(in.OrganisationID), strings.TrimSpace(in.UserID)
	var e valid.Errors
	switch {
	case in.Title == "":
		e.Add("task_title", "minutes.task_title_required")
	case len([]rune(in.Title)) > maxTaskTitle:
		e.Add("task_title", "minutes.task_title_too_long", "Max", maxTaskTitle)
	}
	if err := checkAgendaItem(ctx, q, m.ID, in.AgendaItemID, "task_item", &e); err != nil {
		return err
	}
	if in.OrganisationID == "" && in.UserID == "" {
		e.Add("task_org", "minutes.task_responsible_required")
	}
	if in.OrganisationID != "" {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM region_members WHERE region_id = ? AND organisation_id = ?",
			m.RegionID, in.OrganisationID).Scan(&n); err != nil {
			return fmt.Errorf("regional: task: %w", err)
		}
		if n == 0 {
			e.Add("task_org", "minutes.task_org_unknown")
		}
	}
	if in.UserID != "" {
		people, err := regionPersons(ctx, q, m.RegionID, s.o.Clock.Today())
		if err != nil {
			return err
		}
		if !hasPerson(people, in.UserID) {
			e.Add("task_person", "minutes.task_person_unknown")
		}
	}
	switch {
	case in.Due.IsZero():
		e.Add("task_due", "minutes.task_due_required")
	case in.Due.Before(meetingDay(m)):
		e.Add("task_due", "minutes.task_due_before_meeting")
	}
	return e.Err()
}

// noticeTask tells the responsible person of a new task, or else the
// representative and deputy of the responsible organisation in the
// region; the coordinator who records it needs no notice.
func (s *Store) noticeTask(ctx context.Context, tx *db.Tx, x Participant, m *Meeting, in TaskInput) error {
	to := []string{in.UserID}
	if in.UserID == "" {
		var rep, dep string
		if err := tx.QueryRow(ctx, `SELECT COALESCE(representative_id, ''), COALESCE(deputy_id, '') FROM region_members
			WHERE region_id = ? AND organisation_id = ?`, m.RegionID, in.OrganisationID).Scan(&rep, &dep); err != nil {
			return fmt.Errorf("regional: task notice: %w", err)
		}
		to = []string{rep, dep}
	}
	for _, user := range to {
		if user == "" || user == x.UserID() {
			continue
		}
		if err := s.o.Notify(ctx, tx, Notice{Kind: NoticeTask, UserID: user, Href: "/regions/" + m.RegionID + "/tasks"}); err != nil {
			return err
		}
	}
	return nil
}

// DeleteTask removes a task recorded by the latest minutes of a meeting
// x coordinates while they are not approved; a task of approved minutes
// stays (ErrLocked: drop it instead).
func (s *Store) DeleteTask(ctx context.Context, x Participant, meetingID, taskID string, version int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, cur, err := editableMinutes(ctx, tx, x, meetingID, version)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM region_tasks WHERE id = ? AND minutes_id = ?", taskID, cur.ID)
		if err != nil {
			return fmt.Errorf("regional: delete task: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return lockedOrMissing(ctx, tx, "region_tasks", taskID, meetingID)
		}
		if err := touchMinutes(ctx, tx, cur.ID, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, minutesEntry(x, "minutes.task_delete", m, cur.Version, "task", taskID))
	})
}

// Responsibles are who a region's tasks may be given to.
type Responsibles struct {
	// Organisations are the region's member organisations, by name.
	Organisations []Member
	// People take part in the region: the staff of its member
	// organisations (representatives and deputies among them), its
	// coordinators and its current guests, by name.
	People []Person
}

// Responsibles lists who the tasks of a region x sees may be given to.
func (s *Store) Responsibles(ctx context.Context, x Participant, region string) (Responsibles, error) {
	var r Responsibles
	if region == StateSpace || !x.Sees(region) {
		return r, ErrNotFound
	}
	var err error
	if r.Organisations, err = members(ctx, s.db, "m.region_id = ?", region); err != nil {
		return r, err
	}
	r.People, err = regionPersons(ctx, s.db, region, s.o.Clock.Today())
	return r, err
}

// regionPersons lists the people taking part in a region, each once, by
// name.
func regionPersons(ctx context.Context, q db.Querier, region string, today time.Time) ([]Person, error) {
	var out []Person
	add := func(id, name, email string) {
		if !hasPerson(out, id) {
			out = append(out, Person{UserID: id, Name: name, Email: email})
		}
	}
	orgs, err := strings1(ctx, q, "SELECT organisation_id FROM region_members WHERE region_id = ?", region)
	if err != nil {
		return nil, err
	}
	for _, org := range orgs {
		staff, err := organisationStaff(ctx, q, org)
		if err != nil {
			return nil, err
		}
		for _, p := range staff {
			add(p.UserID, p.Name, p.Email)
		}
	}
	coordinators, err := auth.RegionCoordinators(ctx, q, region)
	if err != nil {
		return nil, err
	}
	for _, c := range coordinators {
		add(c.UserID, c.Name, c.Email)
	}
	guests, err := strings1(ctx, q, "SELECT user_id FROM region_guests WHERE region_id = ? AND (until_on IS NULL OR until_on >= ?)", region, today)
	if err != nil {
		return nil, err
	}
	contacts, err := auth.ContactsOf(ctx, q, guests)
	if err != nil {
		return nil, err
	}
	for _, id := range guests {
		if c, ok := contacts[id]; ok {
			add(c.UserID, c.Name, c.Email)
		}
	}
	slices.SortFunc(out, func(a, b Person) int { return strings.Compare(a.Name+a.UserID, b.Name+b.UserID) })
	return out, nil
}

// taskNames name the regions, organisations and people of tasks.
type taskNames struct{ regions, orgs, people map[string]string }

func namesForTasks(ctx context.Context, q db.Querier, list []Task) (taskNames, error) {
	var n taskNames
	var orgs, people []string
	for _, t := range list {
		orgs, people = appendNew(orgs, t.OrganisationID), appendNew(people, t.UserID)
	}
	var err error
	if n.regions, err = network.RegionNames(ctx, q); err != nil {
		return n, err
	}
	if n.orgs, err = network.OrganisationNames(ctx, q, orgs); err != nil {
		return n, err
	}
	n.people, err = auth.NamesOf(ctx, q, people)
	return n, err
}
