package regional_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// minutesMeeting is a meeting of hannover for the minutes tests: planned
// an hour ahead with two agenda items (written directly: the agenda is
// another part's), then the clock moves past its start.
type minutesMeeting struct {
	id    string
	items []string
	day   time.Time
}

func newMinutesMeeting(t *testing.T, fx *fixture) minutesMeeting {
	t.Helper()
	ctx := context.Background()
	start := fx.srv.App.Clock.Now().Add(time.Hour)
	id, err := fx.s.CreateMeeting(ctx, fx.x(t, fx.coord), "hannover", regional.MeetingInput{Title: "Netzwerktreffen Hannover",
		Start: start, End: start.Add(2 * time.Hour), Place: "Rathaus"})
	if err != nil {
		t.Fatal(err)
	}
	mm := minutesMeeting{id: id, day: clock.Day(start.In(clock.Berlin()))}
	for i, title := range []string{"Berichte aus den Beratungsstellen", "Fachtag Wohnen"} {
		item := id[:8] + "-item-" + string(rune('a'+i))
		if _, err := fx.srv.App.DB.Exec(ctx, `INSERT INTO agenda_items (id, meeting_id, position, title, created_at) VALUES (?, ?, ?, ?, ?)`,
			item, id, i+1, title, fx.srv.App.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		mm.items = append(mm.items, item)
	}
	fx.srv.Clock.Advance(90 * time.Minute)
	return mm
}

// startedMinutes is newMinutesMeeting with the minutes started.
func startedMinutes(t *testing.T, fx *fixture) minutesMeeting {
	t.Helper()
	mm := newMinutesMeeting(t, fx)
	if err := fx.s.StartMinutes(context.Background(), fx.x(t, fx.coord), mm.id); err != nil {
		t.Fatal(err)
	}
	return mm
}

// problem reports whether err refuses field with key.
func problem(err error, field, key string) bool {
	var problems valid.Errors
	if !errors.As(err, &problems) {
		return false
	}
	p, ok := problems.For(field)
	return ok && p.Key == key
}

// TestMinutesStart: the coordinator starts the minutes once the meeting
// has begun, never for a cancelled one; members and other regions cannot.
func TestMinutesStart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		start := fx.srv.App.Clock.Now().Add(24 * time.Hour)
		id, err := fx.s.CreateMeeting(ctx, coord, "hannover", regional.MeetingInput{Title: "Später", Start: start,
			End: start.Add(time.Hour), Place: "Rathaus"})
		if err != nil {
			t.Fatal(err)
		}
		if err := fx.s.StartMinutes(ctx, coord, id); !problem(err, "minutes", "minutes.not_held") {
			t.Errorf("minutes before the meeting: %v", err)
		}
		mm := newMinutesMeeting(t, fx)
		if err := fx.s.StartMinutes(ctx, fx.x(t, fx.member), mm.id); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member starts minutes: %v", err)
		}
		if err := fx.s.StartMinutes(ctx, fx.x(t, fx.otherCoord), mm.id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's coordinator starts minutes: %v", err)
		}
		for range 2 {
			if err := fx.s.StartMinutes(ctx, coord, mm.id); err != nil {
				t.Fatal(err)
			}
		}
		versions, err := fx.s.MinutesVersions(ctx, coord, mm.id)
		if err != nil || len(versions) != 1 || versions[0].State != regional.MinutesDraft || !versions[0].Latest {
			t.Fatalf("versions after starting twice: %+v %v", versions, err)
		}
		if _, err := fx.srv.App.DB.Exec(ctx, "UPDATE meetings SET state = 'cancelled' WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
		fx.srv.Clock.Advance(48 * time.Hour)
		if err := fx.s.StartMinutes(ctx, fx.x(t, fx.coord), id); !problem(err, "minutes", "minutes.cancelled") {
			t.Errorf("minutes of a cancelled meeting: %v", err)
		}
	})
}

