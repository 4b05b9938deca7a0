package public

import (
	"bytes"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/event"
)

// feedLimit bounds a subscribed calendar: the coming events.
const feedLimit = 500

// eventICS answers one event as an iCalendar file
// (/{l}/events/{id}/calendar.ics).
func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request) {
	ev, err := h.Events.Public(r.Context(), r.PathValue("id"))
	if err != nil {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return
	}
	h.writeICS(w, r, []*event.Event{ev}, "kmn-"+ev.ID[:8]+".ics")
}

// eventFeed is the subscribable calendar of coming events, for one
// audience and region when asked (/{l}/events/feed.ics?audience=&region=).
func (h *Handler) eventFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := event.Filter{From: h.Clock.Now(), Limit: feedLimit, RegionID: q.Get("region")}
	if a := q.Get("audience"); slices.Contains(event.Audiences, a) {
		f.Audience = a
	}
	list, err := h.Events.Calendar(r.Context(), f)
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	h.writeICS(w, r, list, "kmn-veranstaltungen.ics")
}

func (h *Handler) writeICS(w http.ResponseWriter, r *http.Request, list []*event.Event, name string) {
	lang := publicLang(r)
	var buf bytes.Buffer
	err := event.ICal(&buf, list, lang, h.Clock.Now(), func(id string) string {
		return h.PublicURL() + "/" + lang + "/events/" + id
	})
	if err != nil {
		h.publicServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	_, _ = w.Write(buf.Bytes())
}
