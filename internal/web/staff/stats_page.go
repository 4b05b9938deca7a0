package staff

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
	"github.com/kmn-niedersachsen/kmn/internal/web/statsview"
)

// statsPage is /statistics: the period form, the unit's headline figures
// with the previous period, one family's breakdowns (chart and table,
// the unit and the units below it), links down and up the hierarchy, and
// the viewer's own caseload.
type statsPage struct {
	site.Base
	Form     statsForm
	Kinds    []site.Choice
	Tables   bool
	Unit     string
	Crumbs   []site.Link
	DataDate string
	Running  bool
	Headline []statsHeadline
	Families []statsTab
	Figures  []statsFigure
	Exports  []site.Link
	Report   string
	Caseload *statsCaseload
	// ProgramsLead explains the funders' view (its tab is open).
	ProgramsLead bool
	// NetworkLead explains the network's work (its tab is open);
	// ReferralResponse is the median time to the first answer ("" when
	// too few were answered to say).
	NetworkLead      bool
	ReferralResponse string
	// Volunteers links the volunteer figures (package volunteer) for
	// those who coordinate volunteers.
	Volunteers bool
}

type statsHeadline struct{ Label, Value, Previous string }

type statsTab struct {
	Href, Label string
	Current     bool
}

// statsFigure is one breakdown: its chart and its table (the "list"
// partial reads .List and .T).
type statsFigure struct {
	site.Base
	ID, Title string
	Chart     template.HTML
	List      site.List
}

type statsCaseload struct {
	Rows []statsHeadline
}

