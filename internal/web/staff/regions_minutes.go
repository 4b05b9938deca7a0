package staff

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The minutes of a meeting: one page shows the latest version the reader
// may read, as an editor for the coordinators while it is not approved
// (one form with the summary and a text per agenda item, forms for a
// decision and a task, the lists with delete buttons) and as text
// otherwise, with the version history. /minutes/{version} shows an older
// version (and ?print=1 any version without the site's frame).

// minutesPage is the minutes of a meeting.
type minutesPage struct {
	regionBase
	Meeting meetingHead
	// View is the version shown (nil: none the reader may read yet).
	View     *minutesView
	Versions []minutesVersionRow
	// Edit: the reader edits View (a coordinator, the latest version,
	// not approved); Older: a newer version is there to read.
	Edit, Older bool
	// Start: the coordinator may start the minutes; Waiting says why
	// there are none yet otherwise.
	Start   bool
	Waiting string
	Form    minutesForms
	Choices minutesChoices
}

// meetingHead names the meeting the minutes belong to.
type meetingHead struct {
	ID, Title, Href, When, WhenISO string
}

// minutesView is one version as the read view, the editor's lists, the
// confirmation and the print show it.
type minutesView struct {
	Version, Corrects int
	State, StateLabel string
	Summary           string
	Items             []regional.MinuteItem
	Decisions         []decisionRow
	Tasks             []regionTaskRow
	// Approved and Circulated say who approved when and when it went
	// round ("" while not).
	Approved, Circulated string
	// Stamp is the version's last change, sent back by forms.
	Stamp     string
	PrintHref string
	// CanCorrect: the reader may start a correction (a coordinator, the
	// latest version, approved).
	CanCorrect bool
}

// minutesVersionRow is a line of the version history.
type minutesVersionRow struct {
	Version           int
	Href, State, Note string
	Current           bool
}

// decisionRow is a decision as lists show it.
type decisionRow struct {
	ID, Text, Item, Topic, Day, DayISO string
	Meeting, MeetingHref               string
	Removable                          bool
}

// minutesForms are the editor's forms as sent (to show them again with
// their problems).
type minutesForms struct {
	Summary  string
	Texts    map[string]string
	Decision decisionForm
	Task     taskForm
}

type decisionForm struct{ Text, Item, Topic, DecidedOn string }

type taskForm struct{ Title, Item, Organisation, Person, Due string }

// minutesChoices are the editor's options.
type minutesChoices struct {
	DecisionItems, TaskItems, Topics, Organisations, People []site.Choice
}

func (h *Handler) showMinutes(w http.ResponseWriter, r *http.Request) {
	h.renderMinutes(w, r, http.StatusOK, 0, nil, nil)
}

// showMinutesVersion shows one version, read only (printable with
// ?print=1).
func (h *Handler) showMinutesVersion(w http.ResponseWriter, r *http.Request) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		h.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("print") != "" {
		h.printMinutes(w, r, v)
		return
	}
	h.renderMinutes(w, r, http.StatusOK, v, nil, nil)
}

// minutesBase starts a page of a meeting's minutes: the meeting the
// reader sees (404 otherwise) in its region's frame, tab "meetings".
func (h *Handler) minutesBase(w http.ResponseWriter, r *http.Request, titleKey string) (regionBase, *regional.Meeting, bool) {
	x, ok := h.participant(w, r)
	if !ok {
		return regionBase{}, nil, false
	}
	m, err := h.Regional.Meeting(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.regionOutcome(w, r, err)
		return regionBase{}, nil, false
	}
	b, ok := h.spacePage(w, r, x, m.RegionID, titleKey, "meetings")
	return b, m, ok
}

