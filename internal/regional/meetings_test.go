package regional_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// plan has the hannover coordinator plan a meeting of two hours that
// starts in days days at 10:00 in Lower Saxony.
func (fx *fixture) plan(t *testing.T, title string, days int) *regional.Meeting {
	t.Helper()
	day := fx.srv.App.Clock.Today().AddDate(0, 0, days)
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, clock.Berlin())
	id, err := fx.s.CreateMeeting(context.Background(), fx.x(t, fx.coord), "hannover", regional.MeetingInput{Title: title,
		Start: start, End: start.Add(2 * time.Hour), Place: "Rathaus Hannover, Raum 3"})
	if err != nil {
		t.Fatal(err)
	}
	return fx.meeting(t, id)
}

// meeting reads a meeting as the ministry.
func (fx *fixture) meeting(t *testing.T, id string) *regional.Meeting {
	t.Helper()
	m, err := fx.s.Meeting(context.Background(), fx.x(t, fx.ministry), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mailsSince lists the invitation mails from the n-th on.
func (fx *fixture) mailsSince(n int) []regional.Invitation {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	return slices.Clone(fx.mails[n:])
}

func (fx *fixture) mailCount() int {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	return len(fx.mails)
}

// wantProblem fails unless err is a problem for field.
func wantProblem(t *testing.T, what string, err error, field string) {
	t.Helper()
	var problems valid.Errors
	if !errors.As(err, &problems) || !problems.Has(field) {
		t.Errorf("%s: %v, want a problem for %q", what, err, field)
	}
}

// TestMeetingSeries: a monthly series keeps its local time across the
// change to summer time; bad input is refused field by field; only the
// region's coordinators plan.
func TestMeetingSeries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		start := time.Date(fx.srv.App.Clock.Today().Year()+1, time.February, 20, 9, 30, 0, 0, clock.Berlin())
		in := regional.MeetingInput{Title: "Netzwerktreffen", Start: start, End: start.Add(3 * time.Hour),
			OnlineURL: "https://meet.example.org/rv", Repeat: regional.Monthly, Count: 3}
		id, err := fx.s.CreateMeeting(ctx, coord, "hannover", in)
		if err != nil {
			t.Fatal(err)
		}
		ms, total, err := fx.s.Meetings(ctx, coord, regional.MeetingFilter{Region: "hannover"})
		if err != nil || total != 3 {
			t.Fatalf("%d meetings (%v), want 3", total, err)
		}
		for i, m := range ms {
			local := m.Start.In(clock.Berlin())
			if m.SeriesID != id || local.Hour() != 9 || local.Minute() != 30 || local.Month() != time.February+time.Month(i) || m.Region == "" {
				t.Errorf("meeting %d: series %q, starts %s (region %q)", i, m.SeriesID, local, m.Region)
			}
		}
		cases := []struct {
			field  string
			change func(*regional.MeetingInput)
		}{
			{"title", func(in *regional.MeetingInput) { in.Title = "  " }},
			{"title", func(in *regional.MeetingInput) { in.Title = strings.Repeat("x", 201) }},
			{"start", func(in *regional.MeetingInput) { in.Start = time.Time{} }},
			{"start", func(in *regional.MeetingInput) {
				in.Start, in.End = time.Now().Add(-48*time.Hour), time.Now().Add(-47*time.Hour)
			}},
			{"end", func(in *regional.MeetingInput) { in.End = in.Start }},
			{"place", func(in *regional.MeetingInput) { in.OnlineURL = "" }},
			{"online_url", func(in *regional.MeetingInput) { in.OnlineURL = "http://meet.example.org" }},
			{"repeat", func(in *regional.MeetingInput) { in.Repeat = "weekly" }},
			{"count", func(in *regional.MeetingInput) { in.Count = 13 }},
		}
		for _, c := range cases {
			bad := in
			c.change(&bad)
			_, err := fx.s.CreateMeeting(ctx, coord, "hannover", bad)
			wantProblem(t, "create with bad "+c.field, err, c.field)
		}
		if _, err := fx.s.CreateMeeting(ctx, fx.x(t, fx.member), "hannover", in); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member plans: %v", err)
		}
		if _, err := fx.s.CreateMeeting(ctx, fx.x(t, fx.otherCoord), "hannover", in); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("another region's coordinator plans: %v", err)
		}
		if _, err := fx.s.Meeting(ctx, fx.x(t, fx.other), id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("another region's member reads: %v", err)
		}
	})
}

