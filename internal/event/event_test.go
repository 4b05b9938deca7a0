package event_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// fixture: the store with a mailer that records, and a region
// coordinator who organises.
type fixture struct {
	srv   *apptest.Server
	s     *event.Store
	p     auth.Principal
	mu    sync.Mutex
	mails []event.Mail
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

func newFixture(t *testing.T, postgres bool) *fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := &fixture{srv: srv}
	fx.s = event.NewStore(srv.App.DB, srv.App.Audit, srv.App.Keys, event.Options{Clock: srv.App.Clock, EmailKey: []byte("test-key"),
		Mail: func(_ context.Context, _ *db.Tx, m event.Mail) error {
			fx.mu.Lock()
			fx.mails = append(fx.mails, m)
			fx.mu.Unlock()
			return nil
		}})
	fx.p = srv.Principal(t, srv.CreateAccount(t, "region-ev@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	return fx
}

// lastMail is the newest mail of kind to addr.
func (fx *fixture) lastMail(t *testing.T, kind, to string) event.Mail {
	t.Helper()
	fx.mu.Lock()
	defer fx.mu.Unlock()
	for i := len(fx.mails) - 1; i >= 0; i-- {
		if m := fx.mails[i]; m.Kind == kind && m.To == to {
			return m
		}
	}
	t.Fatalf("no %s mail to %s", kind, to)
	return event.Mail{}
}

// training is a valid in-person training for school staff in two weeks.
func (fx *fixture) training(places int) event.Input {
	start := fx.srv.Clock.Now().Add(14 * 24 * time.Hour).Truncate(time.Hour)
	return event.Input{Audience: "school", Format: "in_person", Address: "Hannover, Rathaus", Lang: "de", Capacity: places,
		RegistrationCloses: start.Add(-24 * time.Hour), Texts: map[string]event.Text{"de": {Title: "Interkulturelle Kompetenz"}},
		Dates: []event.Date{{Start: start, End: start.Add(3 * time.Hour)}}}
}

func (fx *fixture) published(t *testing.T, places int) string {
	t.Helper()
	id, err := fx.s.Create(context.Background(), fx.p, fx.training(places), "hannover")
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.s.Publish(context.Background(), fx.p, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// registered registers and confirms addr; it returns the personal token.
func (fx *fixture) registered(t *testing.T, id, addr string) (string, string) {
	t.Helper()
	token, err := fx.s.Register(context.Background(), id, event.RegistrationInput{Name: "Person " + addr, Email: addr, Lang: "de", Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	state, err := fx.s.Confirm(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return token, state
}

// TestCreateRefusesBadEvents: each bad field is named.
func TestCreateRefusesBadEvents(t *testing.T) {
	fx := newFixture(t, false)
	cases := map[string]func(in *event.Input){
		"title_de":            func(in *event.Input) { in.Texts = map[string]event.Text{"en": {Title: "Only English"}} },
		"audience":            func(in *event.Input) { in.Audience = "everyone" },
		"address":             func(in *event.Input) { in.Address = "" },
		"online_link":         func(in *event.Input) { in.Format, in.OnlineLink = "hybrid", "http://insecure.example" },
		"capacity":            func(in *event.Input) { in.Capacity = 0 },
		"starts":              func(in *event.Input) { in.Dates[0].End = in.Dates[0].Start },
		"registration_closes": func(in *event.Input) { in.RegistrationCloses = in.Dates[0].Start.Add(time.Hour) },
	}
	for field, spoil := range cases {
		in := fx.training(2)
		spoil(&in)
		var problems valid.Errors
		if _, err := fx.s.Create(context.Background(), fx.p, in, ""); !errors.As(err, &problems) || !problems.Has(field) {
			t.Errorf("%s: %v, want a problem with it", field, err)
		}
	}
	admin := fx.srv.Principal(t, fx.srv.CreateAccount(t, "admin-ev@example.org", perm.Admin, perm.Statewide, ""))
	if _, err := fx.s.Create(context.Background(), admin, fx.training(2), ""); !errors.Is(err, event.ErrNotFound) {
		t.Errorf("an admin organises: %v", err)
	}
}

// TestWaitlist: two places, three people: the third waits; the same address
// again is refused; the capacity cannot drop below the places taken; a
// cancellation offers the place to the first waiting, who accepts; an
// offer that lapses goes on; registration closes with its window.
func TestWaitlist(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 2)
		ta, sa := fx.registered(t, id, "a@example.org")
		_, sb := fx.registered(t, id, "b@example.org")
		tc, sc := fx.registered(t, id, "c@example.org")
		if sa != event.Confirmed || sb != event.Confirmed || sc != event.Waitlisted {
			t.Fatalf("states %s %s %s, want confirmed, confirmed, waitlisted", sa, sb, sc)
		}
		if _, err := fx.s.Register(ctx, id, event.RegistrationInput{Name: "A", Email: "A@Example.org", Consent: true}); !errors.Is(err, event.ErrDuplicate) {
			t.Errorf("the same address again: %v", err)
		}
		var problems valid.Errors
		if err := fx.s.SetCapacity(ctx, fx.p, id, 1); !errors.As(err, &problems) || !problems.Has("capacity") {
			t.Errorf("capacity below the places taken: %v", err)
		}
		if err := fx.s.CancelRegistration(ctx, ta); err != nil {
			t.Fatal(err)
		}
		offer := fx.lastMail(t, event.MailOffer, "c@example.org")
		if offer.Link != tc || !offer.Until.After(fx.srv.Clock.Now()) {
			t.Errorf("offer mail %+v: want the personal link and a future deadline", offer)
		}
		if err := fx.s.AcceptOffer(ctx, tc); err != nil {
			t.Fatal(err)
		}
		td, sd := fx.registered(t, id, "d@example.org")
		if sd != event.Waitlisted {
			t.Fatalf("d: %s", sd)
		}
		if err := fx.s.CancelRegistration(ctx, tc); err != nil {
			t.Fatal(err)
		}
		fx.srv.Clock.Advance(49 * time.Hour)
		if err := fx.s.AcceptOffer(ctx, td); !errors.Is(err, event.ErrChanged) {
			t.Errorf("accepting a lapsed offer: %v", err)
		}
		if n, err := fx.s.ExpireOffers(ctx); err != nil || n != 1 {
			t.Errorf("expired %d, %v; want 1", n, err)
		}
		fx.srv.Clock.Advance(12 * 24 * time.Hour)
		if _, err := fx.s.Register(ctx, id, event.RegistrationInput{Name: "Late", Email: "late@example.org", Consent: true}); !errors.Is(err, event.ErrClosed) {
			t.Errorf("after the window: %v", err)
		}
	})
}

// TestLastPlaceRace: ten people confirm at once for the last place: exactly
// one gets it, on both engines.
func TestLastPlaceRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 1)
		tokens := make([]string, 10)
		for i := range tokens {
			var err error
			if tokens[i], err = fx.s.Register(ctx, id, event.RegistrationInput{Name: "P", Email: fmt.Sprintf("p%d@example.org", i), Consent: true}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		states := make([]string, len(tokens))
		for i, tok := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if states[i], err = fx.s.Confirm(ctx, tok); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		won := 0
		for _, s := range states {
			if s == event.Confirmed {
				won++
			}
		}
		ev, err := fx.s.Organised(ctx, fx.p, id)
		if won != 1 || err != nil || ev.Taken != 1 || ev.Waiting != 9 {
			t.Errorf("%d confirmed (want 1); event taken %d, waiting %d", won, ev.Taken, ev.Waiting)
		}
	})
}

// TestCancelledEvent: cancelling tells everybody and closes registration.
func TestCancelledEvent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 1)
		fx.registered(t, id, "x@example.org")
		fx.registered(t, id, "y@example.org")
		if err := fx.s.CancelEvent(ctx, fx.p, id); err != nil {
			t.Fatal(err)
		}
		fx.lastMail(t, event.MailCancelled, "x@example.org")
		fx.lastMail(t, event.MailCancelled, "y@example.org")
		if _, err := fx.s.Register(ctx, id, event.RegistrationInput{Name: "Z", Email: "z@example.org", Consent: true}); !errors.Is(err, event.ErrClosed) {
			t.Errorf("registering for a cancelled event: %v", err)
		}
	})
}