// renderMinutes shows version (0: the latest the reader may read), with
// the forms as sent and their problems (nil: fresh).
func (h *Handler) renderMinutes(w http.ResponseWriter, r *http.Request, status, version int, f *minutesForms, problems valid.Errors) {
	b, m, ok := h.minutesBase(w, r, "minutes.title")
	if !ok {
		return
	}
	b.Errors = problems
	p := minutesPage{regionBase: b, Meeting: meetingHeadOf(b.Base, m)}
	versions, err := h.Regional.MinutesVersions(r.Context(), b.X, m.ID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if len(versions) == 0 && version == 0 {
		p.Start, p.Waiting = h.minutesWaiting(b, m)
		h.Render(w, r, status, "regions_minutes", p)
		return
	}
	mins, err := h.Regional.Minutes(r.Context(), b.X, m.ID, version)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p.View = h.minutesViewOf(b, m, mins)
	// Older: not the newest version the reader may read (a member reads
	// the approved version while its correction is a draft).
	p.Older = mins.Version != versions[0].Version
	p.Edit = version == 0 && b.Coordinates && mins.Editable()
	for _, v := range versions {
		p.Versions = append(p.Versions, minutesVersionRowOf(b.Base, m.ID, v, v.Version == mins.Version))
	}
	if p.Edit {
		if f == nil {
			f = &minutesForms{}
		}
		if f.Texts == nil {
			// The editor's text as saved (a decision's or task's form was sent).
			f.Summary, f.Texts = mins.Summary, map[string]string{}
			for _, it := range mins.Items {
				f.Texts[it.AgendaItemID] = it.Text
			}
		}
		if p.Choices, err = h.minutesChoicesFor(r, b, mins, f); err != nil {
			h.ServerError(w, r, err)
			return
		}
		p.Form = *f
	}
	h.Render(w, r, status, "regions_minutes", p)
}

// minutesWaiting says whether the coordinator may start the minutes now,
// or why there are none yet.
func (h *Handler) minutesWaiting(b regionBase, m *regional.Meeting) (bool, string) {
	switch {
	case m.State == regional.Cancelled:
		return false, b.T("minutes.none_cancelled")
	case !m.Held(h.Clock.Now()):
		return false, b.T("minutes.none_before")
	case b.Coordinates:
		return true, b.T("minutes.none_start")
	}
	return false, b.T("minutes.none_yet")
}

func meetingHeadOf(b site.Base, m *regional.Meeting) meetingHead {
	return meetingHead{ID: m.ID, Title: m.Title, Href: "/meetings/" + m.ID,
		When: b.L.DateTime(m.Start.In(clock.Berlin())), WhenISO: m.Start.Format("2006-01-02T15:04Z")}
}

// minutesViewOf translates a version for the page.
func (h *Handler) minutesViewOf(b regionBase, m *regional.Meeting, v *regional.Minutes) *minutesView {
	view := &minutesView{Version: v.Version, Corrects: v.CorrectsVersion, State: v.State,
		StateLabel: b.T("minutes.state_" + v.State), Summary: v.Summary, Items: v.Items,
		Stamp:      strconv.FormatInt(v.UpdatedAt.UnixMicro(), 10),
		PrintHref:  "/meetings/" + m.ID + "/minutes/" + strconv.Itoa(v.Version) + "?print=1",
		CanCorrect: b.Coordinates && v.Latest && v.State == regional.MinutesApproved}
	if !v.ApprovedAt.IsZero() {
		view.Approved = b.T("minutes.approved_by", "Name", v.ApprovedName, "Date", b.L.DateTime(v.ApprovedAt.In(clock.Berlin())))
	}
	if !v.CirculatedAt.IsZero() {
		view.Circulated = b.T("minutes.circulated_on", "Date", b.L.DateTime(v.CirculatedAt.In(clock.Berlin())))
	}
	editable := b.Coordinates && v.Editable()
	for _, d := range v.Decisions {
		row := decisionRowOf(b.Base, d)
		row.Removable = editable
		view.Decisions = append(view.Decisions, row)
	}
	today := h.Clock.Today()
	for _, t := range v.Tasks {
		row := regionTaskRowOf(b.Base, t, today)
		row.Removable = editable && !t.Locked
		view.Tasks = append(view.Tasks, row)
	}
	return view
}

// decisionRowOf translates a decision for a list.
func decisionRowOf(b site.Base, d regional.Decision) decisionRow {
	row := decisionRow{ID: d.ID, Text: d.Text, Item: d.AgendaItem, Day: b.L.Date(d.DecidedOn), DayISO: d.DecidedOn.Format(time.DateOnly),
		Meeting: d.Meeting, MeetingHref: "/meetings/" + d.MeetingID + "/minutes"}
	if d.Topic != "" {
		row.Topic = b.T("topic." + d.Topic)
	}
	return row
}

// minutesVersionRowOf is a line of the version history.
func minutesVersionRowOf(b site.Base, meetingID string, v *regional.Minutes, current bool) minutesVersionRow {
	row := minutesVersionRow{Version: v.Version, Href: "/meetings/" + meetingID + "/minutes/" + strconv.Itoa(v.Version),
		State: b.T("minutes.state_" + v.State), Current: current}
	switch {
	case !v.ApprovedAt.IsZero():
		row.Note = b.T("minutes.approved_on", "Date", b.L.Date(v.ApprovedAt.In(clock.Berlin())))
	case v.CorrectsVersion > 0:
		row.Note = b.T("minutes.corrects", "Version", v.CorrectsVersion)
	}
	return row
}

// minutesChoicesFor offers the editor's options with what f chose.
func (h *Handler) minutesChoicesFor(r *http.Request, b regionBase, v *regional.Minutes, f *minutesForms) (minutesChoices, error) {
	var c minutesChoices
	items := func(selected string) []site.Choice {
		out := []site.Choice{{Value: "", Label: b.T("minutes.no_item"), Selected: selected == ""}}
		for _, it := range v.Items {
			out = append(out, site.Choice{Value: it.AgendaItemID, Label: it.Title, Selected: it.AgendaItemID == selected})
		}
		return out
	}
	c.DecisionItems, c.TaskItems = items(f.Decision.Item), items(f.Task.Item)
	topics, err := h.Network.Topics(r.Context())
	if err != nil {
		return c, err
	}
	c.Topics = []site.Choice{{Value: "", Label: b.T("minutes.no_topic"), Selected: f.Decision.Topic == ""}}
	for _, t := range topics {
		c.Topics = append(c.Topics, site.Choice{Value: t, Label: b.T("topic." + t), Selected: t == f.Decision.Topic})
	}
	resp, err := h.Regional.Responsibles(r.Context(), b.X, b.Space)
	if err != nil {
		return c, err
	}
	c.Organisations = []site.Choice{{Value: "", Label: b.T("minutes.no_organisation"), Selected: f.Task.Organisation == ""}}
	for _, o := range resp.Organisations {
		c.Organisations = append(c.Organisations, site.Choice{Value: o.OrganisationID, Label: o.Organisation,
			Selected: o.OrganisationID == f.Task.Organisation})
	}
	c.People = []site.Choice{{Value: "", Label: b.T("minutes.no_person"), Selected: f.Task.Person == ""}}
	for _, p := range resp.People {
		c.People = append(c.People, site.Choice{Value: p.UserID, Label: p.Name + " (" + p.Email + ")", Selected: p.UserID == f.Task.Person})
	}
	return c, nil
}
