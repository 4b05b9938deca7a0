package volunteer_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

func TestSignUpRejectsBadInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ok := signUp("ok@example.org", "uk", "30159")
		cases := []struct {
			name  string
			edit  func(in *volunteer.SignUpInput)
			field string
		}{
			{"no name", func(in *volunteer.SignUpInput) { in.Name = " " }, "name"},
			{"bad address", func(in *volunteer.SignUpInput) { in.Email = "olena@" }, "email"},
			{"postcode outside", func(in *volunteer.SignUpInput) { in.Postcode = "10115" }, "postcode"},
			{"no language", func(in *volunteer.SignUpInput) { in.Languages = nil }, "languages"},
			{"level out of range", func(in *volunteer.SignUpInput) { in.Languages[0].Level = 9 }, "languages"},
			{"no time", func(in *volunteer.SignUpInput) { in.Slots = nil }, "slots"},
			{"time backwards", func(in *volunteer.SignUpInput) { in.Slots = []volunteer.Slot{{Weekday: 1, From: 600, Till: 500}} }, "slots"},
			{"same time twice", func(in *volunteer.SignUpInput) {
				in.Slots = []volunteer.Slot{{Weekday: 1, From: 480, Till: 600}, {Weekday: 1, From: 480, Till: 700}}
			}, "slots"},
			{"unknown activity", func(in *volunteer.SignUpInput) { in.Activities = []string{"driving"} }, "activities"},
			{"no consent", func(in *volunteer.SignUpInput) { in.Consent = false }, "consent"},
		}
		for _, c := range cases {
			in := ok
			in.Languages = slices.Clone(ok.Languages)
			c.edit(&in)
			if got := fields(fx.s.SignUp(context.Background(), in)); !slices.Contains(got, c.field) {
				t.Errorf("%s: fields %v, want %s", c.name, got, c.field)
			}
		}
		if len(fx.mails) != 0 {
			t.Fatalf("bad input sent %d mails", len(fx.mails))
		}
		if err := fx.s.SignUp(context.Background(), ok); err != nil {
			t.Fatal(err)
		}
		again := ok
		again.Email = "OK@example.org"
		if err := fx.s.SignUp(context.Background(), again); !errors.Is(err, volunteer.ErrDuplicate) {
			t.Fatalf("second sign-up: %v", err)
		}
	})
}

func TestConfirmationAndScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		if err := fx.s.SignUp(ctx, signUp("olena@example.org", "uk", "30159")); err != nil {
			t.Fatal(err)
		}
		if vs, _ := fx.s.List(ctx, fx.coord, volunteer.Filter{}); len(vs) != 0 {
			t.Fatalf("unconfirmed address listed: %d", len(vs))
		}
		token := fx.mail(t, volunteer.MailConfirm, "olena@example.org").Link
		for range 2 {
			if err := fx.s.ConfirmEmail(ctx, token); err != nil {
				t.Fatal(err)
			}
		}
		if err := fx.s.ConfirmEmail(ctx, "nope"); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		vs, err := fx.s.List(ctx, fx.coord, volunteer.Filter{State: volunteer.Registered})
		if err != nil || len(vs) != 1 || vs[0].Name != "Olena olena@example.org" || vs[0].RegionID != "hannover" {
			t.Fatalf("coordinator's list: %v %+v", err, vs)
		}
		id := vs[0].ID
		if _, err := fx.s.Get(ctx, fx.elsewhere, id); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("other region reads: %v", err)
		}
		if err := fx.s.Confirm(ctx, fx.elsewhere, id, true, ""); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("other region confirms: %v", err)
		}
		if got := fields(fx.s.Confirm(ctx, fx.coord, id, false, "")); !slices.Contains(got, "pledge") {
			t.Fatalf("confirm without pledge: %v", got)
		}
		if err := fx.s.Confirm(ctx, fx.coord, id, true, "Gespräch geführt"); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Confirm(ctx, fx.coord, id, true, ""); !errors.Is(err, volunteer.ErrChanged) {
			t.Fatalf("second confirm: %v", err)
		}
		self, err := fx.s.Self(ctx, volunteer.ByLink(fx.mail(t, volunteer.MailWelcome, "olena@example.org").Link))
		if err != nil || self.ID != id || self.State != volunteer.Confirmed || self.PledgeAt.IsZero() {
			t.Fatalf("own page: %v %+v", err, self)
		}
	})
}

func TestEnrolPaperSignUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		if _, err := fx.s.Enrol(ctx, fx.elsewhere, signUp("paper@example.org", "ar", "30159")); !slices.Contains(fields(err), "postcode") {
			t.Fatalf("enrol outside the region: %v", err)
		}
		id, err := fx.s.Enrol(ctx, fx.coord, signUp("paper@example.org", "ar", "30159"))
		if err != nil {
			t.Fatal(err)
		}
		if v, err := fx.s.Get(ctx, fx.coord, id); err != nil || v.State != volunteer.Registered {
			t.Fatalf("enrolled: %v %+v", err, v)
		}
		if len(fx.mails) != 0 {
			t.Fatalf("enrolment mailed %d times", len(fx.mails))
		}
	})
}

func TestVolunteerUpdatesTheOffer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		id, token := fx.confirmed(t, "olena@example.org", "uk")
		in := signUp("ignored@example.org", "ru", "26122")
		in.Name, in.MaxKm, in.Remote = "Someone else", 5, true
		in.Slots = []volunteer.Slot{{Weekday: 2, From: 600, Till: 720}}
		if err := fx.s.UpdateOffer(ctx, volunteer.ByLink("nope"), in); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("unknown link: %v", err)
		}
		bad := in
		bad.Activities = nil
		if got := fields(fx.s.UpdateOffer(ctx, volunteer.ByLink(token), bad)); !slices.Contains(got, "activities") {
			t.Fatalf("no activity: %v", got)
		}
		if err := fx.s.UpdateOffer(ctx, volunteer.ByLink(token), in); err != nil {
			t.Fatal(err)
		}
		v, err := fx.s.Get(ctx, fx.coord, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Name != "Olena olena@example.org" || v.Email != "olena@example.org" || v.Postcode != "30159" || v.MaxKm != 5 || !v.Remote ||
			len(v.Slots) != 1 || v.Languages[0].Code != "ru" {
			t.Fatalf("after the update: %+v", v)
		}
	})
}
