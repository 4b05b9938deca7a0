package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/event"
)

// TestEventICal: an event's calendar file and the feed of an audience
// parse with an iCalendar library (RFC 5545), carry the title in the
// page's language, the dates and the page link, never the online link; a
// cancelled event is marked so; another audience's feed leaves it out.
func TestEventICal(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	p := srv.Principal(t, srv.CreateAccount(t, "region-ics@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour).UTC()
	id, err := srv.App.Events.Create(ctx, p, event.Input{Audience: "school", Format: "hybrid", Address: "Hannover, Rathaus",
		OnlineLink: "https://meet.example.org/geheim", Lang: "de", Capacity: 5, RegistrationCloses: start.Add(-24 * time.Hour),
		Texts: map[string]event.Text{"de": {Title: "Schule und Migration"}, "en": {Title: "School and migration"}},
		Dates: []event.Date{{Start: start, End: start.Add(2 * time.Hour)}, {Start: start.Add(7 * 24 * time.Hour), End: start.Add(7*24*time.Hour + 2*time.Hour)}}}, "hannover")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Events.Publish(ctx, p, id); err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	parse := func(path string) []ical.Event {
		t.Helper()
		resp, body := c.Get(t, path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if strings.Contains(body, "geheim") {
			t.Errorf("%s reveals the online link", path)
		}
		cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
		if err != nil {
			t.Fatalf("%s does not parse: %v", path, err)
		}
		return cal.Events()
	}
	evs := parse("/en/events/" + id + "/calendar.ics")
	if len(evs) != 2 {
		t.Fatalf("%d VEVENTs, want one per date (2)", len(evs))
	}
	got, err := evs[0].DateTimeStart(time.UTC)
	summary, _ := evs[0].Props.Text(ical.PropSummary)
	if err != nil || !got.Equal(start) || summary != "School and migration" || !strings.Contains(evs[0].Props.Get(ical.PropURL).Value, "/en/events/"+id) {
		t.Errorf("first VEVENT: start %v (want %v), summary %q, %v", got, start, summary, err)
	}
	srv.Office(t, "mbe-ics-region") // the calendar offers the regions of the registry's offices
	if err := srv.App.Finder.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	other, err := srv.App.Events.Create(ctx, p, event.Input{Audience: "school", Format: "in_person", Address: "Braunschweig", Lang: "de",
		Capacity: 5, RegistrationCloses: start.Add(-24 * time.Hour), Texts: map[string]event.Text{"de": {Title: "Tag in Braunschweig"}},
		Dates: []event.Date{{Start: start, End: start.Add(time.Hour)}}}, "braunschweig")
	if err != nil || srv.App.Events.Publish(ctx, p, other) != nil {
		t.Fatal(err)
	}
	_, here := c.Get(t, "/de/events?region=hannover")
	if !strings.Contains(here, "Schule und Migration") || strings.Contains(here, "Tag in Braunschweig") {
		t.Error("the region filter does not keep Hannover's events only")
	}
	if n := len(parse("/de/events/feed.ics?audience=school")); n != 3 {
		t.Errorf("the school feed has %d VEVENTs, want 3 (two dates here, one in Braunschweig)", n)
	}
	if n := len(parse("/de/events/feed.ics?audience=school&region=hannover")); n != 2 {
		t.Errorf("Hannover's school feed has %d VEVENTs, want 2", n)
	}
	if n := len(parse("/de/events/feed.ics?audience=migrants")); n != 0 {
		t.Errorf("the migrants' feed has %d VEVENTs, want 0", n)
	}
	if err := srv.App.Events.CancelEvent(ctx, p, id); err != nil {
		t.Fatal(err)
	}
	if status := parse("/de/events/" + id + "/calendar.ics")[0].Props.Get(ical.PropStatus).Value; status != "CANCELLED" {
		t.Errorf("a cancelled event's STATUS is %q", status)
	}
}
