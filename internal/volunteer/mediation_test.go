package volunteer_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

func TestMediationRequestToHours(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		olena, token := fx.confirmed(t, "olena@example.org", "uk")
		_, otherToken := fx.confirmed(t, "ivan@example.org", "uk")
		req := fx.request(t, "uk", fx.at(2, 10))
		ps, why, err := fx.s.Proposals(ctx, fx.counselor, req)
		if err != nil || len(ps) != 2 || why.Unmet() {
			t.Fatalf("proposals: %v %d %+v", err, len(ps), why)
		}
		if _, _, err := fx.s.Proposals(ctx, fx.elsewhere, req); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("other region sees the request: %v", err)
		}
		if err := fx.s.Ask(ctx, fx.counselor, req, olena); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Ask(ctx, fx.counselor, req, olena); !errors.Is(err, volunteer.ErrChanged) {
			t.Fatalf("second ask: %v", err)
		}
		if m := fx.mail(t, volunteer.MailAsk, "olena@example.org"); m.Link != token || !m.When.Equal(fx.at(2, 10)) {
			t.Fatalf("ask mail: %+v", m)
		}
		as, err := fx.s.Assignments(ctx, volunteer.ByLink(token))
		if err != nil || len(as) != 1 || as[0].State != volunteer.Asked || as[0].Request.Sensitivity != "residence" {
			t.Fatalf("own asks: %v %+v", err, as)
		}
		if err := fx.s.Answer(ctx, volunteer.ByLink(otherToken), as[0].ID, true); !errors.Is(err, volunteer.ErrNotFound) {
			t.Fatalf("another volunteer answers: %v", err)
		}
		if err := fx.s.Answer(ctx, volunteer.ByLink(token), as[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if m := fx.mail(t, volunteer.MailAccepted, "berater-vol@example.org"); m.Link != req {
			t.Fatalf("accepted mail: %+v", m)
		}
		r, err := fx.s.Request(ctx, fx.counselor, req)
		if err != nil || r.State != volunteer.Filled || len(r.Asks) != 1 || r.Asks[0].State != volunteer.Accepted {
			t.Fatalf("request after yes: %v %+v", err, r)
		}
		if got := fields(fx.s.LogHours(ctx, volunteer.ByLink(token), as[0].ID, 90)); !slices.Contains(got, "minutes") {
			t.Fatalf("hours before the appointment: %v", got)
		}
		fx.srv.Clock.Advance(3 * 24 * time.Hour)
		if err := fx.s.LogHours(ctx, volunteer.ByLink(token), as[0].ID, 90); err != nil {
			t.Fatal(err)
		}
		f, err := fx.s.Figures(ctx, fx.coord, fx.at(-10, 0), fx.at(10, 0))
		if err != nil || len(f.Regions) != 1 || f.Regions[0].Requests != 1 || f.Regions[0].Filled != 1 || f.Regions[0].Minutes != 90 {
			t.Fatalf("figures: %v %+v", err, f)
		}
		if !slices.Contains(f.Active, volunteer.Count{RegionID: "hannover", Language: "uk", N: 2}) {
			t.Fatalf("active volunteers: %+v", f.Active)
		}
	})
}

func TestDoubleBookingUnmetAndExpiry(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		olena, token := fx.confirmed(t, "olena@example.org", "uk")
		first, second := fx.request(t, "uk", fx.at(2, 10)), fx.request(t, "uk", fx.at(2, 10))
		for _, req := range []string{first, second} {
			if err := fx.s.Ask(ctx, fx.counselor, req, olena); err != nil {
				t.Fatal(err)
			}
		}
		as, _ := fx.s.Assignments(ctx, volunteer.ByLink(token))
		if err := fx.s.Answer(ctx, volunteer.ByLink(token), as[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Answer(ctx, volunteer.ByLink(token), as[1].ID, true); !errors.Is(err, volunteer.ErrDoubleBooked) {
			t.Fatalf("double booking: %v", err)
		}
		third := fx.request(t, "uk", fx.at(2, 10))
		if _, why, _ := fx.s.Proposals(ctx, fx.counselor, third); why.Booked != 1 {
			t.Fatalf("booked volunteer proposed: %+v", why)
		}
		if err := fx.s.Ask(ctx, fx.counselor, third, olena); !errors.Is(err, volunteer.ErrCannotTake) {
			t.Fatalf("asking a booked volunteer: %v", err)
		}

		nobody := fx.request(t, "ti", fx.at(3, 10))
		if r, _ := fx.s.Request(ctx, fx.counselor, nobody); !r.Unmet {
			t.Fatal("Tigrinya request not marked unmet")
		}
		if rs, _ := fx.s.Requests(ctx, fx.coord, volunteer.RequestFilter{State: "unmet"}); len(rs) != 1 || rs[0].ID != nobody {
			t.Fatalf("unmet list: %+v", rs)
		}

		if err := fx.s.RecordDocument(ctx, fx.coord, olena, volunteer.DocumentInput{Kind: "good_conduct_extended", ValidUntil: fx.at(5, 0)}); err != nil {
			t.Fatal(err)
		}
		if n, err := fx.s.RemindExpiring(ctx); err != nil || n != 1 {
			t.Fatalf("reminders: %d %v", n, err)
		}
		fx.mail(t, volunteer.MailExpiring, "olena@example.org")
		fx.mail(t, volunteer.MailExpiring, "coord-vol@example.org")
		if n, _ := fx.s.RemindExpiring(ctx); n != 0 {
			t.Fatalf("reminded twice: %d", n)
		}
		fx.srv.Clock.Advance(7 * 24 * time.Hour)
		later := fx.request(t, "uk", fx.at(2, 11))
		if ps, why, _ := fx.s.Proposals(ctx, fx.counselor, later); len(ps) != 0 || why.Expired != 1 {
			t.Fatalf("expired document still proposed: %d %+v", len(ps), why)
		}
		if err := fx.s.RecordDocument(ctx, fx.coord, olena, volunteer.DocumentInput{Kind: "good_conduct_extended", ValidUntil: fx.at(400, 0)}); err != nil {
			t.Fatal(err)
		}
		if ps, _, _ := fx.s.Proposals(ctx, fx.counselor, later); len(ps) != 1 {
			t.Fatal("renewed document not proposed")
		}
	})
}

func TestRequestRejectsBadInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ok := volunteer.RequestInput{OfficeID: fx.office, Language: "uk", Start: fx.at(2, 10), Minutes: 60, Mode: "phone"}
		cases := []struct {
			edit  func(in *volunteer.RequestInput)
			field string
		}{
			{func(in *volunteer.RequestInput) { in.OfficeID = "other" }, "office"},
			{func(in *volunteer.RequestInput) { in.Language = "Ukrainisch" }, "language"},
			{func(in *volunteer.RequestInput) { in.Start = fx.at(-1, 10) }, "start"},
			{func(in *volunteer.RequestInput) { in.Minutes = 5 }, "minutes"},
			{func(in *volunteer.RequestInput) { in.Mode = "fax" }, "mode"},
			{func(in *volunteer.RequestInput) { in.Sensitivity = "secret" }, "sensitivity"},
		}
		for _, c := range cases {
			in := ok
			c.edit(&in)
			if _, err := fx.s.CreateRequest(context.Background(), fx.counselor, in); !slices.Contains(fields(err), c.field) {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if _, err := fx.s.CreateRequest(context.Background(), fx.coord, ok); !slices.Contains(fields(err), "office") {
			t.Errorf("coordinator requests for an office: %v", err)
		}
	})
}
