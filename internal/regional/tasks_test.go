package regional_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// TestTaskValidation: a task needs a title, a responsible party of the
// region and a due date not before the meeting.
func TestTaskValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		mm := startedMinutes(t, fx)
		due := mm.day.AddDate(0, 0, 7)
		cases := []struct {
			name, field, key string
			in               regional.TaskInput
		}{
			{"no title", "task_title", "minutes.task_title_required", regional.TaskInput{OrganisationID: fx.memberOrg, Due: due}},
			{"no responsible party", "task_org", "minutes.task_responsible_required", regional.TaskInput{Title: "x", Due: due}},
			{"organisation of another region", "task_org", "minutes.task_org_unknown", regional.TaskInput{Title: "x", OrganisationID: fx.otherOrg, Due: due}},
			{"person of another region", "task_person", "minutes.task_person_unknown", regional.TaskInput{Title: "x", UserID: fx.other.ID, Due: due}},
			{"no due date", "task_due", "minutes.task_due_required", regional.TaskInput{Title: "x", OrganisationID: fx.memberOrg}},
			{"due before the meeting", "task_due", "minutes.task_due_before_meeting",
				regional.TaskInput{Title: "x", OrganisationID: fx.memberOrg, Due: mm.day.AddDate(0, 0, -1)}},
			{"foreign agenda item", "task_item", "minutes.item_unknown",
				regional.TaskInput{Title: "x", OrganisationID: fx.memberOrg, Due: due, AgendaItemID: "no-such-item"}},
		}
		for _, c := range cases {
			c.in.Version = 1
			if _, err := fx.s.AddTask(ctx, coord, mm.id, c.in); !problem(err, c.field, c.key) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if _, err := fx.s.AddTask(ctx, fx.x(t, fx.member), mm.id, regional.TaskInput{Version: 1, Title: "x",
			OrganisationID: fx.memberOrg, Due: due}); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member adds a task: %v", err)
		}
		if _, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Am Sitzungstag",
			OrganisationID: fx.memberOrg, UserID: fx.coord.ID, AgendaItemID: mm.items[0], Due: mm.day}); err != nil {
			t.Errorf("a task due on the meeting's day for both an organisation and a person: %v", err)
		}
		r, err := fx.s.Responsibles(ctx, fx.x(t, fx.member), "hannover")
		if err != nil || len(r.Organisations) != 1 || r.Organisations[0].OrganisationID != fx.memberOrg {
			t.Fatalf("responsible organisations: %+v %v", r.Organisations, err)
		}
		for _, id := range []string{fx.member.ID, fx.coord.ID} {
			if !hasPersonID(r.People, id) {
				t.Errorf("responsible people lack %s: %+v", id, r.People)
			}
		}
		if hasPersonID(r.People, fx.other.ID) {
			t.Error("a member of another region is offered as responsible")
		}
		if _, err := fx.s.Responsibles(ctx, fx.x(t, fx.other), "hannover"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's responsibles: %v", err)
		}
	})
}

func hasPersonID(people []regional.Person, id string) bool {
	for _, p := range people {
		if p.UserID == id {
			return true
		}
	}
	return false
}

// TestTaskNotices: a task for an organisation tells its representative
// and deputy; a task for a person tells that person only.
func TestTaskNotices(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		deputy := fx.srv.CreateAccount(t, "stellvertretung-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		if err := fx.s.SetRepresentatives(ctx, coord, "hannover", fx.memberID, fx.member.ID, deputy.ID); err != nil {
			t.Fatal(err)
		}
		mm := startedMinutes(t, fx)
		if _, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Flyer drucken",
			OrganisationID: fx.memberOrg, Due: mm.day.AddDate(0, 0, 7)}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{fx.member.ID, deputy.ID} {
			if n := fx.noticesFor(who); len(n) != 1 || n[0].Kind != regional.NoticeTask || n[0].Href != "/regions/hannover/tasks" {
				t.Errorf("notices to %s: %+v", who, n)
			}
		}
		if _, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Referat vorbereiten",
			OrganisationID: fx.memberOrg, UserID: deputy.ID, Due: mm.day.AddDate(0, 0, 7)}); err != nil {
			t.Fatal(err)
		}
		if len(fx.noticesFor(fx.member.ID)) != 1 || len(fx.noticesFor(deputy.ID)) != 2 {
			t.Errorf("a task for a person: member %d, deputy %d notices", len(fx.noticesFor(fx.member.ID)), len(fx.noticesFor(deputy.ID)))
		}
		if len(fx.noticesFor(fx.coord.ID)) != 0 {
			t.Error("the coordinator who records tasks is notified")
		}
	})
}

