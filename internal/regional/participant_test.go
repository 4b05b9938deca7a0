package regional_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// TestParticipantSees: who takes part where, and who runs what.
func TestParticipantSees(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		admin := fx.srv.CreateAccount(t, "admin-rv@example.org", perm.Admin, perm.Statewide, "")
		// Test offices all belong to one test organisation: the outsider
		// is a partner of an organisation that is no member.
		outsider := fx.srv.CreateAccount(t, "aussen-rv@example.org", perm.Partner, perm.Organisation, "rv-org-none")
		cases := []struct {
			name                string
			x                   regional.Participant
			regions             []string
			coordinates         []string
			seesState, runState bool
		}{
			{"ministry", fx.x(t, fx.ministry), nil, nil, true, true},
			{"coordinator", fx.x(t, fx.coord), []string{"hannover"}, []string{"hannover"}, true, false},
			{"member by office", fx.x(t, fx.member), []string{"hannover"}, nil, true, false},
			{"member by organisation", fx.x(t, fx.other), []string{"braunschweig"}, nil, true, false},
			{"admin", fx.x(t, admin), []string{}, nil, false, false},
			{"staff of no member", fx.x(t, outsider), []string{}, nil, false, false},
		}
		for _, c := range cases {
			if c.name == "ministry" {
				if len(c.x.Regions()) != 10 || !c.x.Coordinates("weserbergland") || !c.x.Statewide() {
					t.Errorf("ministry: regions %v", c.x.Regions())
				}
			} else {
				if got := c.x.Regions(); !slices.Equal(got, c.regions) && !(len(got) == 0 && len(c.regions) == 0) {
					t.Errorf("%s: regions %v, want %v", c.name, got, c.regions)
				}
				for _, r := range []string{"hannover", "braunschweig"} {
					if c.x.Coordinates(r) != slices.Contains(c.coordinates, r) {
						t.Errorf("%s: coordinates %s = %v", c.name, r, c.x.Coordinates(r))
					}
				}
			}
			if c.x.Sees(regional.StateSpace) != c.seesState || c.x.Coordinates(regional.StateSpace) != c.runState {
				t.Errorf("%s: state space sees %v runs %v", c.name, c.x.Sees(regional.StateSpace), c.x.Coordinates(regional.StateSpace))
			}
		}
	})
}

// TestGuests: a guest takes part until the day the invitation ends.
func TestGuests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		until := fx.srv.App.Clock.Today().AddDate(0, 0, 7)
		if err := fx.s.AddGuest(ctx, coord, "hannover", regional.GuestInput{Email: " VERTRETUNG-BS@example.org ", Until: until}); err != nil {
			t.Fatal(err)
		}
		if !fx.x(t, fx.other).Sees("hannover") {
			t.Fatal("guest does not see the region")
		}
		var problems valid.Errors
		if err := fx.s.AddGuest(ctx, coord, "hannover", regional.GuestInput{Email: "vertretung-bs@example.org"}); !errors.As(err, &problems) || !problems.Has("email") {
			t.Errorf("second invitation: %v", err)
		}
		if err := fx.s.AddGuest(ctx, coord, "hannover", regional.GuestInput{Email: "niemand@example.org"}); !errors.As(err, &problems) {
			t.Errorf("unknown address: %v", err)
		}
		if err := fx.s.AddGuest(ctx, fx.x(t, fx.member), "hannover", regional.GuestInput{Email: "koordination-bs@example.org"}); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member invites: %v", err)
		}
		if err := fx.s.AddGuest(ctx, fx.x(t, fx.otherCoord), "hannover", regional.GuestInput{Email: "koordination-bs@example.org"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's coordinator invites: %v", err)
		}
		fx.srv.Clock.Advance(9 * 24 * time.Hour)
		if fx.x(t, fx.other).Sees("hannover") {
			t.Error("guest still sees the region after the invitation ended")
		}
	})
}

// TestRepresentatives: only staff of the member organisation represent it.
func TestRepresentatives(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		coord := fx.x(t, fx.coord)
		var problems valid.Errors
		err := fx.s.SetRepresentatives(ctx, coord, "hannover", fx.memberID, fx.other.ID, fx.member.ID)
		if !errors.As(err, &problems) || !problems.Has("representative") || problems.Has("deputy") {
			t.Errorf("stranger as representative: %v", err)
		}
		if err := fx.s.SetRepresentatives(ctx, coord, "hannover", fx.memberID, fx.member.ID, fx.member.ID); !errors.As(err, &problems) || !problems.Has("deputy") {
			t.Errorf("same person twice: %v", err)
		}
		if _, err := fx.s.AddMember(ctx, coord, "hannover", fx.memberOrg); !errors.As(err, &problems) {
			t.Errorf("member twice: %v", err)
		}
		ms, err := fx.s.Members(ctx, coord, "hannover")
		if err != nil || len(ms) != 1 || ms[0].RepresentativeID != fx.member.ID {
			t.Fatalf("members: %+v %v", ms, err)
		}
		if _, err := fx.s.Members(ctx, fx.x(t, fx.other), "hannover"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member reads members: %v", err)
		}
		if err := fx.s.RemoveMember(ctx, coord, "hannover", fx.memberID); err != nil {
			t.Fatal(err)
		}
		if fx.x(t, fx.member).Sees("hannover") {
			t.Error("removed member still sees the region")
		}
	})
}
