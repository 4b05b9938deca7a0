package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// regionObjects are real items of Hannover's network, one per kind a
// route names.
type regionObjects struct {
	meeting, item, decision, task, member, guest, folder, document, thread, announcement string
}

// seedRegionObjects fills Hannover's network through the store: a member,
// a guest, a held meeting with agenda, invitations and minutes with a
// decision and a task, a folder with a document, a thread and an
// announcement.
func seedRegionObjects(t *testing.T, srv *apptest.Server, coord, member, guest apptest.Account) regionObjects {
	t.Helper()
	ctx := context.Background()
	s := srv.App.Regional
	x := func(a apptest.Account) regional.Participant {
		v, err := s.ParticipantOf(ctx, srv.Principal(t, a))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	var o regionObjects
	c := x(coord)
	o.member = must(s.AddMember(ctx, c, "hannover", member.ScopeID))
	if err := s.AddGuest(ctx, c, "hannover", regional.GuestInput{Email: guest.Email}); err != nil {
		t.Fatal(err)
	}
	guests, err := s.Guests(ctx, c, "hannover")
	if err != nil || len(guests) != 1 {
		t.Fatalf("guests: %v %v", guests, err)
	}
	o.guest = guests[0].ID
	start := srv.Clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
	o.meeting = must(s.CreateMeeting(ctx, c, "hannover", regional.MeetingInput{Title: "Netzwerktreffen", Start: start, End: start.Add(2 * time.Hour), Place: "Hannover"}))
	o.item = must(s.AddAgendaItem(ctx, c, o.meeting, regional.AgendaInput{Title: "Wohnen", Minutes: 30}))
	must(strings.Repeat("", 0), func() error { _, err := s.Invite(ctx, c, o.meeting); return err }())
	srv.Clock.Advance(49 * time.Hour)
	if err := s.StartMinutes(ctx, c, o.meeting); err != nil {
		t.Fatal(err)
	}
	o.decision = must(s.AddDecision(ctx, c, o.meeting, regional.DecisionInput{Version: 1, Text: "Arbeitsgruppe Wohnen gründen"}))
	o.task = must(s.AddTask(ctx, c, o.meeting, regional.TaskInput{Version: 1, Title: "Wohnraumbörse prüfen", OrganisationID: member.ScopeID,
		Due: clock.Day(srv.Clock.Now()).AddDate(0, 0, 14)}))
	o.folder = must(s.CreateFolder(ctx, c, "hannover", "Konzepte"))
	o.document = must(s.AddDocument(ctx, c, "hannover", regional.DocumentInput{Title: "Konzept", FolderID: o.folder,
		File: regional.Upload{Filename: "konzept.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}}))
	o.thread = must(s.StartThread(ctx, x(member), "hannover", regional.ThreadInput{Title: "Wohnungssuche", Body: "Wie macht ihr das?"}))
	o.announcement = must(s.Announce(ctx, c, regional.AnnouncementInput{Title: "Neuer Termin", Body: "Bitte vormerken.", Spaces: []string{"hannover"}}))
	return o
}

// TestRegionObjectMatrix: every route of the regional networks that names
// an item, filled with a real item of Hannover's network. Hannover's
// coordinator opens every page; Braunschweig's coordinator and members
// of Braunschweig's network get 404 on every route (the route's
// permission answers 403 first where their role lacks it): another
// region's internal items do not exist for them.
func TestRegionObjectMatrix(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	coord := srv.CreateAccount(t, "koordination-om@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	member := srv.CreateAccount(t, "mitglied-om@example.org", perm.Partner, perm.Organisation, "rv-om-member")
	guest := srv.CreateAccount(t, "gast-om@example.org", perm.Counselor, perm.Office, "rv-om-guest-office")
	otherCoord := srv.CreateAccount(t, "koordination-bs-om@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	otherMember := srv.CreateAccount(t, "mitglied-bs-om@example.org", perm.Partner, perm.Organisation, "rv-om-other")
	o := seedRegionObjects(t, srv, coord, member, guest)
	ctx := context.Background()
	bs, err := srv.App.Regional.ParticipantOf(ctx, srv.Principal(t, otherCoord))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Regional.AddMember(ctx, bs, "braunschweig", otherMember.ScopeID); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"/meetings/": o.meeting, "/documents/": o.document, "/threads/": o.thread, "/announcements/": o.announcement}
	params := map[string]string{"{region}": "hannover", "{member}": o.member, "{guest}": o.guest, "{folder}": o.folder,
		"{task}": o.task, "{version}": "1"}
	fill := func(pattern string) string {
		p := pattern
		for prefix, id := range ids {
			if strings.HasPrefix(p, prefix) {
				p = strings.Replace(p, "{id}", id, 1)
			}
		}
		item := o.item
		if strings.Contains(p, "/decisions/") {
			item = o.decision
		}
		p = strings.Replace(p, "{item}", item, 1)
		for k, v := range params {
			p = strings.Replace(p, k, v, 1)
		}
		return p
	}
	clients := map[string]*apptest.Client{}
	for name, acc := range map[string]apptest.Account{"coordinator": coord, "other coordinator": otherCoord, "other member": otherMember} {
		clients[name] = srv.NewClient(t)
		clients[name].Login(t, acc)
	}
	n := 0
	for _, rt := range srv.App.Routes {
		if (rt.Perm != perm.RegionTakePart && rt.Perm != perm.RegionCoordinate) || !strings.Contains(rt.Pattern, "{") {
			continue
		}
		n++
		path := fill(rt.Pattern)
		if strings.Contains(path, "{") {
			t.Errorf("%s: no object for %s", rt.Pattern, path)
			continue
		}
		t.Run(rt.Method+" "+rt.Pattern, func(t *testing.T) {
			if rt.Method == "GET" {
				// The meeting has begun and its minutes are a draft: too
				// late to cancel, too early to approve.
				want := map[string]int{"/meetings/{id}/cancel": 409, "/meetings/{id}/minutes/approve": 409}[rt.Pattern]
				if want == 0 {
					want = http.StatusOK
				}
				if resp, body := clients["coordinator"].Get(t, path); resp.StatusCode != want {
					t.Errorf("coordinator GET %s: %d %s", path, resp.StatusCode, apptest.Text(body))
				}
			}
			for name, want := range map[string]int{"other coordinator": 404, "other member": 404} {
				if name == "other member" && rt.Perm == perm.RegionCoordinate {
					want = http.StatusForbidden
				}
				var resp *http.Response
				if rt.Method == "POST" {
					resp, _ = clients[name].Post(t, path, url.Values{})
				} else {
					resp, _ = clients[name].Get(t, path)
				}
				if resp.StatusCode != want {
					t.Errorf("%s %s %s: %d, want %d", name, rt.Method, path, resp.StatusCode, want)
				}
			}
		})
	}
	if n < 40 {
		t.Errorf("only %d routes with objects: the route table changed", n)
	}
}