// TestMinutesLifecycle: draft (coordinators only) → circulated (the
// region reads them) → approved (locked for good, in SQL too).
func TestMinutesLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord, member, other := fx.x(t, fx.coord), fx.x(t, fx.member), fx.x(t, fx.other)
		mm := startedMinutes(t, fx)
		if _, err := fx.s.Minutes(ctx, member, mm.id, 0); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("member reads the draft: %v", err)
		}
		draft, err := fx.s.Minutes(ctx, coord, mm.id, 0)
		if err != nil || draft.Version != 1 || len(draft.Items) != 2 || !draft.Editable() {
			t.Fatalf("draft: %+v %v", draft, err)
		}
		in := regional.MinutesInput{Version: 1, Changed: draft.UpdatedAt, Summary: " Gute Runde. ",
			Texts: map[string]string{mm.items[0]: "Drei Berichte.", mm.items[1]: ""}}
		fx.srv.Clock.Advance(time.Minute)
		if err := fx.s.SaveMinutes(ctx, coord, mm.id, in); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.SaveMinutes(ctx, coord, mm.id, in); !errors.Is(err, regional.ErrStale) {
			t.Errorf("save over a change made meanwhile: %v", err)
		}
		if err := fx.s.SaveMinutes(ctx, coord, mm.id, regional.MinutesInput{Version: 2}); !errors.Is(err, regional.ErrStale) {
			t.Errorf("save for another version: %v", err)
		}
		if err := fx.s.SaveMinutes(ctx, member, mm.id, regional.MinutesInput{Version: 1}); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member saves: %v", err)
		}
		decision, err := fx.s.AddDecision(ctx, coord, mm.id, regional.DecisionInput{Version: 1, Text: "Der Fachtag findet im Mai statt.",
			AgendaItemID: mm.items[1], Topic: "housing"})
		if err != nil {
			t.Fatal(err)
		}
		task, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Raum buchen",
			OrganisationID: fx.memberOrg, Due: mm.day.AddDate(0, 0, 14)})
		if err != nil {
			t.Fatal(err)
		}
		if list, total, err := fx.s.Decisions(ctx, member, "hannover", 10, 0); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("decisions of a draft listed: %d %v", total, err)
		}

		if err := fx.s.CirculateMinutes(ctx, coord, mm.id, 1); err != nil {
			t.Fatal(err)
		}
		read, err := fx.s.Minutes(ctx, member, mm.id, 0)
		if err != nil || read.State != regional.MinutesCirculated || read.Summary != "Gute Runde." || read.Items[0].Text != "Drei Berichte." ||
			len(read.Decisions) != 1 || read.Decisions[0].AgendaItem != "Fachtag Wohnen" || len(read.Tasks) != 1 {
			t.Fatalf("circulated minutes as the member reads them: %+v %v", read, err)
		}
		if _, err := fx.s.Minutes(ctx, other, mm.id, 0); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("member of another region reads the minutes: %v", err)
		}
		list, total, err := fx.s.Decisions(ctx, member, "hannover", 10, 0)
		if err != nil || total != 1 || list[0].ID != decision || list[0].Meeting != "Netzwerktreffen Hannover" || !list[0].DecidedOn.Equal(mm.day) {
			t.Errorf("decisions after circulating: %+v %d %v", list, total, err)
		}
		if _, _, err := fx.s.Decisions(ctx, other, "hannover", 10, 0); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's decisions: %v", err)
		}

		if err := fx.s.ApproveMinutes(ctx, coord, mm.id, 1, draft.UpdatedAt); !errors.Is(err, regional.ErrStale) {
			t.Errorf("approve what changed since the confirmation: %v", err)
		}
		read, _ = fx.s.Minutes(ctx, coord, mm.id, 0)
		if err := fx.s.ApproveMinutes(ctx, member, mm.id, 1, read.UpdatedAt); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member approves: %v", err)
		}
		if err := fx.s.ApproveMinutes(ctx, coord, mm.id, 1, read.UpdatedAt); err != nil {
			t.Fatal(err)
		}
		approved, err := fx.s.Minutes(ctx, member, mm.id, 1)
		if err != nil || approved.State != regional.MinutesApproved || approved.ApprovedBy != fx.coord.ID || approved.ApprovedName == "" ||
			approved.ApprovedAt.IsZero() || approved.Editable() {
			t.Fatalf("approved: %+v %v", approved, err)
		}

		locked := map[string]error{
			"save":            fx.s.SaveMinutes(ctx, coord, mm.id, regional.MinutesInput{Version: 1, Summary: "anders"}),
			"circulate":       fx.s.CirculateMinutes(ctx, coord, mm.id, 1),
			"approve":         fx.s.ApproveMinutes(ctx, coord, mm.id, 1, approved.UpdatedAt),
			"delete decision": fx.s.DeleteDecision(ctx, coord, mm.id, decision, 1),
			"delete task":     fx.s.DeleteTask(ctx, coord, mm.id, task, 1),
			"sql":             fx.s.TouchMinutes(ctx, approved.ID),
		}
		_, locked["add decision"] = fx.s.AddDecision(ctx, coord, mm.id, regional.DecisionInput{Version: 1, Text: "Noch etwas"})
		_, locked["add task"] = fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Noch etwas",
			OrganisationID: fx.memberOrg, Due: mm.day})
		for what, err := range locked {
			if !errors.Is(err, regional.ErrLocked) {
				t.Errorf("%s on approved minutes: %v, want ErrLocked", what, err)
			}
		}
		if err := fx.s.SetTaskState(ctx, member, task, regional.TaskDone); err != nil {
			t.Errorf("the task's state after approval: %v", err)
		}
		if after, _ := fx.s.Minutes(ctx, coord, mm.id, 1); after.Summary != "Gute Runde." || len(after.Decisions) != 1 {
			t.Errorf("approved minutes changed: %+v", after)
		}
	})
}