func (h *Handler) statistics(w http.ResponseWriter, r *http.Request) {
	req, problems, ok := h.resolveStats(w, r)
	if !ok {
		return
	}
	p := statsPage{Base: h.Base(w, r, "stats.title"), Form: req.Form,
		Volunteers: h.Volunteers != nil && site.PrincipalOf(r).Can(perm.VolunteerCoordinate)}
	p.Kinds = statsKinds(p.Base, req.Form.Kind)
	if len(problems) > 0 {
		p.Errors = problems
		h.Render(w, r, http.StatusUnprocessableEntity, "statistics", p)
		return
	}
	n, err := h.statsNamer(r, p.Base)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if req.Tables {
		if err := h.fillStatsTables(r, &p, req, n); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	if req.Viewer.Counselor() != "" {
		c, err := h.Stats.CaseloadOf(r.Context(), req.Viewer, req.Period)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		p.Caseload = caseloadOf(n, c)
	}
	p.Running = req.Period.Running(h.Clock.Today())
	h.Render(w, r, http.StatusOK, "statistics", p)
}

func statsKinds(b site.Base, current string) []site.Choice {
	var out []site.Choice
	for _, k := range []stats.Kind{stats.Year, stats.Quarter, stats.Month, stats.Custom} {
		out = append(out, site.Choice{Value: string(k), Label: b.T("stats.kind." + string(k)), Selected: string(k) == current})
	}
	return out
}

// fillStatsTables cuts the family's breakdowns for the unit, with the
// previous period's row for the charts.
func (h *Handler) fillStatsTables(r *http.Request, p *statsPage, req statsRequest, n statsview.Namer) error {
	prev, err := h.Stats.Snapshot(r.Context(), req.Period.Previous())
	if err != nil {
		return err
	}
	u, snap := req.Unit, req.Snap
	if req.Form.Family == networkFamily && !seesNetwork(req.Viewer) {
		req.Form.Family = string(stats.Clients) // not theirs: the first tab
	}
	p.Tables, p.Unit = true, n.Unit(u)
	p.Title = p.T("stats.title_unit", "Unit", p.Unit)
	p.DataDate = p.L.DateTime(snap.Computed)
	p.Crumbs = statsCrumbs(n, snap, req.Viewer, req.Form, u)
	for _, f := range []stats.Family{stats.Clients, stats.Intakes, stats.Closures, stats.Contacts} {
		p.Headline = append(p.Headline, statsHeadline{Label: n.T("stats.family." + string(f)),
			Value: n.Cell(snap.Total(f, u)), Previous: n.Cell(prev.Total(f, u))})
	}
	family := stats.Family(req.Form.Family)
	for _, f := range stats.Families {
		p.Families = append(p.Families, statsTab{Href: "/statistics?" + req.Form.with(nil, string(f)).values().Encode(),
			Label: n.T("stats.family." + string(f)), Current: f == family})
	}
	p.Families = append(p.Families, statsTab{Href: "/statistics?" + req.Form.with(nil, statsview.ProgramsFamily).values().Encode(),
		Label: n.T("statsstaff.programs_tab"), Current: req.Form.Family == statsview.ProgramsFamily})
	if seesNetwork(req.Viewer) {
		p.Families = append(p.Families, statsTab{Href: "/statistics?" + req.Form.with(nil, networkFamily).values().Encode(),
			Label: n.T("statsstaff.network_tab"), Current: req.Form.Family == networkFamily})
	}
	href := func(x stats.Unit) string { return "/statistics?" + req.Form.with(&x, "").values().Encode() }
	if req.Form.Family == networkFamily && seesNetwork(req.Viewer) {
		if err := h.fillNetworkFigures(r, p, req, n); err != nil {
			return err
		}
	}
	if req.Form.Family == statsview.ProgramsFamily {
		p.ProgramsLead = true
		for _, pt := range snap.ProgramTables(u, 1) {
			id := "fig-program-" + pt.Program
			p.Figures = append(p.Figures, statsFigure{Base: p.Base, ID: id, Title: n.Category(stats.DimProgram, pt.Program),
				Chart: n.ProgramChart(id+"-chart", pt, p.L.Dir() == "rtl"), List: n.ProgramTable(pt, href)})
		}
	}
	for _, d := range stats.Dims(family) {
		fig := snap.Figure(family, d, u, 1)
		before := prev.Figure(family, d, u, 0)
		id := "fig-" + string(family) + "-" + string(d)
		p.Figures = append(p.Figures, statsFigure{Base: p.Base, ID: id, Title: n.Title(family, d),
			Chart: n.Chart(id+"-chart", fig, &before, p.L.Dir() == "rtl"), List: n.Table(fig, href)})
	}
	p.Exports = site.ExportLinks(p.Base, "/statistics/export", req.Form.with(&u, "").values())
	if req.Period.Kind == stats.Year {
		p.Report = "/statistics/report.pdf?" + req.Form.with(&u, "").values().Encode()
	}
	return nil
}

// statsCrumbs link the units above u that the viewer may see.
func statsCrumbs(n statsview.Namer, snap *stats.Snapshot, v stats.Viewer, f statsForm, u stats.Unit) []site.Link {
	var out []site.Link
	for x, ok := snap.Parent(u); ok; x, ok = snap.Parent(x) {
		if _, err := snap.Scope(v, x.Level, x.ID); err != nil {
			break // above what v sees
		}
		out = append([]site.Link{{Href: "/statistics?" + f.with(&x, "").values().Encode(), Label: n.Unit(x)}}, out...)
	}
	return out
}

func caseloadOf(n statsview.Namer, c stats.Caseload) *statsCaseload {
	out := &statsCaseload{Rows: []statsHeadline{
		{Label: n.T("stats.family.clients"), Value: n.Number(c.Counseled)},
		{Label: n.T("stats.family.intakes"), Value: n.Number(c.New)},
		{Label: n.T("stats.family.closures"), Value: n.Number(c.Closed)},
		{Label: n.T("stats.family.contacts"), Value: n.Number(c.Contacts)},
	}}
	for i, ch := range stats.Channels {
		out.Rows = append(out.Rows, statsHeadline{Label: n.T("stats.caseload_channel", "Channel", n.Category(stats.DimChannel, ch)),
			Value: strconv.Itoa(c.ByChannel[i])})
	}
	return out
}
