package staff

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/event"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/stats/chart"
	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// The network's work in the period, for the ministry and the region
// coordinators (tab "Netzwerkarbeit"): referrals (the ministry: they
// are counted statewide), events and the regional networks' meetings per
// region. Referrals concern clients, so their counts are protected like
// the tables (a table of one row: small counts and their complements are
// hidden); events and meetings count staff and events, no client.

// networkFamily is the tab's name in the URL.
const networkFamily = "network"

// seesNetwork reports whether v gets the tab.
func seesNetwork(v stats.Viewer) bool { return v.Statewide() || len(v.Regions()) > 0 }

func (h *Handler) fillNetworkFigures(r *http.Request, p *statsPage, req statsRequest, n statsview.Namer) error {
	p.NetworkLead = true
	if req.Viewer.Statewide() {
		f, err := h.Referrals.Figures(r.Context(), req.Period.From, req.Period.To.AddDate(0, 0, 1))
		if err != nil {
			return err
		}
		p.Figures = append(p.Figures, referralFigure(p.Base, n, f))
		p.ReferralResponse = medianDays(f)
	}
	events, err := h.Events.FiguresBetween(r.Context(), req.Period.From, req.Period.To.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	names, err := h.regionNames(r)
	if err != nil {
		return err
	}
	seen := func(region string) bool {
		return req.Viewer.Statewide() || slices.Contains(req.Viewer.Regions(), region)
	}
	p.Figures = append(p.Figures, eventFigure(p.Base, n, events, names, seen))
	x, err := h.Regional.ParticipantOf(r.Context(), site.PrincipalOf(r))
	if err != nil {
		return err
	}
	activity, err := h.Regional.Activity(r.Context(), x, req.Period.From.Year())
	if err != nil {
		return nil // coordinates no region: no table
	}
	p.Figures = append(p.Figures, meetingFigure(p.Base, n, activity, req.Period.From.Year()))
	return nil
}

// referralFigure: the referrals sent in the period by state, protected.
func referralFigure(b site.Base, n statsview.Namer, f referral.Figures) statsFigure {
	var states []referral.State
	var counts []int
	for _, s := range referral.States {
		if s != referral.Draft {
			states, counts = append(states, s), append(counts, f.ByState[s])
		}
	}
	cells := protectRow(counts)
	l := site.List{Caption: b.T("statsstaff.referrals_title"), RowHeader: true, Wide: true,
		Columns: []site.Column{{Label: b.T("statsstaff.referral_state")}, {Label: b.T("stats.col.count"), Num: true}}}
	c := chart.Bars{ID: "fig-network-referrals-chart", Title: b.T("statsstaff.referrals_title"), Desc: b.T("stats.chart_desc"),
		Hidden: statsview.Hidden, Format: n.Number}
	for i, s := range states {
		label := b.T("referral.state." + string(s))
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: label}, {Text: n.Cell(cells[i])}}})
		c.Bars = append(c.Bars, chart.Bar{Label: label, N: cells[i].N, Hidden: cells[i].Hidden})
	}
	l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: b.T("stats.total"), Strong: true}, {Text: n.Cell(cells[len(cells)-1])}}})
	return statsFigure{Base: b, ID: "fig-network-referrals", Title: b.T("statsstaff.referrals_title"), Chart: c.SVG(), List: l}
}

// protectRow protects one row of counts and its total (last cell).
func protectRow(counts []int) []stats.Cell {
	t := disclose.NewTable([]disclose.Row{{Key: "state", Parent: -1}}, len(counts))
	for i, n := range counts {
		t.Set(0, i, n)
	}
	res := disclose.Protect(t, disclose.Options{})
	out := make([]stats.Cell, len(counts)+1)
	for i := range out {
		n, ok := res.Value(0, i)
		out[i] = stats.Cell{N: n, Hidden: !ok}
	}
	return out
}

func medianDays(f referral.Figures) string {
	if f.Answered < disclose.MinCount {
		return ""
	}
	return f.MedianResponse.Round(60 * 60 * 1e9).String()
}

// eventFigure: events, confirmed places and attendance per region the
// viewer sees (events of the state and of offices without a region count
// under "statewide").
func eventFigure(b site.Base, n statsview.Namer, figures []event.Figures, names map[string]string, seen func(string) bool) statsFigure {
	type sums struct{ events, registered, attended int }
	by := map[string]*sums{}
	var order []string
	for _, f := range figures {
		if f.RegionID != "" && !seen(f.RegionID) {
			continue
		}
		if by[f.RegionID] == nil {
			by[f.RegionID] = &sums{}
			order = append(order, f.RegionID)
		}
		by[f.RegionID].events += f.Events
		by[f.RegionID].registered += f.Registered
		by[f.RegionID].attended += f.Attended
	}
	slices.SortFunc(order, func(a, c string) int { return strings.Compare(names[a], names[c]) })
	title := b.T("statsstaff.events_title")
	l := site.List{Caption: title, RowHeader: true, Wide: true, Empty: b.T("stats.empty"), Columns: []site.Column{
		{Label: b.T("stats.unit")}, {Label: b.T("statsstaff.events"), Num: true}, {Label: b.T("statsstaff.registered"), Num: true},
		{Label: b.T("statsstaff.attended"), Num: true}}}
	c := chart.Bars{ID: "fig-network-events-chart", Title: title, Desc: b.T("stats.chart_desc"), Format: n.Number}
	for _, id := range order {
		name := names[id]
		if id == "" {
			name = b.T("statsstaff.statewide")
		}
		x := by[id]
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: name}, {Text: n.Number(x.events)}, {Text: n.Number(x.registered)},
			{Text: n.Number(x.attended)}}})
		c.Bars = append(c.Bars, chart.Bar{Label: name, N: x.events})
	}
	return statsFigure{Base: b, ID: "fig-network-events", Title: title, Chart: c.SVG(), List: l}
}

// meetingFigure: what each regional network did in the period's year.
func meetingFigure(b site.Base, n statsview.Namer, activity []regional.RegionActivity, year int) statsFigure {
	title := b.T("statsstaff.meetings_title", "Year", year)
	l := site.List{Caption: title, RowHeader: true, Wide: true, Empty: b.T("stats.empty"), Columns: []site.Column{
		{Label: b.T("stats.unit")}, {Label: b.T("statsstaff.meetings_held"), Num: true}, {Label: b.T("statsstaff.invited"), Num: true},
		{Label: b.T("statsstaff.attended"), Num: true}, {Label: b.T("statsstaff.tasks_created"), Num: true},
		{Label: b.T("statsstaff.tasks_done"), Num: true}, {Label: b.T("statsstaff.decisions"), Num: true}}}
	c := chart.Bars{ID: "fig-network-meetings-chart", Title: title, Desc: b.T("stats.chart_desc"), Format: n.Number}
	for _, a := range activity {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: a.Region}, {Text: n.Number(a.MeetingsHeld)}, {Text: n.Number(a.Invited)},
			{Text: n.Number(a.Attended)}, {Text: n.Number(a.TasksCreated)}, {Text: n.Number(a.TasksDone)}, {Text: n.Number(a.Decisions)}}})
		c.Bars = append(c.Bars, chart.Bar{Label: a.Region, N: a.MeetingsHeld})
	}
	return statsFigure{Base: b, ID: "fig-network-meetings", Title: title, Chart: c.SVG(), List: l}
}
