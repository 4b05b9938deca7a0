package site

import (
	"fmt"
	"net/http"
	"time"
)

// Live updates (Server-Sent Events): a page keeps one request open and
// gets an event "change" whenever what it shows has changed; it then reads
// the change through its JSON endpoint. Events carry no content.
const (
	// eventsHeartbeat keeps proxies from closing a quiet stream.
	eventsHeartbeat = 25 * time.Second
	// eventsLifetime ends a stream after a while; the browser reconnects
	// (EventSource does so by itself), which also re-checks the session.
	eventsLifetime = 10 * time.Minute
)

// ServeEvents streams an event for every signal on changes until the
// client goes, the stream's lifetime ends or the server shuts down.
func ServeEvents(w http.ResponseWriter, r *http.Request, changes <-chan struct{}) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(s string) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(eventsHeartbeat + 10*time.Second))
		if _, err := fmt.Fprint(w, s); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 3000\n: connected\n\n") {
		return
	}
	beat := time.NewTicker(eventsHeartbeat)
	defer beat.Stop()
	end := time.After(eventsLifetime)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-end:
			return
		case <-beat.C:
			if !send(": keep-alive\n\n") {
				return
			}
		case <-changes:
			if !send("event: change\ndata: 1\n\n") {
				return
			}
		}
	}
}
