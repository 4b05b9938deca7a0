package online_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/online"
)

// TestLiveUpdatesAcrossServers: two servers on one PostgreSQL database; a
// client's page is connected to the second (Server-Sent Events); a message
// written through the first reaches it through LISTEN/NOTIFY. On SQLite
// (one server) the same stream gets the event directly.
func TestLiveUpdatesAcrossServers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		reader := fx.srv
		if fx.srv.App.DB.SQLitePath() == "" {
			reader = apptest.Start(t, apptest.Options{SharePostgres: fx.srv})
		}
		ctx := context.Background()
		c := fx.signUp(t, "Live")
		_, token, err := fx.s.Login(ctx, c.Nickname, loginAuth(t, fx, c))
		if err != nil {
			t.Fatal(err)
		}
		id, ck := fx.start(t, c, enquiry, "eins")
		events := openEvents(t, reader, id, token)
		if err := fx.s.Take(ctx, online.StaffParty(fx.a1), id); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.Post(ctx, online.StaffParty(fx.a1), id, encrypt(t, ck, id, 2, fx.a1.UserID(), "zwei")); err != nil {
			t.Fatal(err)
		}
		select {
		case <-events:
		case <-time.After(10 * time.Second):
			t.Fatal("no change event on the other server within 10 s")
		}
	})
}

func loginAuth(t *testing.T, fx *fixture, c client) string {
	t.Helper()
	return authFor(t, fx, c.Nickname, c.Password)
}

// openEvents connects to the conversation's event stream as the client and
// returns a channel that gets a value for every "change" event.
func openEvents(t *testing.T, srv *apptest.Server, id, token string) <-chan struct{} {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/online-client/api/c/"+id+"/events", nil)
	req.AddCookie(&http.Cookie{Name: "kmn_online", Value: token})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan struct{}, 8)
	connected := make(chan struct{})
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			switch sc.Text() {
			case ": connected":
				close(connected)
			case "event: change":
				out <- struct{}{}
			}
		}
	}()
	select {
	case <-connected:
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream did not start")
	}
	// The other server's LISTEN connection may still be starting.
	deadline := time.Now().Add(5 * time.Second)
	for srv.App.Live.Subscribers() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return out
}
