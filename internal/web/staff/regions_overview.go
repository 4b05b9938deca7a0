package staff

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// The ministry's statewide view (/regions/overview): every region's next
// meeting, open and overdue tasks and this year's decisions, the coming
// meetings of all regions, a search of the decisions (a form into the
// regional search with the kind preset) and the yearly activity per
// region with its export.

// activityFirstYear is the first year the activity table offers.
const activityFirstYear = 2024

// regionTable is one table of the overview shown with the partial
// "list" (which reads .List and translates with .T).
type regionTable struct {
	site.Base
	List site.List
}

type regionsOverviewPage struct {
	site.Base
	// Table lists the regions.
	Table    regionTable
	Meetings []meetingRow
	// Search is the decision search's form with its choices.
	Search regionSearchForm
	regionSearchChoices
	Year     string
	Years    []site.Choice
	Activity regionTable
}

// regionsOverview is the statewide view; ?year= picks the activity year
// (this year when absent; 422 when it is none the page offers).
func (h *Handler) regionsOverview(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rows, err := h.Regional.Overview(ctx, x)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p := regionsOverviewPage{Base: h.Base(w, r, "regionsearch.overview_title")}
	year, problems := h.activityYear(r)
	p.Errors = problems
	p.Table = regionTable{Base: p.Base, List: regionOverviewList(p.Base, rows)}
	ms, _, err := h.Regional.Meetings(ctx, x, regional.MeetingFilter{Limit: 10})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Meetings = meetingRows(p.Base, ms)
	p.Search = regionSearchForm{Kind: regional.DocDecision}
	if p.regionSearchChoices, _, err = h.regionSearchChoices(r, p.Base, x, &p.Search); err != nil {
		h.ServerError(w, r, err)
		return
	}
	activity, err := h.Regional.Activity(ctx, x, year)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p.Year = strconv.Itoa(year)
	for y := h.Clock.Today().Year(); y >= activityFirstYear; y-- {
		p.Years = append(p.Years, site.Choice{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	p.Activity = regionTable{Base: p.Base, List: activityList(p.Base, activity)}
	p.Activity.List.Exports = site.ExportLinks(p.Base, "/regions/overview/activity", url.Values{"year": {p.Year}})
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.Render(w, r, status, "regions_overview", p)
}

// activityYear reads ?year=: this year when absent or refused (with the
// problem), else a year from activityFirstYear to this one.
func (h *Handler) activityYear(r *http.Request) (int, valid.Errors) {
	this := h.Clock.Today().Year()
	v := r.URL.Query().Get("year")
	if v == "" {
		return this, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < activityFirstYear || y > this {
		var e valid.Errors
		e.Add("year", "regionsearch.year_invalid")
		return this, e
	}
	return y, nil
}

// regionsActivityExport sends the activity table of ?year= as CSV or
// XLSX (?format=).
func (h *Handler) regionsActivityExport(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	year, problems := h.activityYear(r)
	if len(problems) > 0 {
		h.Fail(w, r, http.StatusUnprocessableEntity, problems[0].Key)
		return
	}
	rows, err := h.Regional.Activity(r.Context(), x, year)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	b := h.Base(w, r, "regionsearch.activity_title")
	l := activityList(b, rows)
	t := tabular.Table{Sheet: b.T("regionsearch.activity_sheet", "Year", year)}
	for _, c := range l.Columns {
		t.Header = append(t.Header, c.Label)
	}
	for _, row := range l.Rows {
		cells := make([]string, len(row.Cells))
		for i, c := range row.Cells {
			cells[i] = c.Text
		}
		t.Rows = append(t.Rows, cells)
	}
	h.sendTable(w, r, fmt.Sprintf("regionalverbuende-%d", year), t)
}

// regionOverviewList shows the regions with their next meeting, tasks
// and this year's decisions.
func regionOverviewList(b site.Base, rows []regional.RegionOverview) site.List {
	l := site.List{Caption: b.T("regionsearch.regions_caption"), Empty: b.T("regionsearch.regions_empty"), RowHeader: true,
		Columns: []site.Column{{Label: b.T("regionsearch.col_region")}, {Label: b.T("regionsearch.col_next")},
			{Label: b.T("regionsearch.col_open"), Num: true}, {Label: b.T("regionsearch.col_overdue"), Num: true},
			{Label: b.T("regionsearch.col_decisions_year"), Num: true}}}
	for _, o := range rows {
		next := site.Cell{Text: b.T("regionsearch.no_meeting")}
		if o.Next != nil {
			next = site.Cell{Text: o.Next.Title, Href: "/meetings/" + o.Next.ID, Hint: b.L.DateTime(o.Next.Start.In(clock.Berlin()))}
		}
		overdue := site.Cell{Text: strconv.Itoa(o.OverdueTasks), Strong: o.OverdueTasks > 0}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: o.Region, Href: "/regions/" + o.RegionID}, next,
			{Text: strconv.Itoa(o.OpenTasks)}, overdue, {Text: strconv.Itoa(o.Decisions)}}})
	}
	return l
}

// activityList shows a year's activity per region; the export writes the
// same columns.
func activityList(b site.Base, rows []regional.RegionActivity) site.List {
	l := site.List{Caption: b.T("regionsearch.activity_caption"), Empty: b.T("regionsearch.regions_empty"), RowHeader: true,
		Columns: []site.Column{{Label: b.T("regionsearch.col_region")}, {Label: b.T("regionsearch.col_held"), Num: true},
			{Label: b.T("regionsearch.col_invited"), Num: true}, {Label: b.T("regionsearch.col_attended"), Num: true},
			{Label: b.T("regionsearch.col_rate"), Num: true}, {Label: b.T("regionsearch.col_tasks_created"), Num: true},
			{Label: b.T("regionsearch.col_tasks_done"), Num: true}, {Label: b.T("regionsearch.col_decisions"), Num: true}}}
	for _, a := range rows {
		rate := ""
		if a.Invited > 0 {
			rate = strconv.Itoa(int(math.Round(100 * a.AttendanceRate())))
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: a.Region}, {Text: strconv.Itoa(a.MeetingsHeld)},
			{Text: strconv.Itoa(a.Invited)}, {Text: strconv.Itoa(a.Attended)}, {Text: rate},
			{Text: strconv.Itoa(a.TasksCreated)}, {Text: strconv.Itoa(a.TasksDone)}, {Text: strconv.Itoa(a.Decisions)}}})
	}
	return l
}
