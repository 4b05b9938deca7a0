package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// regionsShown is how many coming meetings the overview pages list.
const regionsShown = 5

// spaceCard is one network on the list of one's networks.
type spaceCard struct {
	Href, Name  string
	Coordinates bool
}

// meetingRow is a meeting as lists show it.
type meetingRow struct {
	Href, Title, Region, When, WhenISO, Where string
	Cancelled                                 bool
}

type regionsPage struct {
	site.Base
	Spaces   []spaceCard
	Meetings []meetingRow
	// Statewide: the reader sees every region (the ministry's overview
	// link).
	Statewide bool
}

// listRegions lists the networks the reader takes part in, with the next
// meetings across all of them.
func (h *Handler) listRegions(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	p := regionsPage{Base: h.Base(w, r, "regions.title"), Statewide: x.Statewide()}
	names, err := h.regionNames(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, s := range x.Spaces() {
		name := names[s]
		if s == regional.StateSpace {
			name = p.T("regions.state_name")
		}
		p.Spaces = append(p.Spaces, spaceCard{Href: "/regions/" + s, Name: name, Coordinates: x.Coordinates(s)})
	}
	ms, _, err := h.Regional.Meetings(r.Context(), x, regional.MeetingFilter{Limit: regionsShown})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Meetings = meetingRows(p.Base, ms)
	h.Render(w, r, http.StatusOK, "regions", p)
}

// regionNames names every region by id.
func (h *Handler) regionNames(r *http.Request) (map[string]string, error) {
	regs, err := h.Network.Regions(r.Context())
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(regs))
	for _, g := range regs {
		out[g.ID] = g.Name
	}
	return out, nil
}

// meetingRows translates meetings for a list.
func meetingRows(b site.Base, ms []*regional.Meeting) []meetingRow {
	out := make([]meetingRow, 0, len(ms))
	for _, m := range ms {
		where := m.Place
		if where == "" {
			where = b.T("regions.online")
		}
		out = append(out, meetingRow{Href: "/meetings/" + m.ID, Title: m.Title, Region: m.Region,
			When: b.L.DateTime(m.Start.In(clock.Berlin())), WhenISO: m.Start.Format("2006-01-02T15:04Z"), Where: where,
			Cancelled: m.State == regional.Cancelled})
	}
	return out
}

type regionHomePage struct {
	regionBase
	Meetings []meetingRow
	Members  int
	// Boxes are the overview's further sections (decisions, tasks,
	// announcements, threads), each from its feature.
	Boxes []regionBox
}

// regionBox is a section of a space's overview: a title, lines with
// links, an empty text and a link to the whole list.
type regionBox struct {
	ID, Title, Empty, More, MoreHref string
	Lines                            []regionLine
}

// regionLine is one line of a box.
type regionLine struct {
	Href, Text, Hint string
}

// regionHome is a space's overview.
func (h *Handler) regionHome(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "regions.overview", "overview")
	if !ok {
		return
	}
	b.Title = b.SpaceName
	p := regionHomePage{regionBase: b}
	if !b.State {
		ms, _, err := h.Regional.Meetings(r.Context(), b.X, regional.MeetingFilter{Region: b.Space, Limit: regionsShown})
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		p.Meetings = meetingRows(b.Base, ms)
		members, err := h.Regional.Members(r.Context(), b.X, b.Space)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		p.Members = len(members)
	}
	for _, box := range h.regionBoxes() {
		bx, err := box(r, b)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		if bx != nil {
			p.Boxes = append(p.Boxes, *bx)
		}
	}
	h.Render(w, r, http.StatusOK, "regions_home", p)
}

// regionBoxes are the overview's sections after the meetings, in order.
func (h *Handler) regionBoxes() []func(*http.Request, regionBase) (*regionBox, error) {
	return []func(*http.Request, regionBase) (*regionBox, error){h.taskBox, h.decisionBox, h.announcementBox, h.threadBox, h.documentBox}
}
