package staff

import (
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// regionSection is a coordinated region's part of the dashboard: its
// offices and what their entries lack.
type regionSection struct {
	ID, Name string
	Offices  int
	Gaps     []gapLine
	// GapsHref lists every gap of the region (the dashboard shows a few).
	GapsHref string
	sectionFailed
}

// gapLine is one kind of gap with its count and the first offices.
type gapLine struct {
	Label   string
	Count   int
	Offices []gapOfficeLink
}

// gapOfficeLink links an office to where its gap is fixed.
type gapOfficeLink struct{ Name, Href string }

// dashboardGapOffices is how many offices a region's gap line names.
const dashboardGapOffices = 3

// regionSections reads the regions the user coordinates (by account or
// membership).
func (h *Handler) regionSections(r *http.Request, b site.Base) []regionSection {
	var ids []string
	for _, g := range b.User.Grants() {
		if g.Role == perm.RegionCoordinator && g.Kind == perm.Region && g.OnBehalfOf == "" && g.ScopeID != "" {
			ids = append(ids, g.ScopeID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names := h.scopeNames(r, map[perm.ScopeKind][]string{perm.Region: ids})[perm.Region]
	var out []regionSection
	for _, id := range ids {
		sec := regionSection{ID: id, Name: names[id], GapsHref: "/network/gaps?region=" + url.QueryEscape(id)}
		rep, err := h.Network.DataGaps(r.Context(), id, dashboardGapOffices)
		if err != nil {
			h.Log.Error("dashboard data gaps", "err", err)
			sec.Failed = true
		}
		sec.Offices, sec.Gaps = rep.Offices, gapLines(b, rep, b.User.Can(perm.NetworkEdit))
		out = append(out, sec)
	}
	return out
}

// gapLines turns a report into lines, the gaps without offices left out.
func gapLines(b site.Base, rep network.GapReport, canEdit bool) []gapLine {
	var out []gapLine
	for _, g := range network.Gaps {
		if rep.Counts[g] == 0 {
			continue
		}
		line := gapLine{Label: b.T("gaps." + string(g)), Count: rep.Counts[g]}
		for _, o := range rep.First[g] {
			href := "/network/offices/" + o.ID
			if canEdit {
				href += "/edit"
			}
			line.Offices = append(line.Offices, gapOfficeLink{Name: o.Name, Href: href})
		}
		out = append(out, line)
	}
	return out
}

// networkSection is the ministry's view of the whole network.
type networkSection struct {
	Figures  network.Figures
	Programs []programFigure
	// Gaps counts the data gaps statewide (details on the gaps page).
	Gaps []gapLine
	sectionFailed
}

// programFigure is one program's offices and funded posts.
type programFigure struct {
	Name                   string
	Offices, Posts         int
	FTE                    string
	OfficesHref, PostsHref string
}

// networkSection reads the statewide figures.
func (h *Handler) networkSection(r *http.Request, b site.Base) *networkSection {
	s := &networkSection{}
	f, err := h.Network.Figures(r.Context())
	if err != nil {
		h.Log.Error("dashboard network figures", "err", err)
		s.Failed = true
		return s
	}
	s.Figures = f
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.Log.Error("dashboard programs", "err", err)
		s.Failed = true
		return s
	}
	for _, p := range programs {
		s.Programs = append(s.Programs, programFigure{Name: p.Name(b.L.Lang), Offices: f.ActiveByProgram[p.ID],
			Posts: f.Posts[p.ID], FTE: registryFTE(b.L.Lang, f.FTEHundredths[p.ID]),
			OfficesHref: "/network/offices?status=active&program=" + url.QueryEscape(p.ID),
			PostsHref:   "/network/posts?program=" + url.QueryEscape(p.ID)})
	}
	rep, err := h.Network.DataGaps(r.Context(), "", 0)
	if err != nil {
		h.Log.Error("dashboard data gaps", "err", err)
		s.Failed = true
		return s
	}
	s.Gaps = gapLines(b, rep, true) // counts only: the offices are on the gaps page
	return s
}
