package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// tasksPerPage is the page size of a region's tasks.
const tasksPerPage = 25

// regionTaskRow is a task as lists show it.
type regionTaskRow struct {
	ID, Title, Who, Due, DueISO  string
	State, StateLabel            string
	Meeting, MeetingHref, Region string
	Overdue                      bool
	// MayChange: the reader may change the state; Removable: the
	// coordinator may delete it with the minutes.
	MayChange, Removable bool
}

// regionTaskRowOf translates a task for a list.
func regionTaskRowOf(b site.Base, t regional.Task, today time.Time) regionTaskRow {
	who := make([]string, 0, 2)
	for _, n := range []string{t.Person, t.Organisation} {
		if n != "" {
			who = append(who, n)
		}
	}
	return regionTaskRow{ID: t.ID, Title: t.Title, Who: strings.Join(who, ", "), Due: b.L.Date(t.Due), DueISO: t.Due.Format(time.DateOnly),
		State: t.State, StateLabel: b.T("minutes.task_" + t.State), Meeting: t.Meeting, MeetingHref: "/meetings/" + t.MeetingID + "/minutes",
		Region: t.Region, Overdue: t.Overdue(today), MayChange: t.MayChange}
}

// regionTasksPage lists a region's tasks in one state.
type regionTasksPage struct {
	regionBase
	States []site.NavItem
	State  string
	Mine   bool
	Rows   []regionTaskRow
	Count  string
	Pager  site.Pager
	// Back is this list's address, where a state change returns to.
	Back string
	// Choices are the states a task can be moved to.
	Choices []site.Choice
}

// regionTasks lists a region's tasks: open (soonest due first), done or
// dropped, all or the reader's own.
func (h *Handler) regionTasks(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "minutes.tasks_title", "meetings")
	if !ok {
		return
	}
	if b.State {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if !slices.Contains(regional.TaskStates, state) {
		state = regional.TaskOpen
	}
	mine := q.Get("mine") == "1"
	page := site.PageParam(q.Get("page"), 10000)
	list, total, err := h.Regional.Tasks(r.Context(), b.X, regional.TaskFilter{Region: b.Space, State: state, Mine: mine,
		Limit: tasksPerPage, Offset: (page - 1) * tasksPerPage})
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p := regionTasksPage{regionBase: b, State: state, Mine: mine, Back: r.URL.RequestURI()}
	path := "/regions/" + b.Space + "/tasks"
	keep := url.Values{"state": {state}}
	if mine {
		keep.Set("mine", "1")
	}
	for _, s := range regional.TaskStates {
		v := url.Values{"state": {s}}
		if mine {
			v.Set("mine", "1")
		}
		p.States = append(p.States, site.NavItem{Href: path + "?" + v.Encode(), Label: b.T("minutes.tab_" + s), Current: s == state})
	}
	for _, s := range regional.TaskStates {
		p.Choices = append(p.Choices, site.Choice{Value: s, Label: b.T("minutes.task_" + s)})
	}
	today := h.Clock.Today()
	for _, t := range list {
		p.Rows = append(p.Rows, regionTaskRowOf(b.Base, t, today))
	}
	p.Count = b.L.N("minutes.task_count_"+state, total)
	p.Pager = site.NewPager(page, tasksPerPage, total, path, keep)
	h.Render(w, r, http.StatusOK, "regions_tasks", p)
}

// setTaskState moves a task to another state and returns to the list it
// was changed on (the region's tasks when none is named).
func (h *Handler) setTaskState(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	t, err := h.Regional.Task(r.Context(), x, r.PathValue("task"))
	if err == nil {
		err = h.Regional.SetTaskState(r.Context(), x, t.ID, r.PostFormValue("state"))
	}
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	back := "/regions/" + t.RegionID + "/tasks"
	if b := r.PostFormValue("back"); b != "" {
		back = site.SafeNext(b)
	}
	h.SetFlash(w, "flash.minutes_task_state")
	h.Redirect(w, r, back)
}

// taskBox is the overview's section of a region's open tasks, soonest
// due first (none for the state's space).
func (h *Handler) taskBox(r *http.Request, b regionBase) (*regionBox, error) {
	if b.State {
		return nil, nil
	}
	list, _, err := h.Regional.Tasks(r.Context(), b.X, regional.TaskFilter{Region: b.Space, State: regional.TaskOpen, Limit: regionsShown})
	if err != nil {
		return nil, err
	}
	href := "/regions/" + b.Space + "/tasks"
	box := &regionBox{ID: "tasks", Title: b.T("minutes.open_tasks"), Empty: b.T("minutes.no_open_tasks"),
		More: b.T("minutes.all_tasks"), MoreHref: href}
	today := h.Clock.Today()
	for _, t := range list {
		row := regionTaskRowOf(b.Base, t, today)
		hint := b.T("minutes.due_on", "Date", row.Due)
		if row.Overdue {
			hint = b.T("minutes.overdue_on", "Date", row.Due)
		}
		if row.Who != "" {
			hint += " · " + row.Who
		}
		box.Lines = append(box.Lines, regionLine{Href: href, Text: t.Title, Hint: hint})
	}
	return box, nil
}
