package staff

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// mediationPage lists the language mediation requests of the user's
// offices (or regions), the coming ones first.
type mediationPage struct {
	site.Base
	States []site.Choice
	All    bool
	// CanRequest: the user counsels in an office (coordinators only look).
	CanRequest bool
	List       site.List
}

var mediationStates = []string{volunteer.Open, "unmet", volunteer.Filled, volunteer.Cancelled}

func (h *Handler) listMediation(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := volunteer.RequestFilter{State: q.Get("state"), Upcoming: q.Get("all") != "yes"}
	if !slices.Contains(mediationStates, f.State) {
		f.State = ""
	}
	p := site.PrincipalOf(r)
	list, err := h.Volunteers.Requests(r.Context(), p, f)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := mediationPage{Base: h.Base(w, r, "volunteerstaff.mediation_title"), All: !f.Upcoming,
		CanRequest: len(p.Offices(perm.OfficeLead, perm.Counselor)) > 0}
	page.States = []site.Choice{{Value: "", Label: page.T("volunteerstaff.all_states")}}
	for _, s := range mediationStates {
		page.States = append(page.States, site.Choice{Value: s, Label: page.T("volunteerstaff.request_" + s), Selected: s == f.State})
	}
	page.List = site.List{Caption: page.Title, RowHeader: true, Empty: page.T("volunteerstaff.mediation_empty"),
		Count: page.L.N("volunteerstaff.request_count", len(list)),
		Columns: []site.Column{{Label: page.T("volunteerstaff.col_when")}, {Label: page.T("volunteerstaff.col_language")},
			{Label: page.T("volunteerstaff.col_office")}, {Label: page.T("volunteerstaff.col_mode")}, {Label: page.T("volunteerstaff.col_state")}}}
	page.List.Pager = site.NewPager(pageNumber(q), volunteersPerPage, len(list), "/mediation", q)
	from := min((pageNumber(q)-1)*volunteersPerPage, len(list))
	for _, req := range list[from:min(from+volunteersPerPage, len(list))] {
		page.List.Rows = append(page.List.Rows, site.Row{Cells: []site.Cell{
			{Text: page.L.DateTime(req.Start.In(clock.Berlin())), Href: "/mediation/" + req.ID},
			{Text: requestLanguage(page.Base, req)},
			{Text: req.OfficeName},
			{Text: page.T("volunteerstaff.mode_" + req.Mode)},
			{Text: requestState(page.Base, req), Strong: req.State == volunteer.Open && req.Unmet},
		}})
	}
	h.Render(w, r, http.StatusOK, "mediation_list", page)
}

// requestLanguage names the language and dialect asked for.
func requestLanguage(b site.Base, req *volunteer.Request) string {
	return strings.TrimSuffix(site.LanguageName(b.L.Lang, req.Language)+" – "+req.Dialect, " – ")
}

// requestState says where a request stands; an open one nobody speaks
// the language of says so.
func requestState(b site.Base, req *volunteer.Request) string {
	if req.State == volunteer.Open && req.Unmet {
		return b.T("volunteerstaff.request_unmet")
	}
	return b.T("volunteerstaff.request_" + req.State)
}