// TestMinutesCorrection: a correction is version n+1, a draft linked to
// the approved version, starting with its texts and decisions; the tasks
// stay the meeting's with their ids.
func TestMinutesCorrection(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord, member := fx.x(t, fx.coord), fx.x(t, fx.member)
		mm := startedMinutes(t, fx)
		if err := fx.s.SaveMinutes(ctx, coord, mm.id, regional.MinutesInput{Version: 1, Summary: "Erste Fassung",
			Texts: map[string]string{mm.items[0]: "Bericht"}}); err != nil {
			t.Fatal(err)
		}
		old, err := fx.s.AddDecision(ctx, coord, mm.id, regional.DecisionInput{Version: 1, Text: "Der Fachtag ist im Mai."})
		if err != nil {
			t.Fatal(err)
		}
		task, err := fx.s.AddTask(ctx, coord, mm.id, regional.TaskInput{Version: 1, Title: "Einladung schreiben",
			UserID: fx.member.ID, Due: mm.day.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.CorrectMinutes(ctx, coord, mm.id, 1); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("correct a draft: %v", err)
		}
		if err := fx.s.CirculateMinutes(ctx, coord, mm.id, 1); err != nil {
			t.Fatal(err)
		}
		v1, _ := fx.s.Minutes(ctx, coord, mm.id, 1)
		if err := fx.s.ApproveMinutes(ctx, coord, mm.id, 1, v1.UpdatedAt); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.CorrectMinutes(ctx, member, mm.id, 1); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member corrects: %v", err)
		}
		next, err := fx.s.CorrectMinutes(ctx, coord, mm.id, 1)
		if err != nil || next != 2 {
			t.Fatalf("correction: %d %v", next, err)
		}
		if _, err := fx.s.CorrectMinutes(ctx, coord, mm.id, 1); !errors.Is(err, regional.ErrStale) {
			t.Errorf("a second correction of version 1: %v", err)
		}
		v2, err := fx.s.Minutes(ctx, coord, mm.id, 0)
		if err != nil || v2.Version != 2 || v2.State != regional.MinutesDraft || v2.CorrectsVersion != 1 || v2.Summary != "Erste Fassung" ||
			v2.Items[0].Text != "Bericht" || len(v2.Decisions) != 1 || v2.Decisions[0].ID == old || !v2.Editable() ||
			len(v2.Tasks) != 1 || v2.Tasks[0].ID != task || !v2.Tasks[0].Locked {
			t.Fatalf("correction as the coordinator reads it: %+v %v", v2, err)
		}
		if seen, err := fx.s.Minutes(ctx, member, mm.id, 0); err != nil || seen.Version != 1 {
			t.Errorf("member reads the latest circulated version: %+v %v", seen, err)
		}
		if _, err := fx.s.Minutes(ctx, member, mm.id, 2); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("member reads the correction's draft: %v", err)
		}
		if err := fx.s.DeleteDecision(ctx, coord, mm.id, old, 2); !errors.Is(err, regional.ErrLocked) {
			t.Errorf("delete the approved version's decision: %v", err)
		}
		if err := fx.s.DeleteTask(ctx, coord, mm.id, task, 2); !errors.Is(err, regional.ErrLocked) {
			t.Errorf("delete a task of approved minutes: %v", err)
		}
		if err := fx.s.DeleteDecision(ctx, coord, mm.id, v2.Decisions[0].ID, 2); err != nil {
			t.Fatal(err)
		}
		fixed, err := fx.s.AddDecision(ctx, coord, mm.id, regional.DecisionInput{Version: 2, Text: "Der Fachtag ist im Juni."})
		if err != nil {
			t.Fatal(err)
		}
		if err := fx.s.SaveMinutes(ctx, coord, mm.id, regional.MinutesInput{Version: 2, Summary: "Korrigiert"}); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := fx.s.Decisions(ctx, member, "hannover", 10, 0); len(list) != 1 || list[0].ID != old {
			t.Errorf("before circulating the correction the list shows the approved decision: %+v", list)
		}
		if err := fx.s.CirculateMinutes(ctx, coord, mm.id, 2); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := fx.s.Decisions(ctx, member, "hannover", 10, 0); len(list) != 1 || list[0].ID != fixed {
			t.Errorf("after circulating the correction the list shows its decision: %+v", list)
		}
		if first, err := fx.s.Minutes(ctx, member, mm.id, 1); err != nil || first.Summary != "Erste Fassung" || len(first.Decisions) != 1 ||
			first.Decisions[0].ID != old {
			t.Errorf("version 1 after the correction: %+v %v", first, err)
		}
		versions, _ := fx.s.MinutesVersions(ctx, member, mm.id)
		if len(versions) != 2 || versions[0].Version != 2 || versions[0].CorrectsVersion != 1 {
			t.Errorf("versions: %+v", versions)
		}
	})
}