// TestRemindersAndRetention, with the clock moved: each reminder goes once
// to confirmed participants (not to those waiting), 7 days and 1 day
// before; registrations go twelve months after the event.
func TestRemindersAndRetention(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 1) // starts in 14 days
		fx.registered(t, id, "in@example.org")
		fx.registered(t, id, "wait@example.org")
		count := func() int {
			fx.mu.Lock()
			defer fx.mu.Unlock()
			n := 0
			for _, m := range fx.mails {
				if m.Kind == event.MailReminder {
					n++
				}
			}
			return n
		}
		steps := []struct {
			advance time.Duration
			want    int
		}{{0, 0}, {7*24*time.Hour + time.Hour, 1}, {time.Hour, 1}, {6 * 24 * time.Hour, 2}, {time.Hour, 2}}
		for i, st := range steps {
			fx.srv.Clock.Advance(st.advance)
			if _, err := fx.s.SendReminders(ctx); err != nil {
				t.Fatal(err)
			}
			if got := count(); got != st.want {
				t.Errorf("step %d: %d reminders, want %d", i, got, st.want)
			}
		}
		fx.lastMail(t, event.MailReminder, "in@example.org")
		fx.srv.Clock.Advance(300 * 24 * time.Hour)
		if n, err := fx.s.PurgeRegistrations(ctx); err != nil || n != 0 {
			t.Errorf("purged %d before twelve months, %v", n, err)
		}
		fx.srv.Clock.Advance(80 * 24 * time.Hour)
		if n, err := fx.s.PurgeRegistrations(ctx); err != nil || n != 2 {
			t.Errorf("purged %d after twelve months, want 2, %v", n, err)
		}
	})
}