// TestEditMeeting: a change needs the version it was read at; once the
// invitations went out, everybody invited gets the updated one.
func TestEditMeeting(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		m := fx.plan(t, "Frühjahrstreffen", 10)
		in := regional.MeetingInput{Title: "Frühjahrstreffen (verlegt)", Start: m.Start.Add(time.Hour), End: m.End.Add(time.Hour), Place: m.Place}
		if err := fx.s.EditMeeting(ctx, coord, m.ID, m.Version, in); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.EditMeeting(ctx, coord, m.ID, m.Version, in); !errors.Is(err, regional.ErrStale) {
			t.Errorf("edit with the old version: %v, want ErrStale", err)
		}
		got := fx.meeting(t, m.ID)
		if got.Version != 2 || got.Title != in.Title || !got.Start.Equal(in.Start) {
			t.Errorf("after the edit: %+v", got)
		}
		if err := fx.s.EditMeeting(ctx, fx.x(t, fx.member), m.ID, 2, in); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member edits: %v", err)
		}
		if err := fx.s.EditMeeting(ctx, fx.x(t, fx.otherCoord), m.ID, 2, in); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("another region's coordinator edits: %v", err)
		}
		bad := in
		bad.Place = ""
		wantProblem(t, "edit without a place", fx.s.EditMeeting(ctx, coord, m.ID, 2, bad), "place")
		if n, err := fx.s.Invite(ctx, coord, m.ID); err != nil || n != 2 {
			t.Fatalf("invited %d (%v), want the representative and the coordinator", n, err)
		}
		before := fx.mailCount()
		in.Place = "Online und Rathaus"
		if err := fx.s.EditMeeting(ctx, coord, m.ID, 2, in); err != nil {
			t.Fatal(err)
		}
		updates := fx.mailsSince(before)
		if len(updates) != 2 || !updates[0].Updated || updates[0].Cancelled || updates[0].Meeting.Version != 3 || updates[0].Meeting.Place != in.Place {
			t.Errorf("updates: %+v", updates)
		}
	})
}

