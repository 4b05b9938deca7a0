package staff

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// announcementsPerPage is the length of a page of announcements.
const announcementsPerPage = 20

// announcementView is an announcement as its pages show it.
type announcementView struct {
	Href, Title, Body, Author, When, WhenISO string
	// Spaces link the networks it went to.
	Spaces []site.Link
	Unread bool
	// Counted: the reader sees the read count "Reads of Reached".
	Counted        bool
	Reads, Reached int
}

type announcementsPage struct {
	site.Base
	Rows  []announcementView
	Count string
	Pager site.Pager
	// CanAnnounce: the reader coordinates a space (the link to write one).
	CanAnnounce bool
}

// listAnnouncements lists the announcements to the networks the reader
// takes part in, newest first, the unread ones marked.
func (h *Handler) listAnnouncements(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	page := site.PageParam(r.URL.Query().Get("page"), 100000)
	list, total, err := h.Regional.Announcements(r.Context(), x,
		regional.AnnouncementFilter{Limit: announcementsPerPage, Offset: (page - 1) * announcementsPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := announcementsPage{Base: h.Base(w, r, "exchange.announcements_title"), CanAnnounce: len(x.Coordinated()) > 0}
	names, err := h.regionNames(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, a := range list {
		p.Rows = append(p.Rows, announcementOf(p.Base, names, a))
	}
	p.Count = p.L.N("exchange.announcement_count", total)
	p.Pager = site.NewPager(page, announcementsPerPage, total, "/announcements", nil)
	h.Render(w, r, http.StatusOK, "regions_announcements", p)
}

// announcementOf translates an announcement for its pages.
func announcementOf(b site.Base, names map[string]string, a *regional.Announcement) announcementView {
	return announcementView{Href: "/announcements/" + a.ID, Title: a.Title, Body: a.Body, Author: a.Author,
		When: b.L.DateTime(a.Created.In(clock.Berlin())), WhenISO: a.Created.Format("2006-01-02T15:04Z"),
		Spaces: spaceLinks(b, names, a.Spaces), Unread: !a.Read, Counted: a.Counted, Reads: a.Reads, Reached: a.Reached}
}

// spaceLinks links the networks of spaces by name.
func spaceLinks(b site.Base, names map[string]string, spaces []string) []site.Link {
	out := make([]site.Link, 0, len(spaces))
	for _, s := range spaces {
		out = append(out, site.Link{Href: "/regions/" + s, Label: spaceName(b, names, s)})
	}
	return out
}

// spaceName names a region, or the state's space.
func spaceName(b site.Base, names map[string]string, space string) string {
	if space == regional.StateSpace {
		return b.T("regions.state_name")
	}
	return names[space]
}

type announcementPage struct {
	site.Base
	A announcementView
}

// showAnnouncement shows one announcement (and so marks it read).
func (h *Handler) showAnnouncement(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	a, err := h.Regional.Announcement(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	names, err := h.regionNames(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := announcementPage{Base: h.Base(w, r, "exchange.announcement_title")}
	p.A = announcementOf(p.Base, names, a)
	p.Title = a.Title
	h.Render(w, r, http.StatusOK, "regions_announcement", p)
}

// announcementForm is the form of a new announcement as typed.
type announcementForm struct {
	Title, Body string
	Spaces      []site.Choice
}

type newAnnouncementPage struct {
	site.Base
	Form announcementForm
}

func (h *Handler) newAnnouncement(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	var chosen []string
	if c := x.Coordinated(); len(c) == 1 {
		chosen = c
	}
	h.renderAnnouncementForm(w, r, x, http.StatusOK, announcementForm{}, chosen, nil)
}

// renderAnnouncementForm offers the spaces x coordinates (the state's
// first for the ministry), chosen ones ticked.
func (h *Handler) renderAnnouncementForm(w http.ResponseWriter, r *http.Request, x regional.Participant, status int,
	f announcementForm, chosen []string, problems valid.Errors) {
	if len(x.Coordinated()) == 0 {
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	p := newAnnouncementPage{Base: h.Base(w, r, "exchange.announcement_new"), Form: f}
	p.Errors = problems
	names, err := h.regionNames(r)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	spaces := x.Coordinated()
	slices.SortFunc(spaces, func(a, b string) int { return strings.Compare(strings.ToLower(names[a]), strings.ToLower(names[b])) })
	if x.Coordinates(regional.StateSpace) {
		spaces = append([]string{regional.StateSpace}, spaces...)
	}
	for _, s := range spaces {
		p.Form.Spaces = append(p.Form.Spaces, site.Choice{Value: s, Label: spaceName(p.Base, names, s), Selected: slices.Contains(chosen, s)})
	}
	h.Render(w, r, status, "regions_announcement_new", p)
}

func (h *Handler) createAnnouncement(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	in := regional.AnnouncementInput{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Spaces: r.PostForm["spaces"]}
	id, err := h.Regional.Announce(r.Context(), x, in)
	if err == nil {
		h.SetFlash(w, "flash.exchange_announced")
		h.Redirect(w, r, "/announcements/"+id)
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderAnnouncementForm(w, r, x, http.StatusUnprocessableEntity, announcementForm{Title: in.Title, Body: in.Body}, in.Spaces, problems)
	}
}

// announcementBox is the overview's section of the latest announcements
// to the space.
func (h *Handler) announcementBox(r *http.Request, b regionBase) (*regionBox, error) {
	list, _, err := h.Regional.Announcements(r.Context(), b.X, regional.AnnouncementFilter{Space: b.Space, Limit: regionsShown})
	if err != nil {
		return nil, err
	}
	box := &regionBox{ID: "announcements", Title: b.T("exchange.announcements_title"), Empty: b.T("exchange.announcements_empty"),
		MoreHref: "/announcements"}
	for _, a := range list {
		hint := b.L.DateTime(a.Created.In(clock.Berlin()))
		if !a.Read {
			hint += " · " + b.T("exchange.unread")
		}
		box.Lines = append(box.Lines, regionLine{Href: "/announcements/" + a.ID, Text: a.Title, Hint: hint})
	}
	return box, nil
}
