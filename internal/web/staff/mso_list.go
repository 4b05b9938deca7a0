package staff

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msosPerPage is the page size of the MSO list.
const msosPerPage = 25

// msoListPage lists the MSOs in the user's reach with the search form.
type msoListPage struct {
	site.Base
	List    site.List
	Filter  mso.Filter
	Regions []site.Choice
}

func (h *Handler) listMSOs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := msoListPage{Base: h.Base(w, r, "msostaff.list_title"), Filter: mso.Filter{Search: q.Get("q"), RegionID: q.Get("region")}}
	regions, err := h.Network.Regions(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, x := range regions {
		p.Regions = append(p.Regions, site.Choice{Value: x.ID, Label: x.Name, Selected: x.ID == p.Filter.RegionID})
	}
	page := site.PageParam(q.Get("page"), 100000)
	list, total, err := h.MSO.List(r.Context(), site.PrincipalOf(r), p.Filter, network.Page{Offset: (page - 1) * msosPerPage, Limit: msosPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.List = msoList(p.Base, list)
	p.List.Count = p.L.N("msostaff.count", total)
	p.List.Pager = site.NewPager(page, msosPerPage, total, "/mso", url.Values{"q": {p.Filter.Search}, "region": {p.Filter.RegionID}})
	h.Render(w, r, http.StatusOK, "mso_list", p)
}

// msoList shows MSOs as a table: name, region, profile state, open requests.
func msoList(b site.Base, list []mso.MSO) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("msostaff.empty"), RowHeader: true, Columns: []site.Column{{Label: b.T("msostaff.col_name")},
		{Label: b.T("msostaff.col_region")}, {Label: b.T("msostaff.col_profile")}, {Label: b.T("msostaff.col_open"), Num: true}}}
	for _, m := range list {
		state := b.T("msostaff.profile_none")
		switch {
		case m.Profile.Public:
			state = b.T("msostaff.profile_public")
		case m.Profile.Version > 0:
			state = b.T("msostaff.profile_internal")
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: m.Name, Href: "/mso/" + m.ID}, {Text: m.RegionName},
			{Text: state}, {Text: strconv.Itoa(m.OpenRequests)}}})
	}
	return l
}
