package staff

import (
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// meetingsPerPage is the page size of a region's list of meetings.
const meetingsPerPage = 20

// meetingsPage is a region's meetings: coming (soonest first) or past
// (latest first).
type meetingsPage struct {
	regionBase
	Past bool
	// When are the two lists' links ("coming", "past").
	When []site.NavItem
	List site.List
}

// listMeetings shows a region's coming meetings, or its past ones with
// ?when=past, a page at a time.
func (h *Handler) listMeetings(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "meetings.list_title", "meetings")
	if !ok {
		return
	}
	if b.State {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	p := meetingsPage{regionBase: b, Past: q.Get("when") == "past"}
	page := site.PageParam(q.Get("page"), 10000)
	ms, total, err := h.Regional.Meetings(r.Context(), b.X, regional.MeetingFilter{Region: b.Space, Past: p.Past,
		Limit: meetingsPerPage, Offset: (page - 1) * meetingsPerPage})
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	path := "/regions/" + b.Space + "/meetings"
	for _, when := range []string{"coming", "past"} {
		p.When = append(p.When, site.NavItem{Href: path + "?when=" + when, Label: p.T("meetings.when_" + when), Current: (when == "past") == p.Past})
	}
	when := "coming"
	if p.Past {
		when = "past"
	}
	p.List = meetingList(p.Base, ms, when)
	p.List.Count = p.L.N("meetings.count_"+when, total)
	p.List.Pager = site.NewPager(page, meetingsPerPage, total, path, url.Values{"when": {when}})
	h.Render(w, r, http.StatusOK, "regions_meetings", p)
}

// meetingList shows meetings as a table: title (cancelled ones marked),
// date and time, place.
func meetingList(b site.Base, ms []*regional.Meeting, when string) site.List {
	l := site.List{Caption: b.T("meetings.when_" + when), RowHeader: true, Empty: b.T("meetings.empty_" + when),
		Columns: []site.Column{{Label: b.T("meetings.col_title")}, {Label: b.T("meetings.col_when")}, {Label: b.T("meetings.col_where")}}}
	for _, m := range ms {
		title := site.Cell{Text: m.Title, Href: "/meetings/" + m.ID}
		if m.State == regional.Cancelled {
			title.Badges = []string{b.T("meetings.state_cancelled")}
		}
		if m.SeriesID != "" {
			title.Hint = b.T("meetings.in_series")
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{title,
			{Text: meetingWhen(b, m)}, {Text: meetingWhere(b, m)}}})
	}
	return l
}

// meetingWhen is a meeting's date with its start and end ("7 März 2026,
// 10:00–12:00").
func meetingWhen(b site.Base, m *regional.Meeting) string {
	return b.L.DateTime(m.Start.In(clock.Berlin())) + "–" + b.L.Clock(m.End)
}

// meetingWhere is a meeting's place, "online", or both.
func meetingWhere(b site.Base, m *regional.Meeting) string {
	switch {
	case m.Place == "":
		return b.T("meetings.online")
	case m.OnlineURL == "":
		return m.Place
	}
	return b.T("meetings.place_and_online_short", "Place", m.Place)
}