// TestTasksDue: the deadlines page lists the open tasks of one's
// organisation (as its representative or deputy) and one's own.
func TestTasksDue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord, member := fx.x(t, fx.coord), fx.x(t, fx.member)
		colleague := fx.srv.CreateAccount(t, "kollegin-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		mm := startedMinutes(t, fx)
		later, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Später", OrganisationID: fx.memberOrg,
			Due: mm.day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		sooner, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Bald", UserID: colleague.ID,
			Due: mm.day.AddDate(0, 0, 3)})
		if err != nil {
			t.Fatal(err)
		}
		due, err := fx.s.TasksDue(ctx, member)
		if err != nil || len(due) != 1 || due[0].ID != later || due[0].Region == "" || due[0].Organisation == "" || !due[0].MayChange {
			t.Fatalf("representative's tasks due: %+v %v", due, err)
		}
		due, _ = fx.s.TasksDue(ctx, fx.x(t, colleague))
		if len(due) != 1 || due[0].ID != sooner || due[0].Person == "" {
			t.Errorf("colleague's tasks due: %+v", due)
		}
		if due, _ := fx.s.TasksDue(ctx, coord); len(due) != 0 {
			t.Errorf("the coordinator is responsible for nothing: %+v", due)
		}
		all, total, err := fx.s.Tasks(ctx, member, regional.TaskFilter{Region: "hannover", State: regional.TaskOpen})
		if err != nil || total != 2 || all[0].ID != sooner {
			t.Errorf("open tasks of the region, soonest first: %+v %d %v", all, total, err)
		}
		if err := fx.s.SetTaskState(ctx, member, later, regional.TaskDone); err != nil {
			t.Fatal(err)
		}
		if due, _ := fx.s.TasksDue(ctx, member); len(due) != 0 {
			t.Errorf("a done task is still due: %+v", due)
		}
		done, total, _ := fx.s.Tasks(ctx, member, regional.TaskFilter{Region: "hannover", State: regional.TaskDone, Mine: true})
		if total != 1 || done[0].ClosedAt.IsZero() {
			t.Errorf("done tasks: %+v", done)
		}
		if _, _, err := fx.s.Tasks(ctx, fx.x(t, fx.other), regional.TaskFilter{Region: "hannover"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's tasks: %v", err)
		}
	})
}

// TestTaskStateRights: the responsible person, the representative or
// deputy of the responsible organisation and the coordinators change a
// task's state; other members see it but may not; other regions get 404.
func TestTaskStateRights(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		colleague := fx.srv.CreateAccount(t, "kollege-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		mm := startedMinutes(t, fx)
		orgTask, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Für die Organisation",
			OrganisationID: fx.memberOrg, Due: mm.day})
		if err != nil {
			t.Fatal(err)
		}
		personTask, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Für die Kollegin",
			UserID: colleague.ID, Due: mm.day})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			x     regional.Participant
			task  string
			state string
			want  error
		}{
			{"representative", fx.x(t, fx.member), orgTask, regional.TaskDone, nil},
			{"colleague of the organisation", fx.x(t, colleague), orgTask, regional.TaskOpen, regional.ErrForbidden},
			{"responsible person", fx.x(t, colleague), personTask, regional.TaskDropped, nil},
			{"representative for somebody else's task", fx.x(t, fx.member), personTask, regional.TaskOpen, regional.ErrForbidden},
			{"coordinator", coord, personTask, regional.TaskOpen, nil},
			{"ministry", fx.x(t, fx.ministry), orgTask, regional.TaskOpen, nil},
			{"other region's coordinator", fx.x(t, fx.otherCoord), orgTask, regional.TaskDone, regional.ErrNotFound},
			{"no such state", coord, orgTask, "finished", regional.ErrNotFound},
		}
		for _, c := range cases {
			if err := fx.s.SetTaskState(ctx, c.x, c.task, c.state); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		task, err := fx.s.Task(ctx, fx.x(t, colleague), orgTask)
		if err != nil || task.State != regional.TaskOpen || task.MayChange {
			t.Errorf("the colleague's view of the organisation's task: %+v %v", task, err)
		}
		if _, err := fx.s.Task(ctx, fx.x(t, fx.other), orgTask); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region reads a task: %v", err)
		}
	})
}
