package regional_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// announceNotices counts the announcement notices to user linking href.
func announceNotices(fx *fixture, user, href string) int {
	n := 0
	for _, x := range fx.noticesFor(user) {
		if x.Kind == regional.NoticeAnnounce && x.Href == href {
			n++
		}
	}
	return n
}

// TestAnnounceReach: an announcement to a region reaches its
// representative, the other staff of the member organisation and its
// guests, not its author, another region or the ministry; one to the
// state reaches everybody taking part anywhere and the ministry.
func TestAnnounceReach(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		colleague := fx.srv.CreateAccount(t, "kollegin-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		guest := fx.srv.CreateAccount(t, "gast-h@example.org", perm.Partner, perm.Organisation, "rv-org-guest")
		if err := fx.s.AddGuest(ctx, fx.x(t, fx.coord), "hannover", regional.GuestInput{Email: guest.Email}); err != nil {
			t.Fatal(err)
		}
		id, err := fx.s.Announce(ctx, fx.x(t, fx.coord), regional.AnnouncementInput{Title: " Treffen verschoben ", Body: "Neuer Termin folgt.",
			Spaces: []string{"hannover", "hannover"}})
		if err != nil {
			t.Fatal(err)
		}
		href := "/announcements/" + id
		for _, c := range []struct {
			name string
			user string
			want int
		}{
			{"representative", fx.member.ID, 1}, {"colleague", colleague.ID, 1}, {"guest", guest.ID, 1},
			{"author", fx.coord.ID, 0}, {"other region's member", fx.other.ID, 0}, {"other coordinator", fx.otherCoord.ID, 0},
			{"ministry", fx.ministry.ID, 0},
		} {
			if got := announceNotices(fx, c.user, href); got != c.want {
				t.Errorf("%s: %d notices, want %d", c.name, got, c.want)
			}
		}
		a, err := fx.s.Announcement(ctx, fx.x(t, fx.coord), id)
		if err != nil || a.Title != "Treffen verschoben" || !a.Counted || a.Reads != 0 || a.Reached != 3 || len(a.Spaces) != 1 {
			t.Fatalf("author's view: %+v %v", a, err)
		}

		state, err := fx.s.Announce(ctx, fx.x(t, fx.ministry), regional.AnnouncementInput{Title: "Landesweit", Body: "An alle.",
			Spaces: []string{"hannover", regional.StateSpace}})
		if err != nil {
			t.Fatal(err)
		}
		href = "/announcements/" + state
		for _, u := range []string{fx.member.ID, colleague.ID, guest.ID, fx.coord.ID, fx.other.ID, fx.otherCoord.ID} {
			if announceNotices(fx, u, href) != 1 {
				t.Errorf("statewide announcement: %s got %d notices", u, announceNotices(fx, u, href))
			}
		}
		if announceNotices(fx, fx.ministry.ID, href) != 0 {
			t.Error("the ministry notified itself")
		}
		a, err = fx.s.Announcement(ctx, fx.x(t, fx.other), state)
		if err != nil || len(a.Spaces) != 1 || a.Spaces[0] != regional.StateSpace || a.Counted {
			t.Fatalf("statewide announcement for another region's member: %+v %v", a, err)
		}
	})
}

// TestAnnounceRights: only coordinators announce, only to their spaces;
// bad input names the fields.
func TestAnnounceRights(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		var problems valid.Errors
		_, err := fx.s.Announce(ctx, fx.x(t, fx.coord), regional.AnnouncementInput{Title: string(make([]rune, 201)), Body: " "})
		if !errors.As(err, &problems) || !problems.Has("title") || !problems.Has("body") || !problems.Has("spaces") {
			t.Errorf("empty announcement: %v", err)
		}
		for _, spaces := range [][]string{{"braunschweig"}, {regional.StateSpace}, {"hannover", "no-such-region"}} {
			_, err := fx.s.Announce(ctx, fx.x(t, fx.coord), regional.AnnouncementInput{Title: "T", Body: "B", Spaces: spaces})
			if !errors.As(err, &problems) || !problems.Has("spaces") {
				t.Errorf("coordinator announces to %v: %v", spaces, err)
			}
		}
		if _, err := fx.s.Announce(ctx, fx.x(t, fx.member), regional.AnnouncementInput{Title: "T", Body: "B", Spaces: []string{"hannover"}}); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member announces: %v", err)
		}
		if _, err := fx.s.Announce(ctx, fx.x(t, fx.ministry), regional.AnnouncementInput{Title: "T", Body: "B",
			Spaces: []string{"hannover", "braunschweig"}}); err != nil {
			t.Errorf("ministry to two regions: %v", err)
		}
	})
}

// TestAnnounceReads: readers see announcements to their spaces, newest
// first, unread until opened; the author counts readers, members of
// another region get 404.
func TestAnnounceReads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		var ids []string
		for _, title := range []string{"Erste", "Zweite", "Dritte"} {
			id, err := fx.s.Announce(ctx, fx.x(t, fx.coord), regional.AnnouncementInput{Title: title, Body: "Text", Spaces: []string{"hannover"}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			fx.srv.Clock.Advance(60e9)
		}
		member := fx.x(t, fx.member)
		list, total, err := fx.s.Announcements(ctx, member, regional.AnnouncementFilter{Limit: 2})
		if err != nil || total != 3 || len(list) != 2 || list[0].Title != "Dritte" || list[0].Read || list[0].Author == "" {
			t.Fatalf("member's first page: %d of %d, %+v %v", len(list), total, list, err)
		}
		if list, _, _ := fx.s.Announcements(ctx, member, regional.AnnouncementFilter{Limit: 2, Offset: 2}); len(list) != 1 || list[0].Title != "Erste" {
			t.Errorf("second page: %+v", list)
		}
		a, err := fx.s.Announcement(ctx, member, ids[0])
		if err != nil || a.Counted || a.Reads != 0 {
			t.Fatalf("member opens: %+v %v", a, err)
		}
		if _, err := fx.s.Announcement(ctx, member, ids[0]); err != nil {
			t.Fatal(err)
		}
		list, _, _ = fx.s.Announcements(ctx, member, regional.AnnouncementFilter{Space: "hannover"})
		if len(list) != 3 || !list[2].Read || list[1].Read {
			t.Errorf("read marks after opening the first: %+v", list)
		}
		if a, err := fx.s.Announcement(ctx, fx.x(t, fx.coord), ids[0]); err != nil || !a.Counted || a.Reads != 1 || a.Reached != 1 {
			t.Errorf("author counts: %+v %v", a, err)
		}
		if a, err := fx.s.Announcement(ctx, fx.x(t, fx.ministry), ids[0]); err != nil || !a.Counted || a.Reads != 1 {
			t.Errorf("the ministry coordinates the region and counts: %+v %v", a, err)
		}
		other := fx.x(t, fx.other)
		if _, err := fx.s.Announcement(ctx, other, ids[0]); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member opens: %v", err)
		}
		if list, total, err := fx.s.Announcements(ctx, other, regional.AnnouncementFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("other region's member lists %d (%v)", total, err)
		}
		if _, _, err := fx.s.Announcements(ctx, other, regional.AnnouncementFilter{Space: "hannover"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member lists hannover's: %v", err)
		}
		if _, err := fx.s.Announcement(ctx, member, "no-such-announcement"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
	})
}
