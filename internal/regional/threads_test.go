package regional_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// threadNotices lists the kinds of notices to user linking post seq of
// thread id.
func threadNotices(fx *fixture, user, id string, seq int) []string {
	var out []string
	for _, n := range fx.noticesFor(user) {
		if n.Href == fmt.Sprintf("/threads/%s#post-%d", id, seq) {
			out = append(out, n.Kind)
		}
	}
	return out
}

// TestThreadNotices: the author and whoever replies follow a thread; a
// reply tells the followers but its writer; a mention tells the person
// named when they see the space, once even when they follow.
func TestThreadNotices(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member, coord := fx.x(t, fx.member), fx.x(t, fx.coord)
		colleague := fx.srv.CreateAccount(t, "beratung-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
		id, err := fx.s.StartThread(ctx, member, "hannover", regional.ThreadInput{Title: "Wohnsitzauflage",
			Body: "Wie macht ihr das, @Koordination-H? Und @vertretung-bs, @niemand und mail@beratung-h."})
		if err != nil {
			t.Fatal(err)
		}
		want := func(who string, user string, seq int, kinds ...string) {
			t.Helper()
			if got := threadNotices(fx, user, id, seq); !slices.Equal(got, kinds) {
				t.Errorf("post %d, %s: notices %v, want %v", seq, who, got, kinds)
			}
		}
		want("mentioned coordinator", fx.coord.ID, 1, regional.NoticeMention)
		want("mentioned member of another region", fx.other.ID, 1)
		want("an e-mail address is no mention", colleague.ID, 1)
		want("author", fx.member.ID, 1)

		seq, err := fx.s.Reply(ctx, coord, id, "Bei uns so.")
		if err != nil || seq != 2 {
			t.Fatalf("reply: %d %v", seq, err)
		}
		want("follower", fx.member.ID, 2, regional.NoticeReply)
		want("writer", fx.coord.ID, 2)

		// The coordinator follows now: mentioned again, told once.
		if _, err := fx.s.Reply(ctx, member, id, "Danke @koordination-h. Und @ministerium-rv."); err != nil {
			t.Fatal(err)
		}
		want("follower mentioned", fx.coord.ID, 3, regional.NoticeReply)
		want("ministry mentioned", fx.ministry.ID, 3, regional.NoticeMention)

		if err := fx.s.Subscribe(ctx, member, id, false); err != nil {
			t.Fatal(err)
		}
		colleagueX := fx.x(t, colleague)
		if _, err := fx.s.Reply(ctx, colleagueX, id, "Ich auch."); err != nil {
			t.Fatal(err)
		}
		want("unsubscribed author", fx.member.ID, 4)
		want("follower", fx.coord.ID, 4, regional.NoticeReply)
		if err := fx.s.Subscribe(ctx, member, id, true); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.Reply(ctx, colleagueX, id, "Nachtrag."); err != nil {
			t.Fatal(err)
		}
		want("subscribed again", fx.member.ID, 5, regional.NoticeReply)

		th, posts, err := fx.s.Thread(ctx, member, id)
		if err != nil || th.Posts != 5 || len(posts) != 5 || !th.Subscribed || posts[0].Author == "" {
			t.Fatalf("thread: %+v %d %v", th, len(posts), err)
		}
		if !slices.Equal(posts[0].Mentions, []string{"koordination-h", "vertretung-bs"}) {
			t.Errorf("mentions of the first post: %v", posts[0].Mentions)
		}
		var marked []string
		for _, s := range posts[2].Segments() {
			if s.Mention {
				marked = append(marked, s.Text)
			}
		}
		if !slices.Equal(marked, []string{"@koordination-h", "@ministerium-rv"}) {
			t.Errorf("highlighted: %q", marked)
		}
	})
}

// TestThreadAccess: members of another region reach nothing of a
// region's threads; the state's threads are everybody's; bad input names
// the fields.
func TestThreadAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member, other := fx.x(t, fx.member), fx.x(t, fx.other)
		id, err := fx.s.StartThread(ctx, member, "hannover", regional.ThreadInput{Title: "Intern", Body: "Nur für Hannover"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := fx.s.Thread(ctx, other, id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member opens: %v", err)
		}
		if _, err := fx.s.Reply(ctx, other, id, "Hallo"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member replies: %v", err)
		}
		if _, err := fx.s.Reply(ctx, other, id, ""); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's empty reply: %v", err)
		}
		if err := fx.s.Subscribe(ctx, other, id, true); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member follows: %v", err)
		}
		if _, _, err := fx.s.Threads(ctx, other, "hannover", regional.ThreadFilter{}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member lists: %v", err)
		}
		if _, err := fx.s.StartThread(ctx, other, "hannover", regional.ThreadInput{Title: "X", Body: "Y"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member starts one: %v", err)
		}
		state, err := fx.s.StartThread(ctx, other, regional.StateSpace, regional.ThreadInput{Title: "Landesweit", Body: "Frage an alle"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.Reply(ctx, member, state, "Antwort aus Hannover"); err != nil {
			t.Errorf("member of hannover replies statewide: %v", err)
		}
		var problems valid.Errors
		if _, err := fx.s.StartThread(ctx, member, "hannover", regional.ThreadInput{Title: " ", Body: string(make([]rune, 10001))}); !errors.As(err, &problems) ||
			!problems.Has("title") || !problems.Has("body") {
			t.Errorf("empty title, long body: %v", err)
		}
		if _, err := fx.s.Reply(ctx, member, id, "  "); !errors.As(err, &problems) || !problems.Has("body") {
			t.Errorf("empty reply: %v", err)
		}
	})
}

// TestThreadList: latest post first, paged, filtered by title.
func TestThreadList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member := fx.x(t, fx.member)
		var ids []string
		for _, title := range []string{"Wohnsitzauflage", "Sprachkurse", "Wohnungssuche"} {
			id, err := fx.s.StartThread(ctx, member, "hannover", regional.ThreadInput{Title: title, Body: "Frage"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			fx.srv.Clock.Advance(60e9)
		}
		if _, err := fx.s.Reply(ctx, fx.x(t, fx.coord), ids[0], "Antwort"); err != nil {
			t.Fatal(err)
		}
		list, total, err := fx.s.Threads(ctx, member, "hannover", regional.ThreadFilter{Limit: 2})
		if err != nil || total != 3 || len(list) != 2 || list[0].ID != ids[0] || list[1].ID != ids[2] || list[0].Posts != 2 || list[0].Author == "" {
			t.Fatalf("first page: %d %+v %v", total, list, err)
		}
		list, total, err = fx.s.Threads(ctx, member, "hannover", regional.ThreadFilter{Query: " WOHN%_ "})
		if err != nil || total != 2 || len(list) != 2 {
			t.Errorf("search: %d %+v %v", total, list, err)
		}
		if list, _, _ := fx.s.Threads(ctx, fx.x(t, fx.coord), "hannover", regional.ThreadFilter{Query: "sprach"}); len(list) != 1 || list[0].Subscribed {
			t.Errorf("search sprach as the coordinator: %+v", list)
		}
	})
}