// TestAgenda: items are checked, ordered, moved and removed by the
// region's coordinators only, and locked by approved minutes.
func TestAgenda(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		m := fx.plan(t, "Arbeitstreffen", 7)
		docH, docBS := fx.document(t, "hannover", "Konzeptpapier"), fx.document(t, "braunschweig", "Fremdes Papier")
		cases := []struct {
			name, field string
			in          regional.AgendaInput
		}{
			{"no title", "title", regional.AgendaInput{Title: " "}},
			{"long title", "title", regional.AgendaInput{Title: strings.Repeat("T", 201)}},
			{"long presenter", "presenter", regional.AgendaInput{Title: "Bericht", Presenter: strings.Repeat("P", 201)}},
			{"negative minutes", "minutes", regional.AgendaInput{Title: "Bericht", Minutes: -1}},
			{"too many minutes", "minutes", regional.AgendaInput{Title: "Bericht", Minutes: 601}},
			{"unknown document", "document", regional.AgendaInput{Title: "Bericht", DocumentID: "no-such-document"}},
			{"another region's document", "document", regional.AgendaInput{Title: "Bericht", DocumentID: docBS}},
		}
		for _, c := range cases {
			_, err := fx.s.AddAgendaItem(ctx, coord, m.ID, c.in)
			wantProblem(t, c.name, err, c.field)
		}
		var ids []string
		for _, in := range []regional.AgendaInput{{Title: "Begrüßung", Minutes: 10}, {Title: "Bericht aus dem Ministerium", Presenter: "Ministerium", Minutes: 600},
			{Title: "Konzept Wohnen", DocumentID: docH}} {
			id, err := fx.s.AddAgendaItem(ctx, coord, m.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		titles := func() []string {
			items, err := fx.s.Agenda(ctx, fx.x(t, fx.member), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for i, it := range items {
				if it.Position != i+1 {
					t.Errorf("item %q at position %d, want %d", it.Title, it.Position, i+1)
				}
				if it.DocumentID != "" && it.Document != "Konzeptpapier" {
					t.Errorf("item %q names document %q", it.Title, it.Document)
				}
				out = append(out, it.Title)
			}
			return out
		}
		if err := fx.s.MoveAgendaItem(ctx, coord, m.ID, ids[2], true); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.MoveAgendaItem(ctx, coord, m.ID, ids[0], true); err != nil {
			t.Fatal(err)
		}
		if got := titles(); !slices.Equal(got, []string{"Begrüßung", "Konzept Wohnen", "Bericht aus dem Ministerium"}) {
			t.Errorf("after moving: %v", got)
		}
		if err := fx.s.EditAgendaItem(ctx, coord, m.ID, ids[0], regional.AgendaInput{Title: "Begrüßung und Runde", Minutes: 20}); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.DeleteAgendaItem(ctx, coord, m.ID, ids[2]); err != nil {
			t.Fatal(err)
		}
		if got := titles(); !slices.Equal(got, []string{"Begrüßung und Runde", "Bericht aus dem Ministerium"}) {
			t.Errorf("after editing and removing: %v", got)
		}
		if _, err := fx.s.AddAgendaItem(ctx, fx.x(t, fx.member), m.ID, regional.AgendaInput{Title: "Von mir"}); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member adds: %v", err)
		}
		if _, err := fx.s.AddAgendaItem(ctx, fx.x(t, fx.otherCoord), m.ID, regional.AgendaInput{Title: "Von woanders"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("another region's coordinator adds: %v", err)
		}
		if err := fx.s.EditAgendaItem(ctx, coord, m.ID, "no-such-item", regional.AgendaInput{Title: "x"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("edit an unknown item: %v", err)
		}
		fx.approveMinutes(t, m.ID)
		locked := map[string]error{
			"add": func() error {
				_, err := fx.s.AddAgendaItem(ctx, coord, m.ID, regional.AgendaInput{Title: "Nachtrag"})
				return err
			}(),
			"edit":   fx.s.EditAgendaItem(ctx, coord, m.ID, ids[0], regional.AgendaInput{Title: "Neu"}),
			"delete": fx.s.DeleteAgendaItem(ctx, coord, m.ID, ids[1]),
			"move":   fx.s.MoveAgendaItem(ctx, coord, m.ID, ids[1], true),
			"meeting": fx.s.EditMeeting(ctx, coord, m.ID, m.Version, regional.MeetingInput{Title: "Neu", Start: m.Start, End: m.End,
				Place: m.Place}),
		}
		for what, err := range locked {
			if !errors.Is(err, regional.ErrLocked) {
				t.Errorf("%s after approved minutes: %v, want ErrLocked", what, err)
			}
		}
		if ok, err := fx.s.MeetingLocked(ctx, fx.x(t, fx.member), m.ID); !ok || err != nil {
			t.Errorf("MeetingLocked = %v, %v", ok, err)
		}
	})
}

// document puts a document into a space's library (straight into the
// table: the library's own tests upload through its store).
func (fx *fixture) document(t *testing.T, space, title string) string {
	t.Helper()
	id := "doc-" + space + "-" + strings.ToLower(strings.ReplaceAll(title, " ", "-"))
	now := fx.srv.App.Clock.Now()
	if _, err := fx.srv.App.DB.Exec(context.Background(), `INSERT INTO library_documents (id, space, title, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, space, title, fx.coord.ID, now, now); err != nil {
		t.Fatal(err)
	}
	return id
}

// approveMinutes records approved minutes of a meeting (straight into the
// table: the minutes' own tests go through their store).
func (fx *fixture) approveMinutes(t *testing.T, meetingID string) {
	t.Helper()
	now := fx.srv.App.Clock.Now()
	if _, err := fx.srv.App.DB.Exec(context.Background(), `INSERT INTO minutes (id, meeting_id, version, state, created_by, created_at, updated_at, approved_at, approved_by)
		VALUES (?, ?, 1, 'approved', ?, ?, ?, ?, ?)`, "min-"+meetingID, meetingID, fx.coord.ID, now, now, now, fx.coord.ID); err != nil {
		t.Fatal(err)
	}
}

// TestInvitations: representatives, deputies, coordinators and the
// guests of the meeting's day are invited once each, by mail and notice;
// disabled accounts and guests whose invitation ends before the day are
// left out; calling again invites only newcomers.
func TestInvitations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		deputy := fx.srv.CreateAccount(t, "stellvertretung-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		if err := fx.s.SetRepresentatives(ctx, coord, "hannover", fx.memberID, fx.member.ID, deputy.ID); err != nil {
			t.Fatal(err)
		}
		today := fx.srv.App.Clock.Today()
		expired := fx.srv.CreateAccount(t, "gast-kurz@example.org", perm.Partner, perm.Organisation, "rv-org-gast")
		disabled := fx.srv.CreateAccount(t, "gast-aus@example.org", perm.Partner, perm.Organisation, "rv-org-gast")
		late := fx.srv.CreateAccount(t, "gast-spaet@example.org", perm.Partner, perm.Organisation, "rv-org-gast")
		for _, g := range []struct {
			acc   apptest.Account
			until time.Time
		}{{fx.other, today.AddDate(0, 0, 10)}, {expired, today.AddDate(0, 0, 2)}, {disabled, time.Time{}}} {
			if err := fx.s.AddGuest(ctx, coord, "hannover", regional.GuestInput{Email: g.acc.Email, Until: g.until}); err != nil {
				t.Fatal(err)
			}
		}
		if err := fx.srv.App.Auth.SetDisabled(ctx, disabled.ID, true, auth.SystemPrincipal("test")); err != nil {
			t.Fatal(err)
		}
		m := fx.plan(t, "Herbsttreffen", 10)
		if _, err := fx.s.Invite(ctx, fx.x(t, fx.member), m.ID); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member invites: %v", err)
		}
		if _, err := fx.s.Invite(ctx, fx.x(t, fx.otherCoord), m.ID); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("another region's coordinator invites: %v", err)
		}
		n, err := fx.s.Invite(ctx, coord, m.ID)
		if err != nil || n != 4 {
			t.Fatalf("invited %d (%v), want 4", n, err)
		}
		invs, err := fx.s.Invitations(ctx, fx.x(t, fx.member), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{fx.member.ID: regional.AsRepresentative, deputy.ID: regional.AsDeputy, fx.coord.ID: regional.AsCoordinator,
			fx.other.ID: regional.AsGuest}
		got := map[string]string{}
		for _, v := range invs {
			got[v.UserID] = v.Capacity
			if v.Name == "" || v.Answer != "" || v.Attended != nil {
				t.Errorf("invitee %+v", v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("invited %v, want %v", got, want)
		}
		for id, capacity := range want {
			if got[id] != capacity {
				t.Errorf("%s invited as %q, want %q", id, got[id], capacity)
			}
		}
		mails := fx.mailsSince(0)
		if len(mails) != 4 {
			t.Fatalf("%d mails, want 4", len(mails))
		}
		for _, inv := range mails {
			if inv.To == "" || inv.Lang == "" || inv.Name == "" || inv.Meeting.ID != m.ID || inv.RegionName == "" || inv.Cancelled || inv.Updated {
				t.Errorf("mail %+v", inv)
			}
			if inv.To == expired.Email || inv.To == disabled.Email {
				t.Errorf("mail to %s", inv.To)
			}
		}
		if ns := fx.noticesFor(fx.other.ID); len(ns) != 1 || ns[0].Kind != regional.NoticeMeeting || ns[0].Href != "/meetings/"+m.ID {
			t.Errorf("the guest's notices: %+v", ns)
		}
		if fx.meeting(t, m.ID).InvitedAt.IsZero() {
			t.Error("the meeting does not say it was invited to")
		}
		if n, err := fx.s.Invite(ctx, coord, m.ID); err != nil || n != 0 {
			t.Errorf("inviting again: %d (%v), want nobody", n, err)
		}
		if err := fx.s.AddGuest(ctx, coord, "hannover", regional.GuestInput{Email: late.Email}); err != nil {
			t.Fatal(err)
		}
		if n, err := fx.s.Invite(ctx, coord, m.ID); err != nil || n != 1 || fx.mailCount() != 5 {
			t.Errorf("inviting the newcomer: %d (%v), %d mails", n, err, fx.mailCount())
		}
	})
}

// TestAnswerAndAttendance: the invited answer until the meeting ends,
// nobody else does; the coordinator records who came once it has begun.
func TestAnswerAndAttendance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord, member := fx.x(t, fx.coord), fx.x(t, fx.member)
		m := fx.plan(t, "Sommertreffen", 3)
		if err := fx.s.Answer(ctx, member, m.ID, regional.AnswerYes); !errors.Is(err, regional.ErrNotInvited) {
			t.Errorf("answer before the invitation: %v", err)
		}
		if _, err := fx.s.Invite(ctx, coord, m.ID); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			x      regional.Participant
			answer string
			want   error
		}{
			{"invited member", member, regional.AnswerMaybe, nil},
			{"invited member changes", member, regional.AnswerYes, nil},
			{"ministry, not invited", fx.x(t, fx.ministry), regional.AnswerYes, regional.ErrNotInvited},
			{"another region's member", fx.x(t, fx.other), regional.AnswerYes, regional.ErrNotFound},
		}
		for _, c := range cases {
			if err := fx.s.Answer(ctx, c.x, m.ID, c.answer); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		wantProblem(t, "answer out of the list", fx.s.Answer(ctx, coord, m.ID, "perhaps"), "answer")
		attended := map[string]bool{fx.member.ID: true, fx.coord.ID: false, "not-invited": true}
		if err := fx.s.RecordAttendance(ctx, coord, m.ID, attended); !errors.Is(err, regional.ErrNotStarted) {
			t.Errorf("attendance before the start: %v", err)
		}
		fx.srv.Clock.Advance(3*24*time.Hour + 12*time.Hour)
		if err := fx.s.RecordAttendance(ctx, member, m.ID, attended); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member records attendance: %v", err)
		}
		if err := fx.s.RecordAttendance(ctx, coord, m.ID, attended); err != nil {
			t.Fatal(err)
		}
		invs, err := fx.s.Invitations(ctx, member, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range invs {
			switch {
			case v.UserID == fx.member.ID && (v.Answer != regional.AnswerYes || v.AnsweredAt.IsZero() || v.Attended == nil || !*v.Attended):
				t.Errorf("the member: %+v", v)
			case v.UserID == fx.coord.ID && (v.Attended == nil || *v.Attended):
				t.Errorf("the coordinator: %+v", v)
			}
		}
		if ended := fx.meeting(t, m.ID); ended.End.After(fx.srv.App.Clock.Now()) {
			t.Fatalf("the meeting has not ended at %s", fx.srv.App.Clock.Now())
		}
		if err := fx.s.Answer(ctx, member, m.ID, regional.AnswerNo); !errors.Is(err, regional.ErrOver) {
			t.Errorf("answer after the end: %v", err)
		}
	})
}

// TestCancelMeeting: a cancellation reaches everybody invited, with the
// calendar entry cancelled; a cancelled or begun meeting cannot be
// cancelled (or answered, or changed).
func TestCancelMeeting(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		m := fx.plan(t, "Wintertreffen", 5)
		if _, err := fx.s.Invite(ctx, coord, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.CancelMeeting(ctx, fx.x(t, fx.member), m.ID); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("a member cancels: %v", err)
		}
		before := fx.mailCount()
		if err := fx.s.CancelMeeting(ctx, coord, m.ID); err != nil {
			t.Fatal(err)
		}
		mails := fx.mailsSince(before)
		if len(mails) != 2 {
			t.Fatalf("%d cancellations, want 2", len(mails))
		}
		for _, inv := range mails {
			if !inv.Cancelled || inv.Meeting.State != regional.Cancelled || inv.Meeting.Version != 2 {
				t.Errorf("cancellation %+v", inv)
			}
		}
		var buf bytes.Buffer
		if err := regional.MeetingICal(&buf, mails[0].Meeting, fx.srv.App.Clock.Now(), "https://kmn.example/meetings/"+m.ID,
			&regional.ICalInvitee{Organizer: "noreply@kmn.example", Attendee: mails[0].To}); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(&buf).Decode()
		if err != nil {
			t.Fatalf("the cancellation's calendar does not parse: %v", err)
		}
		method, _ := cal.Props.Text(ical.PropMethod)
		status, _ := cal.Events()[0].Props.Text(ical.PropStatus)
		if method != "CANCEL" || status != "CANCELLED" {
			t.Errorf("cancelled calendar: METHOD %s, STATUS %s", method, status)
		}
		if err := fx.s.CancelMeeting(ctx, coord, m.ID); !errors.Is(err, regional.ErrCancelled) {
			t.Errorf("cancel twice: %v", err)
		}
		if err := fx.s.Answer(ctx, fx.x(t, fx.member), m.ID, regional.AnswerYes); !errors.Is(err, regional.ErrCancelled) {
			t.Errorf("answer a cancelled meeting: %v", err)
		}
		if _, err := fx.s.AddAgendaItem(ctx, coord, m.ID, regional.AgendaInput{Title: "x"}); !errors.Is(err, regional.ErrCancelled) {
			t.Errorf("agenda of a cancelled meeting: %v", err)
		}
		begun := fx.plan(t, "Morgen", 1)
		fx.srv.Clock.Advance(24*time.Hour + 13*time.Hour)
		if err := fx.s.CancelMeeting(ctx, coord, begun.ID); !errors.Is(err, regional.ErrOver) {
			t.Errorf("cancel a begun meeting: %v", err)
		}
	})
}

// TestMeetingICal: the calendar entry of an invitation parses, keeps its
// UID across versions and counts them in SEQUENCE, in Lower Saxony's time.
func TestMeetingICal(t *testing.T) {
	start := time.Date(2031, time.July, 3, 8, 0, 0, 0, time.UTC)
	m := &regional.Meeting{ID: "m-1", RegionID: "hannover", Title: "Treffen, mit Komma; und Semikolon", Start: start, End: start.Add(2 * time.Hour),
		Place: "Rathaus", OnlineURL: "https://meet.example.org/x", State: regional.Planned, Version: 4}
	// The page's download is published, not an invitation.
	var buf bytes.Buffer
	if err := regional.MeetingICal(&buf, m, start.Add(-time.Hour), "https://kmn.example/meetings/m-1", nil); err != nil {
		t.Fatal(err)
	}
	published, err := ical.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if method, _ := published.Props.Text(ical.PropMethod); method != "PUBLISH" || published.Events()[0].Props.Get(ical.PropAttendee) != nil {
		t.Errorf("download: METHOD %s, attendee %v", method, published.Events()[0].Props.Get(ical.PropAttendee))
	}
	buf.Reset()
	if err := regional.MeetingICal(&buf, m, start.Add(-time.Hour), "https://kmn.example/meetings/m-1",
		&regional.ICalInvitee{Organizer: "noreply@kmn.example", OrganizerName: "KMN", Attendee: "anna@example.org", AttendeeName: "Anna Beispiel"}); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	method, _ := cal.Props.Text(ical.PropMethod)
	evs := cal.Events()
	if method != "REQUEST" || len(evs) != 1 {
		t.Fatalf("METHOD %s with %d events", method, len(evs))
	}
	org, att := evs[0].Props.Get(ical.PropOrganizer), evs[0].Props.Values(ical.PropAttendee)
	if org == nil || org.Value != "mailto:noreply@kmn.example" || len(att) != 1 || att[0].Value != "mailto:anna@example.org" ||
		att[0].Params.Get(ical.ParamCommonName) != "Anna Beispiel" || att[0].Params.Get(ical.ParamRSVP) != "FALSE" {
		t.Errorf("ORGANIZER %v, ATTENDEE %v: want the sender and only the recipient", org, att)
	}
	e := evs[0]
	uid, _ := e.Props.Text(ical.PropUID)
	seq, _ := e.Props.Text(ical.PropSequence)
	summary, _ := e.Props.Text(ical.PropSummary)
	desc, _ := e.Props.Text(ical.PropDescription)
	got, err := e.DateTimeStart(time.UTC)
	if err != nil || !got.Equal(start) || e.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID) != "Europe/Berlin" {
		t.Errorf("DTSTART %v (%v), want %v in Europe/Berlin", got, err, start)
	}
	if uid != "m-1@meetings.kmn-niedersachsen" || seq != "4" || summary != m.Title || !strings.Contains(desc, "https://kmn.example/meetings/m-1") {
		t.Errorf("UID %q, SEQUENCE %q, SUMMARY %q, DESCRIPTION %q", uid, seq, summary, desc)
	}
}