// TestFigures: events, confirmed registrations, attendance and no-shows by
// audience and region, only for events in the period.
func TestFigures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 3)
		for _, a := range []string{"f1@example.org", "f2@example.org"} {
			fx.registered(t, id, a)
		}
		regs, err := fx.s.Registrations(ctx, fx.p, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := fx.s.CheckIn(ctx, fx.p, id, regs[0].ID, true); err != nil {
			t.Fatal(err)
		}
		now := fx.srv.Clock.Now()
		got, err := fx.s.FiguresBetween(ctx, now, now.Add(30*24*time.Hour))
		if err != nil || len(got) != 1 {
			t.Fatalf("figures %+v, %v", got, err)
		}
		f := got[0]
		if f.Audience != "school" || f.RegionID != "hannover" || f.Events != 1 || f.Registered != 2 || f.Attended != 1 || f.NoShows != 1 || f.AttendanceRate() != 0.5 {
			t.Errorf("figures %+v", f)
		}
		if later, _ := fx.s.FiguresBetween(ctx, now.Add(30*24*time.Hour), now.Add(60*24*time.Hour)); len(later) != 0 {
			t.Errorf("figures of another period: %+v", later)
		}
	})
}

// TestPromote: the organiser moves the last waiting person to the front;
// the next freed place is offered to them, not to the one who waited
// longer.
func TestPromote(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 1)
		first, _ := fx.registered(t, id, "first@example.org")
		fx.registered(t, id, "second@example.org")
		fx.registered(t, id, "third@example.org")
		regs, _ := fx.s.Registrations(ctx, fx.p, id)
		if err := fx.s.Promote(ctx, fx.p, id, regs[2].ID); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Promote(ctx, fx.p, id, regs[0].ID); !errors.Is(err, event.ErrNotFound) {
			t.Errorf("promoting someone not waiting: %v", err)
		}
		if err := fx.s.CancelRegistration(ctx, first); err != nil {
			t.Fatal(err)
		}
		fx.lastMail(t, event.MailOffer, "third@example.org")
	})
}

// TestRegisterColleague: a member of staff registers a colleague: no
// confirmation mail, a place at once, the personal link by mail; the same
// address again is refused.
func TestRegisterColleague(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 2)
		lead := fx.srv.Principal(t, fx.srv.CreateAccount(t, "lead-coll@example.org", perm.OfficeLead, perm.Office, fx.srv.Office(t, "mbe-coll")))
		if _, err := fx.s.RegisterColleague(ctx, lead, id, event.RegistrationInput{Name: "Kollege", Email: "kollege@example.org", Lang: "de"}); err != nil {
			t.Fatal(err)
		}
		m := fx.lastMail(t, event.MailConfirmed, "kollege@example.org")
		if m.Link == "" {
			t.Error("no personal link in the mail")
		}
		fx.mu.Lock()
		for _, x := range fx.mails {
			if x.Kind == event.MailConfirm && x.To == "kollege@example.org" {
				t.Error("a colleague registered by staff got a confirmation request")
			}
		}
		fx.mu.Unlock()
		if _, err := fx.s.RegisterColleague(ctx, lead, id, event.RegistrationInput{Name: "K", Email: "KOLLEGE@example.org", Lang: "de"}); !errors.Is(err, event.ErrDuplicate) {
			t.Errorf("the same colleague again: %v", err)
		}
		if ev, _ := fx.s.Organised(ctx, fx.p, id); ev.Taken != 1 {
			t.Errorf("taken %d, want 1", ev.Taken)
		}
	})
}

// TestFeedback: after the event a participant rates it once; before it is
// over and with a bad rating it is refused; the organiser sees count,
// average and the comment.
func TestFeedback(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id := fx.published(t, 2)
		tok, _ := fx.registered(t, id, "fb@example.org")
		if err := fx.s.GiveFeedback(ctx, tok, 5, "Sehr hilfreich"); !errors.Is(err, event.ErrChanged) {
			t.Errorf("before the event: %v", err)
		}
		fx.srv.Clock.Advance(15 * 24 * time.Hour)
		var problems valid.Errors
		if err := fx.s.GiveFeedback(ctx, tok, 9, ""); !errors.As(err, &problems) || !problems.Has("rating") {
			t.Errorf("rating 9: %v", err)
		}
		if err := fx.s.GiveFeedback(ctx, tok, 4, "Sehr hilfreich"); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.GiveFeedback(ctx, tok, 1, ""); !errors.Is(err, event.ErrDuplicate) {
			t.Errorf("twice: %v", err)
		}
		f, err := fx.s.FeedbackOf(ctx, fx.p, id)
		if err != nil || f.Count != 1 || f.Average != 4 || len(f.Comments) != 1 || f.Comments[0] != "Sehr hilfreich" {
			t.Errorf("feedback %+v, %v", f, err)
		}
	})
}