// TestDecisionValidation: text, agenda item, topic and day are checked.
func TestDecisionValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		mm := startedMinutes(t, fx)
		cases := []struct {
			name, field, key string
			in               regional.DecisionInput
		}{
			{"no text", "decision_text", "minutes.decision_required", regional.DecisionInput{Text: "  "}},
			{"long text", "decision_text", "minutes.decision_too_long", regional.DecisionInput{Text: strings.Repeat("a", 2001)}},
			{"unknown topic", "decision_topic", "minutes.topic_unknown", regional.DecisionInput{Text: "x", Topic: "astrology"}},
			{"foreign item", "decision_item", "minutes.item_unknown", regional.DecisionInput{Text: "x", AgendaItemID: "no-such-item"}},
			{"before the meeting", "decided_on", "minutes.decided_before_meeting", regional.DecisionInput{Text: "x", DecidedOn: mm.day.AddDate(0, 0, -1)}},
			{"in the future", "decided_on", "minutes.decided_future", regional.DecisionInput{Text: "x", DecidedOn: mm.day.AddDate(0, 0, 30)}},
		}
		for _, c := range cases {
			c.in.Version = 1
			if _, err := fx.s.AddDecision(ctx, coord, mm.id, c.in); !problem(err, c.field, c.key) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if m, _ := fx.s.Minutes(ctx, coord, mm.id, 0); len(m.Decisions) != 0 {
			t.Errorf("refused decisions were recorded: %+v", m.Decisions)
		}
	})
}

// TestCirculationTellsInvitees: circulated minutes notify everybody
// invited to the meeting but the coordinator who circulates them.
func TestCirculationTellsInvitees(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		start := fx.srv.App.Clock.Now().Add(time.Hour)
		id, err := fx.s.CreateMeeting(ctx, coord, "hannover", regional.MeetingInput{Title: "Netzwerktreffen", Start: start, End: start.Add(time.Hour), Place: "Rathaus"})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := fx.s.Invite(ctx, coord, id); err != nil || n < 2 {
			t.Fatalf("invite: %d %v", n, err)
		}
		fx.srv.Clock.Advance(2 * time.Hour)
		if err := fx.s.StartMinutes(ctx, coord, id); err != nil {
			t.Fatal(err)
		}
		for _, n := range fx.noticesFor(fx.member.ID) {
			if n.Kind == regional.NoticeMinutes {
				t.Fatal("a notice before the minutes were circulated")
			}
		}
		if err := fx.s.CirculateMinutes(ctx, coord, id, 1); err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, n := range fx.noticesFor(fx.member.ID) {
			if n.Kind == regional.NoticeMinutes && n.Href == "/meetings/"+id+"/minutes" {
				got++
			}
		}
		if got != 1 {
			t.Errorf("the representative got %d notices of the circulated minutes, want 1", got)
		}
		for _, n := range fx.noticesFor(fx.coord.ID) {
			if n.Kind == regional.NoticeMinutes {
				t.Error("the coordinator who circulated is told too")
			}
		}
	})
}
